using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using TalentFunctions.Workflow.Effects;

namespace TalentFunctions.Workflow.Index;

public sealed record SummaryPage(IReadOnlyList<ApplicationSummary> Items, string? ContinuationToken);

/// <summary>
/// The staff listing index, so listing by program and stage never reads application partitions.
/// Partition = program id. Row <c>s|{stage}|{appId}</c> holds the summary; row <c>a|{appId}</c>
/// points at the stage the application is listed under and the version that put it there, so
/// updates arriving out of order (two dispatchers) never move an application backwards.
/// The listing row also holds the values the staff listing filters on as columns of their own (<c>Track</c>,
/// <c>School</c>, <c>Language</c>, <c>Score</c>; see <see cref="ListingFilter"/>), so a filter is part of the table
/// query. Rows written before those columns existed lack them until the application's next index update (there is no
/// migration): until then a filter on a column does not match them.
/// </summary>
public sealed class ApplicationIndex(OrchestrationStorage storage)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private TableClient Table => storage.Index;

    private const int MaxRememberedPointers = 4096;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, PointerRow> pointers = new(StringComparer.Ordinal);

    private sealed record PointerRow(string Stage, long Version, ETag ETag);

    private void RememberPointer(string applicationId, PointerRow pointer)
    {
        if (pointers.Count >= MaxRememberedPointers)
        {
            pointers.Clear();
        }
        pointers[applicationId] = pointer;
    }

    private static string Pointer(string applicationId) => "a|" + applicationId;

    /// <summary>The rows of one program listed under one stage: a RowKey range, no scan of other stages.</summary>
    private static string StageFilter(string programId, string stage, ListingFilter? filter = null)
    {
        var from = $"s|{stage}|";
        var to = $"s|{stage}}}";
        return TableClient.CreateQueryFilter($"PartitionKey eq {programId} and RowKey ge {from} and RowKey lt {to}") + filter?.ODataConditions();
    }

    /// <summary>Every listing row of a program (all stages), filtered.</summary>
    private static string ProgramFilter(string programId, ListingFilter? filter = null) =>
        TableClient.CreateQueryFilter($"PartitionKey eq {programId} and RowKey ge {"s|"} and RowKey lt {"s}"}") + filter?.ODataConditions();
    private static string Entry(string stage, string applicationId) => $"s|{stage}|{applicationId}";

    public async Task ApplyAsync(ApplicationSummary summary, CancellationToken cancellationToken = default)
    {
        for (var attempt = 0; ; attempt++)
        {
            // The pointer this process wrote last is usually still current; a stale one costs a 412 and a read.
            PointerRow? pointer;
            if (attempt > 0 || !pointers.TryGetValue(summary.ApplicationId, out pointer))
            {
                var row = await Table.GetEntityIfExistsAsync<TableEntity>(summary.ProgramId, Pointer(summary.ApplicationId), cancellationToken: cancellationToken).ConfigureAwait(false);
                pointer = row.HasValue ? new PointerRow(row.Value!.GetString("Stage") ?? "", row.Value.GetInt64("Version") ?? -1, row.Value.ETag) : null;
            }
            if ((pointer?.Version ?? -1) >= summary.Version)
            {
                return;
            }
            var previousStage = pointer?.Stage;
            var actions = new List<TableTransactionAction>(3);
            var newPointer = new TableEntity(summary.ProgramId, Pointer(summary.ApplicationId))
            {
                ["Stage"] = summary.Stage,
                ["Version"] = summary.Version,
            };
            actions.Add(pointer is null
                ? new TableTransactionAction(TableTransactionActionType.Add, newPointer)
                : new TableTransactionAction(TableTransactionActionType.UpdateReplace, newPointer, pointer.ETag));
            if (previousStage is not null && previousStage != summary.Stage)
            {
                actions.Add(new TableTransactionAction(TableTransactionActionType.Delete,
                    new TableEntity(summary.ProgramId, Entry(previousStage, summary.ApplicationId)), ETag.All));
            }
            var entry = new TableEntity(summary.ProgramId, Entry(summary.Stage, summary.ApplicationId))
            {
                ["Stage"] = summary.Stage,
                ["Version"] = summary.Version,
                ["Summary"] = JsonSerializer.Serialize(summary, Json),
                // The filterable values (ListingFilter), in the forms the filter compares.
                ["Track"] = summary.Track,
                ["School"] = ListingFilter.SchoolColumn(summary.School),
                ["Language"] = ListingFilter.LanguageColumn(summary.ProjectLanguage),
            };
            if (summary.WeightedScore is { } score)
            {
                entry["Score"] = score;
            }
            if (summary.Reviews is { Count: > 0 } reviews)
            {
                // Also a column of its own, so calibration reads the reviews of a cycle without the summaries.
                entry["Reviews"] = JsonSerializer.Serialize(reviews, Json);
            }
            actions.Add(new TableTransactionAction(TableTransactionActionType.UpsertReplace, entry));
            try
            {
                var responses = await Table.SubmitTransactionAsync(actions, cancellationToken).ConfigureAwait(false);
                RememberPointer(summary.ApplicationId, new PointerRow(summary.Stage, summary.Version, responses.Value[0].Headers.ETag!.Value));
                return;
            }
            catch (TableTransactionFailedException ex) when (ex.Status is 404 or 409 or 412 && attempt < 10)
            {
                // Another dispatcher updated the pointer first: read it again.
                pointers.TryRemove(summary.ApplicationId, out _);
            }
        }
    }

    /// <summary>
    /// Keeps an erased application's listing row for the statistics (stage, track, dates, scores) with its personal
    /// fields emptied and <see cref="ApplicationSummary.ErasedAt"/> set, and moves its pointer to the last version there
    /// is, so no late update can write the old summary back (ADR 0014). Idempotent; nothing to do when it was never listed.
    /// </summary>
    public async Task AnonymiseAsync(string programId, string applicationId, DateTimeOffset erasedAt, CancellationToken cancellationToken = default)
    {
        for (var attempt = 0; ; attempt++)
        {
            pointers.TryRemove(applicationId, out _);
            var pointer = await Table.GetEntityIfExistsAsync<TableEntity>(programId, Pointer(applicationId), cancellationToken: cancellationToken).ConfigureAwait(false);
            if (!pointer.HasValue)
            {
                return;
            }
            var stage = pointer.Value!.GetString("Stage") ?? "";
            var entry = await Table.GetEntityIfExistsAsync<TableEntity>(programId, Entry(stage, applicationId), cancellationToken: cancellationToken).ConfigureAwait(false);
            if (!entry.HasValue)
            {
                return;
            }
            var summary = Read(entry.Value!);
            if (summary.ErasedAt is not null && pointer.Value.GetInt64("Version") == long.MaxValue)
            {
                return;
            }
            var anonymous = summary with { ProjectTitle = "", ApplicantName = "", School = "", ErasedAt = summary.ErasedAt ?? erasedAt };
            var row = new TableEntity(programId, Entry(stage, applicationId))
            {
                ["Stage"] = stage,
                ["Version"] = long.MaxValue,
                ["Summary"] = JsonSerializer.Serialize(anonymous, Json),
            };
            if (anonymous.Reviews is { Count: > 0 } reviews)
            {
                row["Reviews"] = JsonSerializer.Serialize(reviews, Json);
            }
            TableTransactionAction[] actions =
            [
                new(TableTransactionActionType.UpdateReplace, new TableEntity(programId, Pointer(applicationId)) { ["Stage"] = stage, ["Version"] = long.MaxValue }, pointer.Value.ETag),
                new(TableTransactionActionType.UpdateReplace, row, entry.Value!.ETag),
            ];
            try
            {
                await Table.SubmitTransactionAsync(actions, cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (TableTransactionFailedException ex) when (ex.Status is 404 or 412 && attempt < 10)
            {
                // A listing update won the race: read again.
            }
        }
    }

    /// <summary>A page of summaries of one program in one stage, oldest application id first.</summary>
    public Task<SummaryPage> ListAsync(string programId, string stage, int pageSize, string? continuationToken, CancellationToken cancellationToken = default) =>
        ListAsync(programId, stage, ListingFilter.None, pageSize, continuationToken, cancellationToken);

    /// <summary>
    /// A page of the summaries of one program in one stage that match <paramref name="listingFilter"/>, oldest application
    /// id first. A continuation token is good only for the listing that issued it (program, stage and filter).
    /// </summary>
    public async Task<SummaryPage> ListAsync(string programId, string stage, ListingFilter listingFilter, int pageSize, string? continuationToken, CancellationToken cancellationToken = default)
    {
        var filter = StageFilter(programId, stage, listingFilter);
        var listing = ListingKey(programId, stage) + listingFilter.Key;
        var pages = Table.QueryAsync<TableEntity>(filter, pageSize, ["Summary"], cancellationToken)
            .AsPages(StorageToken(listing, continuationToken), pageSize);
        try
        {
            await foreach (var page in pages.ConfigureAwait(false))
            {
                return new SummaryPage(page.Values.Select(Read).ToList(), ApiToken(listing, page.ContinuationToken));
            }
        }
        catch (RequestFailedException ex) when (ex.Status == 400 && continuationToken is not null)
        {
            throw new FormatException("The continuation token is not one this index issued.", ex);
        }
        return new SummaryPage([], null);
    }

    // Callers get the SDK's continuation token (opaque: the service chooses what it holds) wrapped with the listing it
    // belongs to, Base64url encoded. A token is taken back only for that listing (same program, stage and filter); anything
    // else is a FormatException, which the API answers with 422. Whatever a forged token holds, the query's filter
    // still limits the rows to this program and stage.
    private static string ListingKey(string programId, string stage) => $"{programId}/{stage}";

    private static string? StorageToken(string listingKey, string? token)
    {
        if (token is null)
        {
            return null;
        }
        string text;
        try
        {
            text = System.Text.Encoding.UTF8.GetString(System.Buffers.Text.Base64Url.DecodeFromChars(token));
        }
        catch (FormatException)
        {
            throw new FormatException("The continuation token is not one this index issued.");
        }
        return text.Split('\n', 2) is [var listing, { Length: > 0 } storageToken]
               && listing == listingKey
               && !storageToken.Any(char.IsControl)
            ? storageToken
            : throw new FormatException("The continuation token is not one this index issued.");
    }

    private static string? ApiToken(string listingKey, string? storageToken) =>
        storageToken is null
            ? null
            : System.Buffers.Text.Base64Url.EncodeToString(System.Text.Encoding.UTF8.GetBytes(listingKey + "\n" + storageToken));

    /// <summary>How many applications of a program are listed under <paramref name="stage"/>.</summary>
    public async Task<int> CountAsync(string programId, string stage, CancellationToken cancellationToken = default)
    {
        var filter = StageFilter(programId, stage);
        var count = 0;
        await foreach (var _ in Table.QueryAsync<TableEntity>(filter, select: ["RowKey"], cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            count++;
        }
        return count;
    }

    /// <summary>Every summary of a program (for the dashboard and the CSV export).</summary>
    public IAsyncEnumerable<ApplicationSummary> ListProgramAsync(string programId, CancellationToken cancellationToken = default) =>
        ListProgramAsync(programId, null, ListingFilter.None, cancellationToken);

    /// <summary>Every summary of a program, or of one of its stages, that matches <paramref name="listingFilter"/> (the CSV export).</summary>
    public async IAsyncEnumerable<ApplicationSummary> ListProgramAsync(
        string programId, string? stage, ListingFilter listingFilter, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var filter = stage is null ? ProgramFilter(programId, listingFilter) : StageFilter(programId, stage, listingFilter);
        await foreach (var row in Table.QueryAsync<TableEntity>(filter, select: ["Summary"], cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            yield return Read(row);
        }
    }

    /// <summary>
    /// Every summary of a program listed under <paramref name="stage"/>, up to <paramref name="limit"/> + 1 of them (the
    /// caller tells "more than the limit" from that extra one).
    /// </summary>
    public async Task<IReadOnlyList<ApplicationSummary>> ListStageAsync(string programId, string stage, int limit, CancellationToken cancellationToken = default) =>
        await ListStageAsync(programId, stage, ListingFilter.None, limit, cancellationToken).ConfigureAwait(false);

    /// <summary>As <see cref="ListStageAsync(string, string, int, CancellationToken)"/>, only the rows matching <paramref name="listingFilter"/>.</summary>
    public async Task<IReadOnlyList<ApplicationSummary>> ListStageAsync(string programId, string stage, ListingFilter listingFilter, int limit, CancellationToken cancellationToken = default)
    {
        var items = new List<ApplicationSummary>();
        await foreach (var row in Table.QueryAsync<TableEntity>(StageFilter(programId, stage, listingFilter), select: ["Summary"], cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            items.Add(Read(row));
            if (items.Count > limit)
            {
                break;
            }
        }
        return items;
    }

    /// <summary>
    /// The submitted reviews of every application of a program, for calibration: only the <c>Reviews</c> column of the
    /// listing rows (a few hundred bytes per reviewed application, 1,000 rows per storage call).
    /// </summary>
    public async IAsyncEnumerable<(string ApplicationId, IReadOnlyList<ReviewScores> Reviews)> ListReviewsAsync(
        string programId, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await foreach (var row in Table.QueryAsync<TableEntity>(ProgramFilter(programId), select: ["RowKey", "Reviews"], cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            if (row.GetString("Reviews") is { Length: > 0 } json
                && JsonSerializer.Deserialize<List<ReviewScores>>(json, Json) is { Count: > 0 } reviews)
            {
                yield return (ApplicationIdOf(row.RowKey), reviews);
            }
        }
    }

    /// <summary>The application id of a listing row <c>s|{stage}|{appId}</c>.</summary>
    private static string ApplicationIdOf(string rowKey) => rowKey[(rowKey.LastIndexOf('|') + 1)..];

    private static ApplicationSummary Read(TableEntity row) =>
        JsonSerializer.Deserialize<ApplicationSummary>(row.GetString("Summary") ?? "null", Json)
        ?? throw new InvalidDataException($"Index row {row.RowKey} has no summary.");
}
