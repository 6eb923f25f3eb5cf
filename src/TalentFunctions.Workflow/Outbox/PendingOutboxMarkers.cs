using Azure;
using Azure.Data.Tables;

namespace TalentFunctions.Workflow.Outbox;

/// <summary>A marker saying "this application may have outbox rows not yet dispatched".</summary>
public sealed record PendingMarker(string ApplicationId, DateTimeOffset WrittenAt, ETag ETag);

/// <summary>
/// The <c>PendingOutbox</c> table: partition = shard of the application id, row = the id.
/// A marker is written before a command's transaction and removed, with its ETag, once the
/// outbox is empty, so the sweeper finds every application whose effects were interrupted.
/// </summary>
public sealed class PendingOutboxMarkers(OrchestrationStorage storage, TimeProvider time)
{
    private TableClient Table => storage.PendingOutbox;

    public string Shard(string applicationId)
    {
        var hash = 0u;
        foreach (var c in applicationId)
        {
            hash = unchecked((hash * 31) + c);
        }
        return "s" + (hash % (uint)storage.Options.PendingOutboxShards).ToString("D2", System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Writes (or refreshes) the marker and returns its ETag.</summary>
    public async Task<ETag> UpsertAsync(string applicationId, CancellationToken cancellationToken = default)
    {
        var response = await Table.UpsertEntityAsync(new TableEntity(Shard(applicationId), applicationId)
        {
            ["WrittenAt"] = time.GetUtcNow(),
        }, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
        return response.Headers.ETag ?? throw new InvalidOperationException("The upsert returned no ETag.");
    }

    /// <summary>Deletes the marker only if nobody refreshed it since <paramref name="etag"/>.</summary>
    public async Task<bool> TryDeleteAsync(string applicationId, ETag etag, CancellationToken cancellationToken = default)
    {
        try
        {
            var response = await Table.DeleteEntityAsync(Shard(applicationId), applicationId, etag, cancellationToken).ConfigureAwait(false);
            return response.Status != 404;
        }
        catch (RequestFailedException ex) when (ex.Status == 412)
        {
            return false;
        }
    }

    /// <summary>Markers written before <paramref name="olderThan"/>, across all shards.</summary>
    public async IAsyncEnumerable<PendingMarker> ListStaleAsync(
        DateTimeOffset olderThan, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var filter = TableClient.CreateQueryFilter($"WrittenAt lt {olderThan}");
        await foreach (var row in Table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            yield return new PendingMarker(row.RowKey, row.GetDateTimeOffset("WrittenAt") ?? DateTimeOffset.MinValue, row.ETag);
        }
    }

    public async Task<PendingMarker?> GetAsync(string applicationId, CancellationToken cancellationToken = default)
    {
        var row = await Table.GetEntityIfExistsAsync<TableEntity>(Shard(applicationId), applicationId, cancellationToken: cancellationToken).ConfigureAwait(false);
        return row.HasValue ? new PendingMarker(row.Value!.RowKey, row.Value.GetDateTimeOffset("WrittenAt") ?? DateTimeOffset.MinValue, row.Value.ETag) : null;
    }
}
