using Azure;
using Azure.Data.Tables;
using TalentFunctions.Domain.Applications;
using TalentFunctions.Workflow.Store;

namespace TalentFunctions.Workflow.Privacy;

/// <summary>
/// An erasure as recorded: the row <see cref="RowKeys.Erasure"/> of the application's partition. It names the program
/// and cycle (so the read models can be cleaned after the record is gone), who asked and when, when the confirmation
/// email went out and when the erasure finished. Nothing personal: it is the audit entry that stays (ADR 0014).
/// </summary>
public sealed record ErasureRecord(
    string ApplicationId,
    string ProgramId,
    string Cycle,
    string RequestedBy,
    DateTimeOffset RequestedAt,
    DateTimeOffset? ConfirmationSentAt,
    DateTimeOffset? ErasedAt);

/// <summary>Reads and writes <see cref="ErasureRecord"/>s.</summary>
public sealed class ErasureRecords(OrchestrationStorage storage)
{
    private TableClient Table => storage.Applications;

    /// <summary>Records the request, or returns the one recorded first (an insert, never check-then-insert).</summary>
    public async Task<ErasureRecord> RequestAsync(ApplicationState state, string requestedBy, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(state);
        try
        {
            await Table.AddEntityAsync(new TableEntity(state.Id, RowKeys.Erasure)
            {
                ["ProgramId"] = state.ProgramId,
                ["Cycle"] = state.Cycle,
                ["RequestedBy"] = requestedBy,
                ["RequestedAt"] = now,
            }, cancellationToken).ConfigureAwait(false);
            return new ErasureRecord(state.Id, state.ProgramId, state.Cycle, requestedBy, now, null, null);
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            return await GetAsync(state.Id, cancellationToken).ConfigureAwait(false)
                ?? throw new InvalidOperationException($"The erasure row of {state.Id} vanished while being read.");
        }
    }

    public async Task<ErasureRecord?> GetAsync(string applicationId, CancellationToken cancellationToken = default)
    {
        var row = await Table.GetEntityIfExistsAsync<TableEntity>(applicationId, RowKeys.Erasure, cancellationToken: cancellationToken).ConfigureAwait(false);
        if (!row.HasValue)
        {
            return null;
        }
        var e = row.Value!;
        return new ErasureRecord(applicationId, e.GetString("ProgramId") ?? "", e.GetString("Cycle") ?? "", e.GetString("RequestedBy") ?? "",
            e.GetDateTimeOffset("RequestedAt") ?? DateTimeOffset.MinValue, e.GetDateTimeOffset("ConfirmationSentAt"), e.GetDateTimeOffset("ErasedAt"));
    }

    public Task MarkConfirmationSentAsync(string applicationId, DateTimeOffset at, CancellationToken cancellationToken = default) =>
        MarkAsync(applicationId, "ConfirmationSentAt", at, cancellationToken);

    public Task MarkErasedAsync(string applicationId, DateTimeOffset at, CancellationToken cancellationToken = default) =>
        MarkAsync(applicationId, "ErasedAt", at, cancellationToken);

    private Task MarkAsync(string applicationId, string column, DateTimeOffset at, CancellationToken cancellationToken) =>
        Table.UpsertEntityAsync(new TableEntity(applicationId, RowKeys.Erasure) { [column] = at }, TableUpdateMode.Merge, cancellationToken);
}
