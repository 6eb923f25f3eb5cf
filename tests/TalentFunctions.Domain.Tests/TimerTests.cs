using TalentFunctions.Domain.Applications;
using static TalentFunctions.Domain.Tests.TestData;

namespace TalentFunctions.Domain.Tests;

public sealed class TimerTests
{
    [Fact]
    public void The_72_and_24_hour_reminders_go_to_a_draft()
    {
        var s = new Scenario().Draft();

        var first = s.Fire(TimerIds.DraftReminder72h);
        Assert.Equal(72, Assert.IsType<DraftReminderDue>(Assert.Single(first.Events)).HoursBefore);
        Assert.Equal([EmailKind.DraftReminder72h], s.EmailKinds());
        Assert.Equal(72, s.Emails()[0].Data.HoursBefore);
        Assert.Equal(Hina.Deadline, s.Emails()[0].Data.Deadline);
        Assert.Empty(first.Effects.OfType<CancelTimer>());

        var second = s.Fire(TimerIds.DraftReminder24h);
        Assert.Equal(24, Assert.IsType<DraftReminderDue>(Assert.Single(second.Events)).HoursBefore);
        Assert.Equal([EmailKind.DraftReminder24h], s.EmailKinds());
        Assert.Equal([TimerIds.DraftDeadline], s.S.PendingTimers.Select(t => t.TimerId));
    }

    [Fact]
    public void A_draft_still_open_at_the_deadline_becomes_incomplete()
    {
        var s = new Scenario().Draft();

        var d = s.Fire(TimerIds.DraftDeadline);

        Assert.IsType<MarkedIncomplete>(Assert.Single(d.Events));
        Assert.Equal(Stage.Incomplete, s.S.Stage);
        Assert.Empty(s.S.PendingTimers);
        Assert.Equal([EmailKind.MarkedIncomplete], s.EmailKinds());
        // The reminders never fired (out of order): they are cancelled, the deadline timer is not.
        Assert.Equal([TimerIds.DraftReminder72h, TimerIds.DraftReminder24h], d.Effects.OfType<CancelTimer>().Select(c => c.TimerId));
        s.Refuse(new Submit("submit", "applicant"), RefusalKind.IllegalTransition);
    }

    [Fact]
    public void A_timer_that_is_not_pending_changes_nothing()
    {
        var s = new Scenario().Submitted();

        Assert.True(s.Run(new TimerFired("t1", "system", TimerIds.DraftReminder72h)).IsNoOp);
        Assert.True(s.Run(new TimerFired("t2", "system", "no-such-timer")).IsNoOp);
    }

    [Fact]
    public void A_timer_fired_twice_acts_once()
    {
        var s = new Scenario().Draft();
        s.Fire(TimerIds.DraftReminder72h);

        Assert.True(s.Run(new TimerFired("again", "system", TimerIds.DraftReminder72h)).IsNoOp);
    }

    [Fact]
    public void A_mentor_is_reminded_48_hours_before_the_review_is_due()
    {
        var s = new Scenario().Assigned();

        var d = s.Fire(TimerIds.ReviewReminder("a1"));

        Assert.Equal("a1", Assert.IsType<ReviewReminderDue>(Assert.Single(d.Events)).AssignmentId);
        Assert.Equal(s.S.FindAssignment("a1")!.DueAt.AddHours(-48), s.Now);
        var email = Assert.Single(s.Emails());
        Assert.Equal(EmailKind.MentorReviewReminder, email.Kind);
        Assert.Equal("chen.yu@streamer-c.example", email.To.Address);
        Assert.Null(s.S.FindTimer(TimerIds.ReviewReminder("a1")));
        Assert.NotNull(s.S.FindTimer(TimerIds.ReviewDue("a1")));
    }

