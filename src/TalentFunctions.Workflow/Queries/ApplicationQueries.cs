using TalentFunctions.Domain.Programs;
using TalentFunctions.Domain.Applications;
using TalentFunctions.Workflow.Index;
using TalentFunctions.Workflow.Mentors;
using TalentFunctions.Workflow.Effects;
using TalentFunctions.Workflow.Store;

using TalentFunctions.Workflow.Seats;

namespace TalentFunctions.Workflow.Queries;

public sealed record ProgramDashboard(
    string ProgramId,
    IReadOnlyDictionary<string, int> CountsByStage,
    int Total,
    int ReviewsOpen,
    int ReviewsDueSoon,
    int ReviewsOverdue,
    double? MeanWeightedScore,
    int NeedsAttention,
    DateTimeOffset GeneratedAt,
    int Capacity = 0,
    int SeatsHeld = 0,
    int SeatsFree = 0,
    WaitlistMode? WaitlistMode = null,
    int Waitlisted = 0);

/// <summary>Read side: snapshots, histories, the staff listing, the dashboard. Nothing here writes.</summary>
public sealed class ApplicationQueries(ApplicationStore store, ApplicationIndex index, MentorLoadStore mentorLoad, SeatLedger seats, ProgramCatalog programs, TimeProvider time)
{
    public static readonly TimeSpan DueSoonWindow = TimeSpan.FromHours(48);

    public async Task<ApplicationState?> GetAsync(string applicationId, CancellationToken cancellationToken = default) =>
        (await store.GetAsync(applicationId, cancellationToken).ConfigureAwait(false))?.State;

    public async Task<IReadOnlyList<StoredEvent>> GetHistoryAsync(string applicationId, CancellationToken cancellationToken = default)
    {
        var events = new List<StoredEvent>();
        await foreach (var e in store.GetHistoryAsync(applicationId, cancellationToken).ConfigureAwait(false))
        {
            events.Add(e);
        }
        return events;
    }

    public Task<SummaryPage> ListAsync(string programId, Stage stage, int pageSize, string? continuationToken, CancellationToken cancellationToken = default) =>
        index.ListAsync(programId, stage.ToString(), pageSize, continuationToken, cancellationToken);

    /// <summary>Places of the cohort taken or promised: applications offered a place or accepted.</summary>
    public IAsyncEnumerable<ApplicationSummary> ListProgramAsync(string programId, CancellationToken cancellationToken = default) =>
        index.ListProgramAsync(programId, cancellationToken);

    public async Task<ProgramDashboard> GetDashboardAsync(string programId, CancellationToken cancellationToken = default)
    {
        var counts = Enum.GetNames<Stage>().ToDictionary(s => s, _ => 0);
        var total = 0;
        var attention = 0;
        var scores = new List<double>();
        await foreach (var summary in index.ListProgramAsync(programId, cancellationToken).ConfigureAwait(false))
        {
            total++;
            counts[summary.Stage] = counts.GetValueOrDefault(summary.Stage) + 1;
            if (summary.WeightedScore is { } score)
            {
                scores.Add(score);
            }
            if (summary.NeedsAttention)
            {
                attention++;
            }
        }

        var now = time.GetUtcNow();
        var open = await mentorLoad.ListOpenAsync(programId, cancellationToken).ConfigureAwait(false);
        var overdue = open.Count(o => o.DueAt <= now);
        var dueSoon = open.Count(o => o.DueAt > now && o.DueAt <= now + DueSoonWindow);
        // Seats of the program's current cycle, from the seat ledger (offers outstanding plus acceptances).
        var program = programs.Get(programId);
        var seatCount = program is not null
            ? await seats.CountAsync(program.Id, program.Cycle, program.CohortCapacity, cancellationToken).ConfigureAwait(false)
            : new SeatCount(0, 0);
        return new ProgramDashboard(programId, counts, total, open.Count, dueSoon, overdue,
            scores.Count == 0 ? null : Math.Round(scores.Average(), 3), attention, now, seatCount.Capacity, seatCount.Held, seatCount.Free,
            program?.Waitlist.Mode, counts[nameof(Stage.Waitlisted)]);
    }
}
