using Azure;
using Azure.Data.Tables;

namespace TalentFunctions.Workflow.Store;

/// <summary>What an Idempotency-Key was first used for.</summary>
public sealed record IdempotencyClaim(string ApplicationId, string BodyHash, bool IsReplay);

/// <summary>
/// The <c>Idempotency</c> table (ADR 0020). A claim row per scope and key (PartitionKey the scope, e.g. <c>create</c>;
/// RowKey the key, <see cref="RowKeys.Safe"/>) names the application the first request created and the hash of its body.
/// Each claim has a pointer row in its application's partition (PartitionKey the application id, RowKey
/// <c>claim|{scope}|{key}</c>), so erasure finds an application's claims with a one-partition query, not a scan of the
/// table (which grows with every application ever created with a key).
/// </summary>
public sealed class IdempotencyClaims(OrchestrationStorage storage)
{
    private const string PointerPrefix = "claim|";
    private const string ScopeColumn = "Scope";
    private const string KeyColumn = "Key";
    private const string ApplicationIdColumn = "ApplicationId";
    private const string BodyHashColumn = "BodyHash";

    /// <summary>
    /// The row saying every claim has its pointer: claims made before pointers existed get theirs in one pass over the
    /// table, on the first erasure that needs them (<see cref="ForgetAsync"/>). No scope or application id starts with '~'.
    /// </summary>
    private const string MarkerPartition = "~pointers";
    private const string MarkerRow = "complete";

    private TableClient Table => storage.Idempotency;
    private volatile bool pointersComplete;

    /// <summary>
    /// Claims <paramref name="key"/> in <paramref name="scope"/> for a new application id and <paramref name="bodyHash"/>
    /// (an insert, never check-then-insert); a key already claimed answers with its first claim (<see cref="IdempotencyClaim.IsReplay"/>).
    /// The pointer row is written first, so no claim is ever without one; a replay removes the pointer of the id it did not use.
    /// </summary>
    public async Task<IdempotencyClaim> ClaimAsync(string scope, string key, string bodyHash, Func<string> newApplicationId, CancellationToken cancellationToken = default)
    {
        var row = RowKeys.Safe(key);
        var applicationId = newApplicationId();
        var pointer = Pointer(applicationId, scope, row);
        await Table.UpsertEntityAsync(pointer, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
        try
        {
            await Table.AddEntityAsync(new TableEntity(scope, row)
            {
                [ApplicationIdColumn] = applicationId,
                [BodyHashColumn] = bodyHash,
            }, cancellationToken).ConfigureAwait(false);
            return new IdempotencyClaim(applicationId, bodyHash, IsReplay: false);
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            // A pointer left here by a crash would name a claim of another application, which ForgetAsync skips.
            await Table.DeleteEntityAsync(pointer.PartitionKey, pointer.RowKey, ETag.All, cancellationToken).ConfigureAwait(false);
            var found = await Table.GetEntityIfExistsAsync<TableEntity>(scope, row, cancellationToken: cancellationToken).ConfigureAwait(false);
            var existing = found.HasValue ? found.Value! : throw new InvalidOperationException("An idempotency key vanished while being read.");
            return new IdempotencyClaim(existing.GetString(ApplicationIdColumn)!, existing.GetString(BodyHashColumn)!, IsReplay: true);
        }
    }

    /// <summary>
    /// Removes the claims of <paramref name="applicationId"/> (the claim rows that name it, and its pointer rows) and
    /// returns how many claims it removed: one query of the application's partition, a point read and two deletes per
    /// claim. Idempotent: a repeat finds nothing and returns 0.
    /// </summary>
    public async Task<int> ForgetAsync(string applicationId, CancellationToken cancellationToken = default)
    {
        await CompletePointersAsync(cancellationToken).ConfigureAwait(false);
        var removed = 0;
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {applicationId} and RowKey ge {PointerPrefix} and RowKey lt {"claim}"}");
        await foreach (var pointer in Table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            var scope = pointer.GetString(ScopeColumn)!;
            var key = pointer.GetString(KeyColumn)!;
            var claim = await Table.GetEntityIfExistsAsync<TableEntity>(scope, key, [ApplicationIdColumn], cancellationToken).ConfigureAwait(false);
            if (claim.HasValue && claim.Value!.GetString(ApplicationIdColumn) == applicationId)
            {
                try
                {
                    await Table.DeleteEntityAsync(scope, key, claim.Value.ETag, cancellationToken).ConfigureAwait(false);
                    removed++;
                }
                catch (RequestFailedException ex) when (ex.Status is 404 or 412)
                {
                    // Removed meanwhile (a concurrent erasure of the same application).
                }
            }
            await Table.DeleteEntityAsync(pointer.PartitionKey, pointer.RowKey, ETag.All, cancellationToken).ConfigureAwait(false);
        }
        return removed;
    }

    /// <summary>
    /// Once per store: a pointer row for every claim that has none (claims made before pointers existed), then the marker.
    /// One pass over the table; claims that already have their pointer are not written again. Re-running it (a crash
    /// before the marker) writes only what is still missing.
    /// </summary>
    private async Task CompletePointersAsync(CancellationToken cancellationToken)
    {
        if (pointersComplete)
        {
            return;
        }
        if (!(await Table.GetEntityIfExistsAsync<TableEntity>(MarkerPartition, MarkerRow, cancellationToken: cancellationToken).ConfigureAwait(false)).HasValue)
        {
            var pointed = new HashSet<string>(StringComparer.Ordinal);
            var claimed = new List<TableEntity>();
            await foreach (var row in Table.QueryAsync<TableEntity>(select: ["PartitionKey", "RowKey", ApplicationIdColumn], cancellationToken: cancellationToken).ConfigureAwait(false))
            {
                // Only claim rows have an application id column; pointer rows are keyed "claim|{scope}|{key}".
                if (row.GetString(ApplicationIdColumn) is not null)
                {
                    claimed.Add(row);
                }
                else if (row.RowKey.StartsWith(PointerPrefix, StringComparison.Ordinal))
                {
                    pointed.Add(row.PartitionKey + "/" + row.RowKey);
                }
            }
            foreach (var claim in claimed)
            {
                var pointer = Pointer(claim.GetString(ApplicationIdColumn)!, claim.PartitionKey, claim.RowKey);
                if (!pointed.Contains(pointer.PartitionKey + "/" + pointer.RowKey))
                {
                    await Table.UpsertEntityAsync(pointer, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
                }
            }
            await Table.UpsertEntityAsync(new TableEntity(MarkerPartition, MarkerRow), TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
        }
        pointersComplete = true;
    }

    private static TableEntity Pointer(string applicationId, string scope, string row) =>
        new(applicationId, $"{PointerPrefix}{scope}|{row}")
        {
            [ScopeColumn] = scope,
            [KeyColumn] = row,
        };
}
