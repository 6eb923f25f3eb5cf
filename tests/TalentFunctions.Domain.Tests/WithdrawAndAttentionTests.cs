using TalentFunctions.Domain.Applications;
using static TalentFunctions.Domain.Tests.TestData;

namespace TalentFunctions.Domain.Tests;

public sealed class WithdrawAndAttentionTests
{
    [Fact]
    public void Withdrawing_a_draft_cancels_its_timers_and_confirms()
    {
        var s = new Scenario().Draft();

        var d = s.Run(new Withdraw("w", "applicant", "  Found a job.  "));

        Assert.Equal(Stage.Withdrawn, s.S.Stage);
        Assert.Equal("Found a job.", s.S.WithdrawalReason);
        Assert.Empty(s.S.PendingTimers);
        Assert.Equal(3, d.Effects.OfType<CancelTimer>().Count());
        Assert.Equal([EmailKind.WithdrawalConfirmed], s.EmailKinds());
    }

    [Fact]
    public void Withdrawing_during_review_cancels_the_open_reviews_and_tells_their_mentors()
    {
        var s = new Scenario().Assigned();
        s.Run(Review(s.Program, "a1"));

        var d = s.Run(new Withdraw("w", "applicant"));

        Assert.Equal(AssignmentStatus.Completed, s.S.FindAssignment("a1")!.Status);
        Assert.Equal(AssignmentStatus.Cancelled, s.S.FindAssignment("a2")!.Status);
        Assert.Equal([TimerIds.ReviewReminder("a2"), TimerIds.ReviewDue("a2")], d.Effects.OfType<CancelTimer>().Select(c => c.TimerId));
        Assert.Equal([EmailKind.WithdrawalConfirmed, EmailKind.MentorReviewCancelled], s.EmailKinds());
        Assert.Equal("wang.lei@redwood-pictures.example", s.Emails()[1].To.Address);
    }

    [Theory]
    [InlineData(Stage.Submitted)]
    [InlineData(Stage.ScreenedOut)]
    [InlineData(Stage.Reviewed)]
    [InlineData(Stage.Waitlisted)]
    [InlineData(Stage.Offered)]
    public void Any_stage_that_is_not_final_can_be_withdrawn_from(Stage stage)
    {
        var s = new Scenario();
        switch (stage)
        {
            case Stage.Submitted:
                s.Submitted();
                break;
            case Stage.ScreenedOut:
                s.Submitted(Create(applicant: Applicant(school: "Nowhere U")));
                s.Run(new CompleteScreening("screen", "system"));
                break;
            case Stage.Reviewed:
                s.Reviewed();
                break;
            case Stage.Waitlisted:
                s.Reviewed();
                s.Run(new Decide("wait", "staff:amy", StaffDecision.Waitlist));
                break;
            case Stage.Offered:
                s.Offered();
                break;
        }

        Assert.Equal(stage, s.S.Stage);
        s.Run(new Withdraw("w", "applicant"));

        Assert.Equal(Stage.Withdrawn, s.S.Stage);
        Assert.Empty(s.S.PendingTimers);
    }

    [Fact]
    public void A_final_application_cannot_be_withdrawn()
    {
        var s = new Scenario().Draft();
        s.Run(new Withdraw("w", "applicant"));

        s.Refuse(new Withdraw("w2", "applicant"), RefusalKind.IllegalTransition, RefusalCodes.ApplicationClosed);
    }

    [Fact]
    public void Flagging_needs_attention_records_the_reason_once_and_tells_staff()
    {
        var s = new Scenario().Submitted();

        var d = s.Run(new FlagNeedsAttention("f1", "system", "Automated step 'Screening' failed five times."));

        Assert.IsType<NeedsAttentionFlagged>(Assert.Single(d.Events));
        Assert.Equal(["Automated step 'Screening' failed five times."], s.S.NeedsAttention);
        Assert.Equal(Stage.Submitted, s.S.Stage);
        Assert.Equal([EmailKind.StaffNeedsAttention], s.EmailKinds());
        Assert.True(s.Run(new FlagNeedsAttention("f2", "system", "Automated step 'Screening' failed five times.")).IsNoOp);
    }

    [Fact]
    public void A_flag_can_skip_the_staff_email_so_a_broken_staff_mailbox_cannot_loop()
    {
        var s = new Scenario().Draft();

        var d = s.Run(new FlagNeedsAttention("f", "system", "email to staff failed", NotifyStaff: false));

        Assert.Single(d.Events);
        Assert.Empty(s.Emails(d));
    }

    [Fact]
    public void Final_applications_can_still_be_flagged_without_changing_stage()
    {
        var s = new Scenario().Offered();
        s.Run(new RespondToOffer("yes", "applicant", s.S.Offer!.OfferId, true));

        s.Run(new FlagNeedsAttention("f", "system", "welcome email bounced"));

        Assert.Equal(Stage.Accepted, s.S.Stage);
        Assert.Empty(s.S.PendingTimers);
    }

    [Fact]
    public void A_flag_needs_a_reason_and_staff_can_resolve_it()
    {
        var s = new Scenario().Draft();
        s.Refuse(new FlagNeedsAttention("f", "system", " "), RefusalKind.InvalidInput);
        s.Run(new FlagNeedsAttention("f", "system", "check this"));

        s.Run(new ResolveNeedsAttention("r", "staff:amy", "check this"));

        Assert.Empty(s.S.NeedsAttention);
        Assert.True(s.Run(new ResolveNeedsAttention("r2", "staff:amy", "check this")).IsNoOp);
    }
}
