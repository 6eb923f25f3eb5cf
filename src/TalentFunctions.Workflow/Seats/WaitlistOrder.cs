using TalentFunctions.Domain.Applications;
using TalentFunctions.Workflow.Effects;
using TalentFunctions.Workflow.Queries;

namespace TalentFunctions.Workflow.Seats;

/// <summary>
/// The order of a program's waitlist, best first: the higher calibrated score (ADR 0010), then the earlier submission,
/// then the application id (so the order is total and two promotions running at once rank alike). An application
/// without a calibrated score (e.g. an index row written before calibration) ranks by its raw score; one without any
/// score comes after every scored one.
/// </summary>
public sealed class WaitlistOrder(ProgramCalibration calibration) : IComparer<ApplicationSummary>
{
    /// <summary>The order by raw scores alone (no calibration known).</summary>
    public static readonly WaitlistOrder Instance = new(ProgramCalibration.None);

    /// <summary>The score the waitlist ranks by: calibrated when known, else the raw weighted score.</summary>
    public double? Score(ApplicationSummary application) => calibration.For(application) ?? application.WeightedScore;

    public int Compare(ApplicationSummary? x, ApplicationSummary? y)
    {
        if (ReferenceEquals(x, y))
        {
            return 0;
        }
        if (x is null || y is null)
        {
            return x is null ? 1 : -1;
        }

        var byScore = Descending(Score(x), Score(y));
        if (byScore != 0)
        {
            return byScore;
        }
        var bySubmission = Ascending(x.SubmittedAt, y.SubmittedAt);
        return bySubmission != 0 ? bySubmission : string.CompareOrdinal(x.ApplicationId, y.ApplicationId);
    }

    // Missing values last in both directions.
    private static int Descending(double? x, double? y) =>
        (x, y) switch
        {
            (null, null) => 0,
            (null, _) => 1,
            (_, null) => -1,
            _ => y.Value.CompareTo(x.Value),
        };

    private static int Ascending(DateTimeOffset? x, DateTimeOffset? y) =>
        (x, y) switch
        {
            (null, null) => 0,
            (null, _) => 1,
            (_, null) => -1,
            _ => x.Value.CompareTo(y.Value),
        };
}
