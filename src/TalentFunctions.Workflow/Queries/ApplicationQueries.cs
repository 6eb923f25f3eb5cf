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

    /// <summary>
    /// A page of one program's applications in one stage with their calibrated scores. Without <paramref name="sort"/>,
    /// the index's order (application id) paged by the storage service's continuation tokens, as always; with one, the
    /// stage's rows (at most <see cref="SortedListing.MaxApplications"/>) sorted here and paged by position (ADR 0010).
    /// An unknown or foreign token is a <see cref="FormatException"/>; too many rows to sort a
    /// <see cref="SortedListingTooLargeException"/>.
    /// </summary>
    /// <remarks>
    /// <paramref name="filter"/> narrows the rows in the index query (<see cref="ListingFilter"/>); calibration still
    /// reads the whole program, so a filtered row has the calibrated score it has unfiltered.
    /// </remarks>
    public async Task<ScoredSummaryPage> ListScoredAsync(string programId, Stage stage, int pageSize, string? continuationToken,
        ApplicationSort? sort, ListingFilter? filter = null, CancellationToken cancellationToken = default)
    {
        filter ??= ListingFilter.None;
        if (sort is not { } order)
        {
            var page = await index.ListAsync(programId, stage.ToString(), filter, pageSize, continuationToken, cancellationToken).ConfigureAwait(false);
            var calibration = await CalibrateAsync(programId, cancellationToken).ConfigureAwait(false);
            return new ScoredSummaryPage([.. page.Items.Select(s => Scored(s, calibration))], page.ContinuationToken);
        }

        var after = SortedListing.Parse(programId, stage, order, continuationToken, filter);
        var rows = await index.ListStageAsync(programId, stage.ToString(), filter, SortedListing.MaxApplications, cancellationToken).ConfigureAwait(false);
        if (rows.Count > SortedListing.MaxApplications)
        {
            throw new SortedListingTooLargeException(programId, stage);
        }
        var scores = await CalibrateAsync(programId, cancellationToken).ConfigureAwait(false);
        return SortedListing.Page(programId, stage, order, [.. rows.Select(s => Scored(s, scores))], pageSize, after, filter);
    }

    /// <summary>
    /// The calibration of a program's cycle (the index partition is one program, and a program runs one cycle): the
    /// mentors' calibration sums, kept in the program's counter rows as reviews come in (ADR 0019), read with the counts in
    /// one query of at most 17 rows. An application's calibrated score then needs only its own reviews
    /// (<see cref="ProgramCalibration.For(ApplicationSummary)"/>): a staff listing page costs its own rows and the
    /// counters, however many applications and reviews the program has.
    /// </summary>
    public async Task<ProgramCalibration> CalibrateAsync(string programId, CancellationToken cancellationToken = default)
    {
        if (programs.Get(programId) is not { } program)
        {
            return ProgramCalibration.None;
        }
        var counts = await index.ReadCountsAsync(programId, cancellationToken).ConfigureAwait(false);
        return new ProgramCalibration(program, ScoreCalibration.Model(counts.Mentors));
    }

    public static ScoredSummary Scored(ApplicationSummary summary, ProgramCalibration calibration) => new(summary, calibration.For(summary));

    /// <summary>Places of the cohort taken or promised: applications offered a place or accepted.</summary>
    public IAsyncEnumerable<ApplicationSummary> ListProgramAsync(string programId, CancellationToken cancellationToken = default) =>
        index.ListProgramAsync(programId, cancellationToken);

    /// <summary>The summaries of a program, or of one of its stages, that match <paramref name="filter"/>, from the index.</summary>
    public IAsyncEnumerable<ApplicationSummary> ListProgramAsync(string programId, Stage? stage, ListingFilter filter, CancellationToken cancellationToken = default) =>
        index.ListProgramAsync(programId, stage?.ToString(), filter, cancellationToken);

    public async Task<ProgramDashboard> GetDashboardAsync(string programId, CancellationToken cancellationToken = default)
    {
        // From the program's counters (a query of at most 17 rows), never by counting its listing rows.
        var counted = await index.ReadCountsAsync(programId, cancellationToken).ConfigureAwait(false);
        var counts = Enum.GetNames<Stage>().ToDictionary(s => s, _ => 0);
        foreach (var (stage, count) in counted.ByStage)
        {
            counts[stage] = (int)count;
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
        return new ProgramDashboard(programId, counts, (int)counted.Total, open.Count, dueSoon, overdue,
            counted.MeanWeightedScore is { } mean ? Math.Round(mean, 3) : null, (int)counted.NeedsAttention, now, seatCount.Capacity, seatCount.Held, seatCount.Free,
            program?.Waitlist.Mode, counts[nameof(Stage.Waitlisted)]);
    }
}
