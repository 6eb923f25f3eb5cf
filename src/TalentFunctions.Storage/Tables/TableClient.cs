using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using TalentFunctions.Storage.Internal;

namespace TalentFunctions.Storage.Tables;

/// <summary>
/// Operations on one table. Obtain it from <see cref="TableServiceClient.GetTableClient"/>.
/// Conditional writes take the ETag explicitly; a missing row is a null result, not an exception;
/// every failure is a <see cref="StorageRequestFailedException"/>.
/// </summary>
public sealed class TableClient
{
    private const string JsonMinimalMetadata = "application/json;odata=minimalmetadata";
    private static readonly MediaTypeHeaderValue JsonContentType = new("application/json");

    private readonly StoragePipeline _pipeline;

    internal TableClient(StoragePipeline pipeline, string tableName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(tableName);
        _pipeline = pipeline;
        Name = tableName;
        Uri = pipeline.BuildUri(Uri.EscapeDataString(tableName));
    }

    public string Name { get; }

    public Uri Uri { get; }

    /// <summary>Creates the table. Returns true if it was created, false if it already existed.</summary>
    public async Task<bool> CreateIfNotExistsAsync(CancellationToken cancellationToken = default)
    {
        using var request = CreateRequest(HttpMethod.Post, _pipeline.BuildUri("Tables"));
        request.Headers.TryAddWithoutValidation("Prefer", "return-no-content");
        request.Content = JsonBody(JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, string> { ["TableName"] = Name }));
        using var response = await _pipeline.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (response.IsSuccessStatusCode)
        {
            return true;
        }

        var error = await StoragePipeline.CreateExceptionAsync(response, cancellationToken).ConfigureAwait(false);
        if (error.Status == 409 && error.ErrorCode == "TableAlreadyExists")
        {
            return false;
        }

