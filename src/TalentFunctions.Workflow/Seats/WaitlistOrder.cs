using TalentFunctions.Workflow.Effects;

namespace TalentFunctions.Workflow.Seats;

/// <summary>
/// The order of a program's waitlist, best first: the higher score, then the earlier submission, then the application
/// id (so the order is total and two promotions running at once rank alike). An application without a score comes after
/// every scored one.
/// </summary>
public sealed class WaitlistOrder : IComparer<ApplicationSummary>
{
    public static readonly WaitlistOrder Instance = new();

    private WaitlistOrder()
    {
    }

    /// <summary>
    /// The score the waitlist ranks by: the weighted mentor score of the staff index for now. This is the one place to
    /// switch to the calibrated score once the index carries it.
    /// </summary>
    public static double? Score(ApplicationSummary application) => application.WeightedScore;

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
