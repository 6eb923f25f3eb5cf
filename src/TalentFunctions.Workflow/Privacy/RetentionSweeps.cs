using Azure.Data.Tables;
using TalentFunctions.Domain.Applications;
using TalentFunctions.Domain.Programs;
using TalentFunctions.Workflow.Index;
using TalentFunctions.Workflow.Store;

namespace TalentFunctions.Workflow.Privacy;

/// <summary>
/// A cycle's retention as staff see it on the dashboard: the row <c>retention|{cycle}</c> of the program's partition of
/// the program settings table, written by the sweep's steps. Counts and dates only.
/// </summary>
public sealed record RetentionStatus(
    string ProgramId,
    string Cycle,
    DateTimeOffset CheckedAt,
    int Open,
    int ToReduce,
    int Accepted,
    int Reduced,
    DateTimeOffset? ClosedAt,
    DateTimeOffset? SweepAt,
    DateTimeOffset? NoticeSentAt,
    DateTimeOffset? SweptAt);

/// <summary>What one round of a sweep reduces: up to a batch of application ids, or nothing because the sweep is not due.</summary>
public sealed record RetentionBatch(bool Due, IReadOnlyList<string> ApplicationIds);

/// <summary>
/// The retention sweep's reads and writes (ADR 0017): the cycle's plan from the listing index
/// (<see cref="RetentionRules"/>), the status row, and the erasure rows of the applications each round reduces.
/// </summary>
public sealed class RetentionSweeps(
    OrchestrationStorage storage, ApplicationIndex index, ApplicationStore store, ErasureRecords erasures, ProgramCatalog programs)
{
    /// <summary>Who the erasure rows of a sweep name as having asked.</summary>
    public const string Actor = "retention";

    private static string Row(string cycle) => "retention|" + cycle;

    /// <summary>
    /// The cycle's plan at <paramref name="now"/>, from every listing row of the program that belongs to the cycle; the
    /// status row is updated with it. A program whose catalog entry has moved on to another cycle has no deadline left
    /// to wait for.
    /// </summary>
    public async Task<RetentionPlan> PlanAsync(string programId, string cycle, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        var program = programs.Get(programId);
        var deadline = program?.Cycle == cycle ? program.Deadline : DateTimeOffset.MinValue;
        var timings = program?.Timings ?? ProgramTimings.Default;
        var candidates = new List<RetentionCandidate>();
        await foreach (var summary in index.ListProgramAsync(programId, cancellationToken).ConfigureAwait(false))
        {
            if ((summary.Cycle is null || summary.Cycle == cycle) && Enum.TryParse<Stage>(summary.Stage, out var stage))
            {
                candidates.Add(new RetentionCandidate(summary.ApplicationId, stage, summary.UpdatedAt, summary.ErasedAt is not null));
            }
        }
        var plan = RetentionRules.Plan(candidates, deadline, timings, now);
        var row = new TableEntity(programId, Row(cycle))
        {
            ["Cycle"] = cycle,
            ["CheckedAt"] = now,
            ["Open"] = plan.Open,
            ["ToReduce"] = plan.ToReduce,
            ["Accepted"] = plan.Accepted,
            ["Reduced"] = plan.Reduced,
            ["Closed"] = plan.IsClosed,
        };
        if (plan.IsClosed)
        {
            // Written only while closed (a merge keeps a column it is not given); "Closed" says whether they hold.
            row["ClosedAt"] = plan.ClosedAt;
            row["SweepAt"] = plan.SweepAt;
        }
        await storage.ProgramSettings.UpsertEntityAsync(row, TableUpdateMode.Merge, cancellationToken).ConfigureAwait(false);
        return plan;
    }

    /// <summary>
    /// The next round of a due sweep: up to <paramref name="size"/> applications to reduce whose ids come after
    /// <paramref name="after"/>, each with its erasure row recorded (requested by <see cref="Actor"/>) before its id is
    /// returned. An application whose erasure someone else asked for is left to that erasure; one whose eraser did not
    /// finish in its round is not tried again in this sweep (the done email's counts show it). Not due when the cycle reopened or its sweep moved later than
    /// <paramref name="sweepAt"/>, the date the process waited for.
    /// </summary>
    public async Task<RetentionBatch> NextBatchAsync(string programId, string cycle, DateTimeOffset sweepAt, string? after, DateTimeOffset now, int size, CancellationToken cancellationToken = default)
    {
        var plan = await PlanAsync(programId, cycle, now, cancellationToken).ConfigureAwait(false);
        if (plan.SweepAt is not { } planned || planned > sweepAt)
        {
            return new RetentionBatch(false, []);
        }
        var ids = new List<string>(size);
        foreach (var id in plan.SweepIds.Where(id => after is null || string.CompareOrdinal(id, after) > 0))
        {
            if (ids.Count == size)
            {
                break;
            }
            if (await store.GetAsync(id, cancellationToken).ConfigureAwait(false) is not { } loaded)
            {
                continue; // its record is gone: an erasure is finishing it
            }
            var erasure = await erasures.RequestAsync(loaded.State, Actor, now, cancellationToken).ConfigureAwait(false);
            if (erasure.RequestedBy == Actor && erasure.ErasedAt is null)
            {
                ids.Add(id);
            }
        }
        return new RetentionBatch(true, ids);
    }

    public Task MarkNoticeSentAsync(string programId, string cycle, DateTimeOffset at, CancellationToken cancellationToken = default) =>
        storage.ProgramSettings.UpsertEntityAsync(new TableEntity(programId, Row(cycle)) { ["NoticeSentAt"] = at }, TableUpdateMode.Merge, cancellationToken);

    public Task MarkSweptAsync(string programId, string cycle, DateTimeOffset at, CancellationToken cancellationToken = default) =>
        storage.ProgramSettings.UpsertEntityAsync(new TableEntity(programId, Row(cycle)) { ["SweptAt"] = at }, TableUpdateMode.Merge, cancellationToken);

    /// <summary>The cycle's status row; null before its sweep first looked.</summary>
    public async Task<RetentionStatus?> GetStatusAsync(string programId, string cycle, CancellationToken cancellationToken = default)
    {
        var row = await storage.ProgramSettings.GetEntityIfExistsAsync<TableEntity>(programId, Row(cycle), cancellationToken: cancellationToken).ConfigureAwait(false);
        if (!row.HasValue)
        {
            return null;
        }
        var e = row.Value!;
        var closed = e.GetBoolean("Closed") == true;
        return new RetentionStatus(programId, cycle, e.GetDateTimeOffset("CheckedAt") ?? DateTimeOffset.MinValue,
            e.GetInt32("Open") ?? 0, e.GetInt32("ToReduce") ?? 0, e.GetInt32("Accepted") ?? 0, e.GetInt32("Reduced") ?? 0,
            closed ? e.GetDateTimeOffset("ClosedAt") : null, closed ? e.GetDateTimeOffset("SweepAt") : null,
            e.GetDateTimeOffset("NoticeSentAt"), e.GetDateTimeOffset("SweptAt"));
    }
}
