using TalentFunctions.Domain.Applications;
using TalentFunctions.Domain.Programs;

namespace TalentFunctions.Domain.Tests;

/// <summary>When a cycle closes and which of its applications a retention sweep reduces (ADR 0017).</summary>
public sealed class RetentionRulesTests
{
    private static readonly DateTimeOffset Deadline = new(2027, 3, 31, 15, 59, 0, TimeSpan.Zero);
    private static readonly ProgramTimings Timings = ProgramTimings.Default;

    private static RetentionCandidate App(string id, Stage stage, int daysAfterDeadline, bool erased = false) =>
        new(id, stage, Deadline.AddDays(daysAfterDeadline), erased);

    [Fact]
    public void A_cycle_with_every_application_closed_closes_at_its_last_change_and_sweeps_ninety_days_later()
    {
        var plan = RetentionRules.Plan(
            [App("a", Stage.Accepted, 40), App("r", Stage.Rejected, 30), App("s", Stage.ScreenedOut, 2), App("i", Stage.Incomplete, 0),
             App("d", Stage.OfferDeclined, 50), App("e", Stage.OfferExpired, 55), App("w", Stage.Withdrawn, 10)],
            Deadline, Timings, Deadline.AddDays(60));

        Assert.True(plan.IsClosed);
        Assert.Equal(Deadline.AddDays(55), plan.ClosedAt);
        Assert.Equal(Deadline.AddDays(145), plan.SweepAt);
        Assert.Equal(Deadline.AddDays(131), plan.NoticeAt);
        Assert.Equal(["d", "e", "i", "r", "s", "w"], plan.SweepIds);
        Assert.Equal((0, 6, 1, 0), (plan.Open, plan.ToReduce, plan.Accepted, plan.Reduced));
    }

    [Theory]
    [InlineData(Stage.Waitlisted)]
    [InlineData(Stage.Offered)]
    [InlineData(Stage.Reviewed)]
    [InlineData(Stage.InReview)]
    [InlineData(Stage.Submitted)]
    [InlineData(Stage.Draft)]
    public void One_application_still_open_keeps_the_cycle_open(Stage open)
    {
        var plan = RetentionRules.Plan([App("r", Stage.Rejected, 5), App("o", open, 6)], Deadline, Timings, Deadline.AddDays(400));

        Assert.False(plan.IsClosed);
        Assert.Null(plan.SweepAt);
        Assert.Equal(1, plan.Open);
        Assert.Equal(["r"], plan.SweepIds);
    }

    [Fact]
    public void Before_the_deadline_the_cycle_is_open_even_when_every_application_is_closed()
    {
        var plan = RetentionRules.Plan([App("r", Stage.Withdrawn, -20)], Deadline, Timings, Deadline.AddDays(-1));

        Assert.False(plan.IsClosed);
    }

    [Fact]
    public void A_cycle_whose_applications_all_closed_before_the_deadline_closes_at_the_deadline()
    {
        var plan = RetentionRules.Plan([App("w", Stage.Withdrawn, -20)], Deadline, Timings, Deadline.AddDays(1));

        Assert.Equal(Deadline, plan.ClosedAt);
        Assert.Equal(Deadline + Timings.RetentionDelay, plan.SweepAt);
    }

    [Fact]
    public void Erased_applications_are_counted_as_reduced_and_never_swept_again()
    {
        var plan = RetentionRules.Plan([App("x", Stage.Rejected, 3, erased: true), App("y", Stage.Waitlisted, 4, erased: true)],
            Deadline, Timings, Deadline.AddDays(10));

        Assert.True(plan.IsClosed);
        Assert.Empty(plan.SweepIds);
        Assert.Equal(2, plan.Reduced);
    }

    [Theory]
    [InlineData(Stage.Accepted, false)]
    [InlineData(Stage.Rejected, true)]
    [InlineData(Stage.ScreenedOut, true)]
    [InlineData(Stage.Waitlisted, false)]
    [InlineData(Stage.Offered, false)]
    public void Only_closed_applications_that_were_not_accepted_are_reduced(Stage stage, bool reduced) =>
        Assert.Equal(reduced, RetentionRules.IsReduced(stage));

    [Fact]
    public void The_programs_file_sets_the_retention_and_rejects_a_notice_longer_than_it()
    {
        var hina = ProgramCatalog.LoadDefault().Get("hina-directors")!;
        Assert.Equal(TimeSpan.FromDays(90), hina.Timings.RetentionDelay);
        Assert.Equal(TimeSpan.FromDays(14), hina.Timings.RetentionNotice);

        var errors = ProgramValidator.Validate([hina with { Privacy = hina.Privacy with { RetentionNoticeDays = 90 } }]);
        Assert.Contains(errors, e => e.Contains("privacy.retentionNoticeDays", StringComparison.Ordinal));
    }
}