    [Fact]
    public void An_overdue_review_is_reassigned_once_and_staff_are_told()
    {
        var s = new Scenario().Assigned();
        s.Fire(TimerIds.ReviewReminder("a1"));

        var d = s.Fire(TimerIds.ReviewDue("a1"));

        var overdue = Assert.IsType<ReviewOverdue>(Assert.Single(d.Events));
        Assert.True(overdue.SlotReleased);
        Assert.Equal(AssignmentStatus.Reassigned, s.S.FindAssignment("a1")!.Status);
        Assert.Equal([EmailKind.MentorSlotReassigned, EmailKind.StaffReviewReassigned], s.EmailKinds());
        Assert.Equal("chen.yu@streamer-c.example", s.Emails()[0].To.Address);
        Assert.Equal("a1", s.Emails()[1].Data.FromAssignmentId);
        Assert.Equal(WorkKind.AssignMentors, Assert.Single(d.Effects.OfType<EnqueueWork>()).Kind);
        Assert.Empty(d.Effects.OfType<CancelTimer>());

        var reassigned = s.Run(Assign());

        var r = Assert.IsType<ReviewReassigned>(Assert.Single(reassigned.Events));
        Assert.Equal("a1", r.FromAssignmentId);
        Assert.True(r.ReassignedOnce);
        Assert.True(s.S.FindAssignment(r.NewAssignmentId)!.ReassignedOnce);
        Assert.NotEqual("hd-chen-yu", r.NewMentorId);
        Assert.Equal(s.Now.AddDays(14), r.DueAt);

        s.Refuse(Review(s.Program, "a1"), RefusalKind.Conflict, RefusalCodes.NoLongerYours);
    }

    [Fact]
    public void An_overdue_review_whose_reminder_never_fired_has_the_reminder_cancelled()
    {
        var s = new Scenario().Assigned();

        var d = s.Fire(TimerIds.ReviewDue("a1"));

        Assert.Equal([TimerIds.ReviewReminder("a1")], d.Effects.OfType<CancelTimer>().Select(c => c.TimerId));
    }

    [Fact]
    public void A_reassigned_review_that_falls_due_again_needs_attention_and_stays_open()
    {
        var s = new Scenario().Assigned();
        s.Fire(TimerIds.ReviewDue("a1"));
        s.Run(Assign());

        var d = s.Fire(TimerIds.ReviewDue("a3"));

        var overdue = Assert.IsType<ReviewOverdue>(Assert.Single(d.Events));
        Assert.False(overdue.SlotReleased);
        Assert.Equal(AssignmentStatus.Open, s.S.FindAssignment("a3")!.Status);
        Assert.Equal([AttentionReasons.ReviewOverdue("a3")], s.S.NeedsAttention);
        Assert.Equal([EmailKind.StaffNeedsAttention], s.EmailKinds());
        Assert.Equal(AttentionReasons.ReviewOverdue("a3"), s.Emails()[0].Data.AttentionReason);
        Assert.Empty(d.Effects.OfType<EnqueueWork>());
        Assert.Null(s.S.FindTimer(TimerIds.ReviewDue("a3")));

        // The late review is still welcome.
        s.Run(Review(s.Program, "a2"));
        s.Run(Review(s.Program, "a3"));
        Assert.Equal(Stage.Reviewed, s.S.Stage);
    }

    [Fact]
    public void With_nobody_left_to_take_an_overdue_slot_the_application_needs_attention()
    {
        var s = new Scenario().Assigned();
        s.Fire(TimerIds.ReviewDue("a1"));

        var d = s.Run(Assign(
            new MentorLoad("hd-amara-okafor", 6),
            new MentorLoad("hd-daniel-reyes", 5),
            new MentorLoad("hd-hana-sato", 4)));

        Assert.IsType<ReviewSlotUnfilled>(Assert.Single(d.Events));
        Assert.Contains(AttentionReasons.NoMentorLeft, s.S.NeedsAttention);
        Assert.Equal([EmailKind.StaffNoMentorLeft], s.EmailKinds());
    }

    [Fact]
    public void The_offer_reminder_and_expiry_fire_48_hours_apart()
    {
        var s = new Scenario().Offered();
        var offer = s.S.Offer!;

        var reminder = s.Fire(TimerIds.OfferReminder(offer.OfferId));
        Assert.IsType<OfferReminderDue>(Assert.Single(reminder.Events));
        Assert.Equal(offer.ExpiresAt.AddHours(-48), s.Now);
        Assert.Equal([EmailKind.OfferReminder], s.EmailKinds());
        Assert.Equal(offer.OfferId, s.Emails()[0].Data.OfferId);
        Assert.Equal(offer.ExpiresAt, s.Emails()[0].Data.ExpiresAt);

        var expiry = s.Fire(TimerIds.OfferExpiry(offer.OfferId));
        Assert.IsType<OfferExpired>(Assert.Single(expiry.Events));
        Assert.Equal(Stage.OfferExpired, s.S.Stage);
        Assert.Empty(s.S.PendingTimers);
        Assert.Equal([EmailKind.StaffOfferExpired], s.EmailKinds());
        Assert.Equal(RecipientKind.Staff, s.Emails()[0].To.Kind);
    }
}
