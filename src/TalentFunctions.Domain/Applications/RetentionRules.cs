using TalentFunctions.Domain.Programs;

namespace TalentFunctions.Domain.Applications;

/// <summary>One application of a cycle as the retention sweep sees it: its stage, when it last changed, whether it is erased.</summary>
public sealed record RetentionCandidate(string ApplicationId, Stage Stage, DateTimeOffset UpdatedAt, bool Erased);

/// <summary>
/// Where a cycle stands for retention (ADR 0017). <see cref="ClosedAt"/> is null while the cycle is open; then
/// <see cref="SweepAt"/> and <see cref="NoticeAt"/> are null too.
/// </summary>
public sealed record RetentionPlan(
    int Open,
    int ToReduce,
    int Accepted,
    int Reduced,
    DateTimeOffset? ClosedAt,
    DateTimeOffset? SweepAt,
    DateTimeOffset? NoticeAt,
    IReadOnlyList<string> SweepIds)
{
    public bool IsClosed => ClosedAt is not null;
}

/// <summary>
/// When a cycle's not-accepted applications are reduced to statistics. A cycle <b>closes</b> when its deadline has
/// passed and every application in it is closed (<see cref="StageRules.IsClosed"/>: decided, withdrawn, incomplete or
/// screened out); an application still open — a draft before the deadline, one in review, an undecided or waitlisted
/// one, an offer not yet answered — keeps it open. It closed at the later of the deadline and the last change of any of
/// its applications. The sweep comes <see cref="ProgramTimings.RetentionDelay"/> after that, staff hear of it
/// <see cref="ProgramTimings.RetentionNotice"/> before, and it reduces every closed application but the accepted ones.
/// </summary>
public static class RetentionRules
{
    /// <summary>True for the applications a sweep reduces: closed, not accepted.</summary>
    public static bool IsReduced(Stage stage) => StageRules.IsClosed(stage) && stage != Stage.Accepted;

    public static RetentionPlan Plan(IEnumerable<RetentionCandidate> applications, DateTimeOffset deadline, ProgramTimings timings, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(applications);
        ArgumentNullException.ThrowIfNull(timings);
        int open = 0, accepted = 0, reduced = 0;
        var sweep = new List<string>();
        var lastChange = deadline;
        foreach (var application in applications)
        {
            if (application.UpdatedAt > lastChange)
            {
                lastChange = application.UpdatedAt;
            }
            if (application.Erased)
            {
                reduced++;
            }
            else if (!StageRules.IsClosed(application.Stage))
            {
                open++;
            }
            else if (application.Stage == Stage.Accepted)
            {
                accepted++;
            }
            else
            {
                sweep.Add(application.ApplicationId);
            }
        }
        sweep.Sort(StringComparer.Ordinal);
        if (open > 0 || now < deadline)
        {
            return new RetentionPlan(open, sweep.Count, accepted, reduced, null, null, null, sweep);
        }
        var sweepAt = lastChange + timings.RetentionDelay;
        return new RetentionPlan(open, sweep.Count, accepted, reduced, lastChange, sweepAt, sweepAt - timings.RetentionNotice, sweep);
    }
}
