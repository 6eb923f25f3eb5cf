using Azure;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using TalentFunctions.Notifications.Mailbox;
using TalentFunctions.Workflow.Index;
using TalentFunctions.Workflow.Lifecycle;
using TalentFunctions.Workflow.Mentors;
using TalentFunctions.Workflow.Seats;
using TalentFunctions.Workflow.Store;

namespace TalentFunctions.Workflow.Privacy;

/// <summary>Where the eraser finds the blobs it removes (the hosts' container names).</summary>
public sealed class ErasureOptions
{
    /// <summary>The container of the applicants' materials, one folder per application id.</summary>
    public string MaterialsContainer { get; set; } = "materials";

    /// <summary>The dev mailbox container (<see cref="BlobMailbox.ContainerName"/>).</summary>
    public string MailboxContainer { get; set; } = BlobMailbox.ContainerName;

    /// <summary>How often the eraser looks whether the application's orchestration has finished what a withdrawal left.</summary>
    public TimeSpan SettleCheckInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How many times it looks before erasing anyway (a step blocked for staff must not stop an erasure).</summary>
    public int SettleChecks { get; set; } = 60;
}

/// <summary>
/// Removes an application's personal data, one <see cref="ErasurePart"/> at a time; each part is idempotent (a repeat
/// finds nothing left and returns 0). The record is read by the parts before it and removed last, leaving only the
/// erasure row. Retention (a not-accepted application reduced to statistics) is meant to run the same parts.
/// </summary>
public sealed class ApplicationEraser(
    OrchestrationStorage storage, ApplicationStore store, StateCache cache, ApplicationIndex index, SeatLedger seats,
    ErasureRecords erasures, IdempotencyClaims claims, ErasureOptions options, TimeProvider time)
{
    public Task<int> EraseAsync(string applicationId, ErasurePart part, CancellationToken cancellationToken = default) => part switch
    {
        ErasurePart.Materials => EraseMaterialsAsync(applicationId, cancellationToken),
        ErasurePart.Mailbox => new MailboxEraser(storage.Blobs.GetBlobContainerClient(options.MailboxContainer)).EraseApplicationAsync(applicationId, cancellationToken),
        ErasurePart.Translations => DeleteRowsAsync(storage.Translations, TableClient.CreateQueryFilter($"PartitionKey eq {applicationId}"), cancellationToken),
        ErasurePart.IdempotencyKeys => claims.ForgetAsync(applicationId, cancellationToken),
        ErasurePart.ReadModels => EraseReadModelsAsync(applicationId, cancellationToken),
        ErasurePart.ApplicantClaim => ReleaseApplicantClaimAsync(applicationId, cancellationToken),
        ErasurePart.Record => EraseRecordAsync(applicationId, cancellationToken),
        _ => throw new ArgumentOutOfRangeException(nameof(part), part, "Unknown part."),
    };

    /// <summary>Every blob under <c>{applicationId}/</c>, uploaded or not (uncommitted blocks too), with snapshots.</summary>
    private async Task<int> EraseMaterialsAsync(string applicationId, CancellationToken cancellationToken)
    {
        var container = storage.Blobs.GetBlobContainerClient(options.MaterialsContainer);
        var deleted = 0;
        try
        {
            await foreach (var blob in container.GetBlobsAsync(BlobTraits.None, BlobStates.Uncommitted, applicationId + "/", cancellationToken).ConfigureAwait(false))
            {
                if ((await container.GetBlobClient(blob.Name).DeleteIfExistsAsync(DeleteSnapshotsOption.IncludeSnapshots, cancellationToken: cancellationToken).ConfigureAwait(false)).Value)
                {
                    deleted++;
                }
            }
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            // No materials container yet: nothing was uploaded.
        }
        return deleted;
    }

    /// <summary>
    /// The cohort seat (given back), the mentors' reviews of the application (open, and their history), and its listing row (kept for the
    /// statistics without personal fields). Read from the erasure row, so it works after the record is gone.
    /// </summary>
    private async Task<int> EraseReadModelsAsync(string applicationId, CancellationToken cancellationToken)
    {
        if (await erasures.GetAsync(applicationId, cancellationToken).ConfigureAwait(false) is not { } erasure)
        {
            return 0;
        }
        await seats.ReleaseAsync(erasure.ProgramId, erasure.Cycle, applicationId, cancellationToken).ConfigureAwait(false);
        var removed = 0;
        foreach (var partition in new[] { erasure.ProgramId, MentorLoadStore.HistoryPartition(erasure.ProgramId) })
        {
            removed += await DeleteRowsAsync(storage.MentorLoad,
                TableClient.CreateQueryFilter($"PartitionKey eq {partition} and ApplicationId eq {applicationId}"), cancellationToken).ConfigureAwait(false);
        }
        await index.AnonymiseAsync(erasure.ProgramId, applicationId, erasure.ErasedAt ?? time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        return removed;
    }

    /// <summary>The one-application-per-email claim, when this application holds it (another application's stays).</summary>
    private async Task<int> ReleaseApplicantClaimAsync(string applicationId, CancellationToken cancellationToken)
    {
        if (await store.GetAsync(applicationId, cancellationToken).ConfigureAwait(false) is not { } loaded)
        {
            return 0;
        }
        var (partition, row) = ScreenActivity.ClaimKey(loaded.State);
        var claim = await storage.Applicants.GetEntityIfExistsAsync<TableEntity>(partition, row, cancellationToken: cancellationToken).ConfigureAwait(false);
        if (!claim.HasValue || claim.Value!.GetString("ApplicationId") != applicationId)
        {
            return 0;
        }
        try
        {
            await storage.Applicants.DeleteEntityAsync(partition, row, claim.Value.ETag, cancellationToken).ConfigureAwait(false);
            return 1;
        }
        catch (RequestFailedException ex) when (ex.Status is 404 or 412)
        {
            return 0; // gone already, or no longer this application's
        }
    }

    /// <summary>Every row of the application's partition but the erasure row — snapshot last — then the erasure is marked done.</summary>
    private async Task<int> EraseRecordAsync(string applicationId, CancellationToken cancellationToken)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {applicationId} and RowKey ne {RowKeys.Erasure}");
        var rows = new List<TableEntity>();
        await foreach (var row in storage.Applications.QueryAsync<TableEntity>(filter, select: ["PartitionKey", "RowKey"], cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            rows.Add(row);
        }
        rows.Sort((a, b) => (a.RowKey == RowKeys.State).CompareTo(b.RowKey == RowKeys.State));
        foreach (var row in rows)
        {
            await storage.Applications.DeleteEntityAsync(applicationId, row.RowKey, ETag.All, cancellationToken).ConfigureAwait(false);
        }
        cache.Remove(applicationId);
        if (await erasures.GetAsync(applicationId, cancellationToken).ConfigureAwait(false) is { ErasedAt: null })
        {
            await erasures.MarkErasedAsync(applicationId, time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        }
        return rows.Count;
    }

    private static async Task<int> DeleteRowsAsync(TableClient table, string filter, CancellationToken cancellationToken)
    {
        var deleted = 0;
        await foreach (var row in table.QueryAsync<TableEntity>(filter, select: ["PartitionKey", "RowKey"], cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            await table.DeleteEntityAsync(row.PartitionKey, row.RowKey, ETag.All, cancellationToken).ConfigureAwait(false);
            deleted++;
        }
        return deleted;
    }
}
