using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;

namespace TalentFunctions.Workflow;

/// <summary>
/// The tables and queues the runtime uses, created once per process. One client per table,
/// shared by every component (clients are thread-safe and hold no per-call state).
/// </summary>
public sealed class OrchestrationStorage
{
    public OrchestrationStorage(TableServiceClient tables, QueueServiceClient queues, BlobServiceClient blobs, OrchestrationOptions options)
    {
        Options = options;
        Applications = tables.GetTableClient(options.ApplicationsTable);
        PendingOutbox = tables.GetTableClient(options.PendingOutboxTable);
        Timers = tables.GetTableClient(options.TimersTable);
        Index = tables.GetTableClient(options.IndexTable);
        Applicants = tables.GetTableClient(options.ApplicantsTable);
        MentorLoad = tables.GetTableClient(options.MentorLoadTable);
        Idempotency = tables.GetTableClient(options.IdempotencyTable);
        WorkItems = queues.GetQueueClient(options.WorkItemQueue);
        PoisonWorkItems = queues.GetQueueClient(options.PoisonQueue);
        Blobs = blobs;
    }

    public OrchestrationOptions Options { get; }
    public TableClient Applications { get; }
    public TableClient PendingOutbox { get; }
    public TableClient Timers { get; }
    public TableClient Index { get; }
    public TableClient Applicants { get; }
    public TableClient MentorLoad { get; }
    public TableClient Idempotency { get; }
    public QueueClient WorkItems { get; }
    public QueueClient PoisonWorkItems { get; }
    public BlobServiceClient Blobs { get; }

    public async Task EnsureCreatedAsync(CancellationToken cancellationToken = default)
    {
        TableClient[] tables = [Applications, PendingOutbox, Timers, Index, Applicants, MentorLoad, Idempotency];
        foreach (var table in tables)
        {
            await table.CreateIfNotExistsAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        await WorkItems.CreateIfNotExistsAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        await PoisonWorkItems.CreateIfNotExistsAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
    }
}
