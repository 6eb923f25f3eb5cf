using TalentFunctions.Storage;
using TalentFunctions.Storage.Tables;

namespace TalentFunctions.Orchestration.Outbox;

/// <summary>A marker saying "this application may have outbox rows not yet dispatched".</summary>
public sealed record PendingMarker(string ApplicationId, DateTimeOffset WrittenAt, string ETag);

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
    public Task<string> UpsertAsync(string applicationId, CancellationToken cancellationToken = default) =>
        Table.UpsertEntityAsync(new TableEntity(Shard(applicationId), applicationId)
        {
            ["WrittenAt"] = time.GetUtcNow(),
        }, TableUpdateMode.Replace, cancellationToken);

    /// <summary>Deletes the marker only if nobody refreshed it since <paramref name="etag"/>.</summary>
    public async Task<bool> TryDeleteAsync(string applicationId, string etag, CancellationToken cancellationToken = default)
    {
        try
        {
            return await Table.DeleteEntityAsync(Shard(applicationId), applicationId, etag, cancellationToken).ConfigureAwait(false);
        }
        catch (StorageRequestFailedException ex) when (ex.Status == 412)
        {
            return false;
        }
    }

    /// <summary>Markers written before <paramref name="olderThan"/>, across all shards.</summary>
    public async IAsyncEnumerable<PendingMarker> ListStaleAsync(
        DateTimeOffset olderThan, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var filter = TableFilter.Create($"WrittenAt lt {olderThan}");
        await foreach (var row in Table.QueryAsync(filter, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            yield return new PendingMarker(row.RowKey, row.GetDateTimeOffset("WrittenAt") ?? DateTimeOffset.MinValue, row.ETag!);
        }
    }

    public async Task<PendingMarker?> GetAsync(string applicationId, CancellationToken cancellationToken = default)
    {
        var row = await Table.GetEntityAsync(Shard(applicationId), applicationId, cancellationToken: cancellationToken).ConfigureAwait(false);
        return row is null ? null : new PendingMarker(row.RowKey, row.GetDateTimeOffset("WrittenAt") ?? DateTimeOffset.MinValue, row.ETag!);
    }
}
