using TalentFunctions.Domain.Applications;
using TalentFunctions.Workflow.Effects;
using TalentFunctions.Workflow.Seats;

namespace TalentFunctions.Workflow.Tests.Seats;

/// <summary>The waitlist's order: score first (highest), then submission (earliest), then id; missing values last.</summary>
public sealed class WaitlistOrderTests
{
    private static readonly DateTimeOffset T = new(2027, 3, 1, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void The_higher_score_comes_first_whatever_the_submission_time()
    {
        var early = Summary("app-a", 3.9, T);
        var late = Summary("app-b", 4.2, T.AddDays(10));

        Assert.Equal(["app-b", "app-a"], Ordered(early, late));
    }

    [Fact]
    public void Equal_scores_go_by_the_earlier_submission_then_by_id()
    {
        var later = Summary("app-a", 4.0, T.AddHours(1));
        var earlier = Summary("app-z", 4.0, T);
        var sameTimeA = Summary("app-m", 4.0, T.AddHours(2));
        var sameTimeB = Summary("app-k", 4.0, T.AddHours(2));

        Assert.Equal(["app-z", "app-a", "app-k", "app-m"], Ordered(later, sameTimeA, earlier, sameTimeB));
    }

    [Fact]
    public void Applications_without_a_score_or_submission_time_come_last()
    {
        var unscored = Summary("app-a", null, T);
        var scored = Summary("app-b", 1.0, T.AddDays(3));
        var unsubmitted = Summary("app-c", 1.0, null);

        Assert.Equal(["app-b", "app-c", "app-a"], Ordered(unscored, unsubmitted, scored));
    }

    [Fact]
    public void The_order_is_the_same_from_any_starting_order()
    {
        ApplicationSummary[] all = [Summary("app-1", 4.5, T), Summary("app-2", 4.5, T.AddMinutes(1)), Summary("app-3", null, T), Summary("app-4", 5.0, T.AddDays(1))];
        var expected = Ordered(all);

        Assert.Equal(expected, Ordered([.. all.Reverse()]));
        Assert.Equal(["app-4", "app-1", "app-2", "app-3"], expected);
        Assert.Equal(0, WaitlistOrder.Instance.Compare(all[0], all[0]));
    }

    private static string[] Ordered(params ApplicationSummary[] summaries) =>
        [.. summaries.Order(WaitlistOrder.Instance).Select(s => s.ApplicationId)];

    private static ApplicationSummary Summary(string id, double? score, DateTimeOffset? submittedAt) => new(
        id, "hina-directors", nameof(Stage.Waitlisted), 12, "original-ip", "Title", "Name", "USC", "zh", T.AddDays(-30), T, submittedAt, score, NeedsAttention: false);
}