        throw error;
    }

    /// <summary>Deletes the table. Returns false if it did not exist.</summary>
    public async Task<bool> DeleteAsync(CancellationToken cancellationToken = default)
    {
        using var request = CreateRequest(HttpMethod.Delete, _pipeline.BuildUri($"Tables('{EscapeKey(Name)}')"));
        using var response = await _pipeline.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (response.IsSuccessStatusCode)
        {
            return true;
        }

        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return false;
        }

        throw await StoragePipeline.CreateExceptionAsync(response, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Inserts the entity; a row with the same keys → 409 <c>EntityAlreadyExists</c>. Returns the new ETag.</summary>
    public async Task<string> AddEntityAsync(TableEntity entity, CancellationToken cancellationToken = default)
    {
        ValidateKeys(entity);
        using var request = CreateRequest(HttpMethod.Post, Uri);
        request.Headers.TryAddWithoutValidation("Prefer", "return-no-content");
        request.Content = JsonBody(TableEntityJson.Serialize(entity));
        using var response = await _pipeline.SendEnsureSuccessAsync(request, cancellationToken).ConfigureAwait(false);
        return RequireETag(response);
    }

    /// <summary>Reads one entity; null when the row does not exist (a missing table still throws 404 TableNotFound).</summary>
    public async Task<TableEntity?> GetEntityAsync(
        string partitionKey, string rowKey, IEnumerable<string>? select = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(partitionKey);
        ArgumentNullException.ThrowIfNull(rowKey);
        var query = SelectQuery(select);
        using var request = CreateRequest(HttpMethod.Get, new Uri(Uri.AbsoluteUri + EntityPathSuffix(partitionKey, rowKey) + (query is null ? string.Empty : "?" + query)));
        using var response = await _pipeline.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            var error = await StoragePipeline.CreateExceptionAsync(response, cancellationToken).ConfigureAwait(false);
            if (error.Status == 404 && error.ErrorCode != "TableNotFound")
            {
                return null;
            }

            throw error;
        }

        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        using var json = await JsonDocument.ParseAsync(stream, cancellationToken: cancellationToken).ConfigureAwait(false);
        var entity = TableEntityJson.Read(json.RootElement);
        entity.ETag ??= StoragePipeline.ETag(response);
        return entity;
    }

    /// <summary>
    /// Updates an existing entity if its ETag still matches <paramref name="ifMatch"/> (<c>*</c> = any version).
    /// A changed entity → 412 <c>UpdateConditionNotSatisfied</c>; a missing one → 404. Returns the new ETag.
    /// </summary>
    public Task<string> UpdateEntityAsync(
        TableEntity entity, string ifMatch, TableUpdateMode mode = TableUpdateMode.Replace, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(ifMatch);
        return WriteEntityAsync(entity, ifMatch, mode, cancellationToken);
    }

    /// <summary>Inserts or replaces/merges the entity unconditionally. Returns the new ETag.</summary>
    public Task<string> UpsertEntityAsync(
        TableEntity entity, TableUpdateMode mode = TableUpdateMode.Replace, CancellationToken cancellationToken = default) =>
        WriteEntityAsync(entity, null, mode, cancellationToken);

    /// <summary>
    /// Deletes the entity if its ETag matches <paramref name="ifMatch"/> (default <c>*</c>). Returns true if it
    /// was deleted, false if it did not exist; a changed entity → 412 <see cref="StorageRequestFailedException"/>.
    /// </summary>
    public async Task<bool> DeleteEntityAsync(string partitionKey, string rowKey, string ifMatch = "*", CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(partitionKey);
        ArgumentNullException.ThrowIfNull(rowKey);
        ArgumentException.ThrowIfNullOrWhiteSpace(ifMatch);
        using var request = CreateRequest(HttpMethod.Delete, new Uri(Uri.AbsoluteUri + EntityPathSuffix(partitionKey, rowKey)));
        request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        using var response = await _pipeline.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (response.IsSuccessStatusCode)
        {
            return true;
        }

        var error = await StoragePipeline.CreateExceptionAsync(response, cancellationToken).ConfigureAwait(false);
        if (error.Status == 404 && error.ErrorCode != "TableNotFound")
        {
            return false;
        }

        throw error;
    }

    /// <summary>
    /// Streams every entity matching <paramref name="filter"/> (build it with <see cref="TableFilter.Create"/>),
    /// following continuation tokens. <paramref name="maxPerPage"/> is the <c>$top</c> of each request (≤1000).
    /// </summary>
    public async IAsyncEnumerable<TableEntity> QueryAsync(
        string? filter = null,
        IEnumerable<string>? select = null,
        int? maxPerPage = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var selected = select?.ToArray();
        string? continuation = null;
        do
        {
            var page = await QueryPageAsync(filter, maxPerPage, continuation, selected, cancellationToken).ConfigureAwait(false);
            foreach (var entity in page.Items)
            {
                yield return entity;
            }

            continuation = page.ContinuationToken;
        }
        while (continuation is not null);
    }

    /// <summary>
    /// One page of a query. Pass the returned <see cref="TablePage.ContinuationToken"/> (opaque, URL-safe) back
    /// with the same filter/select to get the next page. A page may be empty and still have a continuation.
    /// </summary>
    public async Task<TablePage> QueryPageAsync(
        string? filter,
        int? top = null,
        string? continuationToken = null,
        IEnumerable<string>? select = null,
        CancellationToken cancellationToken = default)
    {
        if (top is < 1 or > 1000)
        {
            throw new ArgumentOutOfRangeException(nameof(top), top, "top must be between 1 and 1000.");
        }

        var query = new List<string>();
        if (!string.IsNullOrEmpty(filter))
        {
            query.Add("$filter=" + Uri.EscapeDataString(filter));
        }

        if (SelectQuery(select) is { } selectQuery)
        {
            query.Add(selectQuery);
        }

        if (top is not null)
        {
            query.Add("$top=" + top.Value.ToString(CultureInfo.InvariantCulture));
        }

        if (continuationToken is not null)
        {
            var (nextPartitionKey, nextRowKey) = DecodeContinuation(continuationToken);
            query.Add("NextPartitionKey=" + Uri.EscapeDataString(nextPartitionKey));
            if (nextRowKey is not null)
            {
                query.Add("NextRowKey=" + Uri.EscapeDataString(nextRowKey));
            }
        }

        var uri = new Uri(Uri.AbsoluteUri + "()" + (query.Count == 0 ? string.Empty : "?" + string.Join('&', query)));
        using var request = CreateRequest(HttpMethod.Get, uri);
        using var response = await _pipeline.SendEnsureSuccessAsync(request, cancellationToken).ConfigureAwait(false);
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        using var json = await JsonDocument.ParseAsync(stream, cancellationToken: cancellationToken).ConfigureAwait(false);
        var items = new List<TableEntity>();
        if (json.RootElement.TryGetProperty("value", out var values))
        {
            foreach (var element in values.EnumerateArray())
            {
                items.Add(TableEntityJson.Read(element));
            }
        }

        var next = EncodeContinuation(
            StoragePipeline.Header(response, "x-ms-continuation-NextPartitionKey"),
            StoragePipeline.Header(response, "x-ms-continuation-NextRowKey"));
        return new TablePage(items, next);
    }

    /// <summary>
    /// Submits an entity group transaction: up to 100 operations on distinct rows of one partition, applied
    /// atomically and in order. Returns the new ETags in operation order (null for deletes). If any operation
    /// fails, nothing is applied and <see cref="TableTransactionFailedException"/> names the operation.
    /// </summary>
    public async Task<IReadOnlyList<string?>> SubmitTransactionAsync(
        IReadOnlyList<TableTransactionAction> actions, CancellationToken cancellationToken = default)
    {
        TableBatch.Validate(actions);
        foreach (var action in actions)
        {
            ValidateKeys(action.Entity);
        }

        var batchBoundary = "batch_" + Guid.NewGuid().ToString("D");
        var changesetBoundary = "changeset_" + Guid.NewGuid().ToString("D");
        var body = TableBatch.BuildBody(Uri.AbsoluteUri, actions, batchBoundary, changesetBoundary);
        using var request = CreateRequest(HttpMethod.Post, _pipeline.BuildUri("$batch"));
        request.Content = new ByteArrayContent(body);
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse("multipart/mixed; boundary=" + batchBoundary);
        using var response = await _pipeline.SendEnsureSuccessAsync(request, cancellationToken).ConfigureAwait(false);
        var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        return TableBatch.ReadResponse(text, actions.Count, StoragePipeline.Header(response, "x-ms-request-id"));
    }

    internal static string EntityPathSuffix(string partitionKey, string rowKey) =>
        $"(PartitionKey='{EscapeKey(partitionKey)}',RowKey='{EscapeKey(rowKey)}')";

    private static string EscapeKey(string key) => Uri.EscapeDataString(key.Replace("'", "''", StringComparison.Ordinal));

    private static string? SelectQuery(IEnumerable<string>? select)
    {
        if (select is null)
        {
            return null;
        }

        var names = select.ToArray();
        return names.Length == 0 ? null : "$select=" + Uri.EscapeDataString(string.Join(',', names));
    }

    private static void ValidateKeys(TableEntity entity)
    {
        ArgumentNullException.ThrowIfNull(entity);
        if (!entity.ContainsKey(TableEntity.PartitionKeyName) || !entity.ContainsKey(TableEntity.RowKeyName))
        {
            throw new ArgumentException("The entity needs a PartitionKey and a RowKey.", nameof(entity));
        }
    }

    private static ByteArrayContent JsonBody(byte[] json)
    {
        var content = new ByteArrayContent(json);
        content.Headers.ContentType = JsonContentType;
        return content;
    }

    private static string RequireETag(HttpResponseMessage response) =>
        StoragePipeline.ETag(response)
        ?? throw new StorageRequestFailedException((int)response.StatusCode, null, StoragePipeline.Header(response, "x-ms-request-id"), "The service returned no ETag.");

    private static string? EncodeContinuation(string? nextPartitionKey, string? nextRowKey)
    {
        if (nextPartitionKey is null)
        {
            return null;
        }

        // Length-prefixed so any characters survive; base64url keeps it safe in URLs and query strings.
        var raw = nextPartitionKey.Length.ToString(CultureInfo.InvariantCulture) + ":" + nextPartitionKey + (nextRowKey is null ? string.Empty : "|" + nextRowKey);
        return Convert.ToBase64String(Encoding.UTF8.GetBytes(raw)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }

    private static (string NextPartitionKey, string? NextRowKey) DecodeContinuation(string token)
    {
        try
        {
            var base64 = token.Replace('-', '+').Replace('_', '/');
            base64 = base64.PadRight(base64.Length + ((4 - (base64.Length % 4)) % 4), '=');
            var raw = Encoding.UTF8.GetString(Convert.FromBase64String(base64));
            var colon = raw.IndexOf(':');
            var length = int.Parse(raw.AsSpan(0, colon), NumberStyles.None, CultureInfo.InvariantCulture);
            var partitionKey = raw.Substring(colon + 1, length);
            var rest = raw[(colon + 1 + length)..];
            return (partitionKey, rest.Length == 0 ? null : rest[1..]);
        }
        catch (Exception e) when (e is FormatException or ArgumentException or OverflowException)
        {
            throw new ArgumentException("The continuation token is not one this client issued.", nameof(token), e);
        }
    }

    private HttpRequestMessage CreateRequest(HttpMethod method, Uri uri)
    {
        var request = _pipeline.CreateRequest(method, uri);
        request.Headers.TryAddWithoutValidation("Accept", JsonMinimalMetadata);
        request.Headers.TryAddWithoutValidation("DataServiceVersion", "3.0");
        request.Headers.TryAddWithoutValidation("MaxDataServiceVersion", "3.0;NetFx");
        return request;
    }

    private async Task<string> WriteEntityAsync(TableEntity entity, string? ifMatch, TableUpdateMode mode, CancellationToken cancellationToken)
    {
        ValidateKeys(entity);
        var method = mode == TableUpdateMode.Merge ? new HttpMethod("MERGE") : HttpMethod.Put;
        using var request = CreateRequest(method, new Uri(Uri.AbsoluteUri + EntityPathSuffix(entity.PartitionKey, entity.RowKey)));
        if (ifMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }

        request.Content = JsonBody(TableEntityJson.Serialize(entity));
        using var response = await _pipeline.SendEnsureSuccessAsync(request, cancellationToken).ConfigureAwait(false);
        return RequireETag(response);
    }
}
