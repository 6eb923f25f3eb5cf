using TalentFunctions.Domain.Applications;
using static TalentFunctions.Domain.Tests.TestData;

namespace TalentFunctions.Domain.Tests;

public sealed class DecisionTests
{
    [Fact]
    public void An_offer_expires_after_the_configured_days_with_a_reminder_two_days_before()
    {
        var s = new Scenario().Reviewed();
        s.Advance(TimeSpan.FromDays(1));

        var d = s.Run(new Decide("decide", "staff:amy", StaffDecision.Offer, "  Welcome to the cohort!  "));

        var made = Assert.IsType<OfferMade>(Assert.Single(d.Events));
        Assert.Equal(Stage.Offered, s.S.Stage);
        Assert.Equal(s.Now.AddDays(14), made.ExpiresAt);
        Assert.Equal("Welcome to the cohort!", s.S.Offer!.Note);
        Assert.Equal(made.OfferId, s.S.Offer.OfferId);
        Assert.Equal("Welcome to the cohort!", s.S.DecisionNote);
        Assert.Equal(
            [(TimerIds.OfferReminder(made.OfferId), made.ExpiresAt.AddHours(-48)), (TimerIds.OfferExpiry(made.OfferId), made.ExpiresAt)],
            d.Effects.OfType<ScheduleTimer>().Select(t => (t.TimerId, t.DueAt)));
        var email = Assert.Single(s.Emails());
        Assert.Equal(EmailKind.OfferMade, email.Kind);
        Assert.Equal(RecipientKind.Applicant, email.To.Kind);
        Assert.Equal(made.OfferId, email.Data.OfferId);
        Assert.Equal(made.ExpiresAt, email.Data.ExpiresAt);
        Assert.Equal("Asia/Shanghai", email.Data.TimeZone);
    }

    [Fact]
    public void Staff_can_reject_a_reviewed_application()
    {
        var s = new Scenario().Reviewed();

        s.Run(new Decide("decide", "staff:amy", StaffDecision.Reject, "Not this year."));

        Assert.Equal(Stage.Rejected, s.S.Stage);
        Assert.Equal([EmailKind.Rejected], s.EmailKinds());
        Assert.Equal("Not this year.", s.Emails()[0].Data.Note);
    }

    [Fact]
    public void A_waitlisted_application_can_later_get_an_offer()
    {
        var s = new Scenario().Reviewed();

        s.Run(new Decide("wait", "staff:amy", StaffDecision.Waitlist));
        Assert.Equal(Stage.Waitlisted, s.S.Stage);
        Assert.Equal([EmailKind.Waitlisted], s.EmailKinds());
        Assert.True(s.Run(new Decide("wait-again", "staff:amy", StaffDecision.Waitlist)).IsNoOp);

        s.Run(new Decide("offer", "staff:amy", StaffDecision.Offer, "A place opened up."));
        Assert.Equal(Stage.Offered, s.S.Stage);
    }

    [Fact]
    public void An_offer_from_the_waitlist_says_so_for_staff_and_emails_the_applicant_as_any_offer()
    {
        var s = new Scenario().Reviewed();
        s.Run(new Decide("wait", "staff:amy", StaffDecision.Waitlist));

        var d = s.Run(new Decide("waitlist:seat", "waitlist", StaffDecision.Offer, FromWaitlist: true));

        var made = Assert.IsType<OfferMade>(Assert.Single(d.Events));
        Assert.True(made.FromWaitlist);
        Assert.False(made.OverCapacity);
        Assert.Equal(Stage.Offered, s.S.Stage);
        Assert.Equal([EmailKind.OfferMade], s.EmailKinds());
        Assert.Equal(2, d.Effects.OfType<ScheduleTimer>().Count());
    }

    [Fact]
    public void A_waitlisted_application_suggested_as_next_emails_staff_and_stays_waitlisted()
    {
        var s = new Scenario().Reviewed();
        s.Run(new Decide("wait", "staff:amy", StaffDecision.Waitlist));

        var d = s.Run(new SuggestFromWaitlist("waitlist:seat", "waitlist", "app-freed"));

        var suggested = Assert.IsType<WaitlistNextSuggested>(Assert.Single(d.Events));
        Assert.Equal("app-freed", suggested.FreedBy);
        Assert.Equal(Stage.Waitlisted, s.S.Stage);
        var email = Assert.Single(s.Emails());
        Assert.Equal(EmailKind.StaffWaitlistNext, email.Kind);
        Assert.Equal(RecipientKind.Staff, email.To.Kind);
        Assert.Equal(s.S.WeightedScore, email.Data.WeightedScore);
    }

    [Fact]
    public void Only_a_waitlisted_application_can_be_suggested()
    {
        var s = new Scenario().Reviewed();

        s.Refuse(new SuggestFromWaitlist("waitlist:seat", "waitlist", "app-freed"), RefusalKind.IllegalTransition, RefusalCodes.NotWaitlisted);
    }

    [Fact]
    public void A_waitlisted_application_can_be_rejected()
    {
        var s = new Scenario().Reviewed();
        s.Run(new Decide("wait", "staff:amy", StaffDecision.Waitlist));

        s.Run(new Decide("reject", "staff:amy", StaffDecision.Reject));

        Assert.Equal(Stage.Rejected, s.S.Stage);
    }

    [Fact]
    public void Only_reviewed_or_waitlisted_applications_can_be_decided()
    {
        var s = new Scenario().Assigned();

        s.Refuse(new Decide("d", "staff:amy", StaffDecision.Offer), RefusalKind.IllegalTransition, RefusalCodes.NotReviewed);
        s.Refuse(new Decide("d", "staff:amy", (StaffDecision)7), RefusalKind.IllegalTransition, RefusalCodes.NotReviewed);

        var offered = new Scenario().Offered();
        offered.Refuse(new Decide("d", "staff:amy", StaffDecision.Reject), RefusalKind.IllegalTransition, RefusalCodes.NotReviewed);
        offered.Refuse(new Decide("d", "staff:amy", StaffDecision.Offer), RefusalKind.IllegalTransition, RefusalCodes.NotReviewed);
    }

    [Fact]
    public void An_unknown_decision_or_an_overlong_note_is_refused()
    {
        var s = new Scenario().Reviewed();

        s.Refuse(new Decide("d", "staff:amy", (StaffDecision)7), RefusalKind.InvalidInput);
        s.Refuse(new Decide("d", "staff:amy", StaffDecision.Reject, new string('x', 5001)), RefusalKind.InvalidInput);
    }

    [Fact]
    public void Accepting_the_offer_welcomes_the_applicant_and_tells_staff()
    {
        var s = new Scenario().Offered();
        s.Advance(TimeSpan.FromDays(3));

        var d = s.Run(new RespondToOffer("respond", "applicant", s.S.Offer!.OfferId, Accept: true));

        Assert.IsType<OfferAccepted>(Assert.Single(d.Events));
        Assert.Equal(Stage.Accepted, s.S.Stage);
        Assert.Empty(s.S.PendingTimers);
        Assert.Equal(2, d.Effects.OfType<CancelTimer>().Count());
        Assert.Equal([EmailKind.AcceptedWelcome, EmailKind.StaffOfferAccepted], s.EmailKinds());
    }

    [Fact]
    public void Declining_the_offer_closes_the_application_and_tells_staff()
    {
        var s = new Scenario().Offered();

        s.Run(new RespondToOffer("respond", "applicant", s.S.Offer!.OfferId, Accept: false));

        Assert.Equal(Stage.OfferDeclined, s.S.Stage);
        Assert.Empty(s.S.PendingTimers);
        Assert.Equal([EmailKind.StaffOfferDeclined], s.EmailKinds());
    }

    [Fact]
    public void A_response_to_another_offer_is_not_found()
    {
        var s = new Scenario().Offered();

        s.Refuse(new RespondToOffer("respond", "applicant", "o999", true), RefusalKind.NotFound, RefusalCodes.OfferNotFound);
    }

    [Fact]
    public void A_response_after_expiry_is_too_late_even_before_the_expiry_timer_fired()
    {
        var s = new Scenario().Offered();
        s.Now = s.S.Offer!.ExpiresAt;

        s.Refuse(new RespondToOffer("respond", "applicant", s.S.Offer.OfferId, true), RefusalKind.DeadlinePassed, RefusalCodes.OfferExpired);
    }

    [Fact]
    public void Without_an_open_offer_there_is_nothing_to_respond_to()
    {
        var s = new Scenario().Reviewed();

        s.Refuse(new RespondToOffer("respond", "applicant", "o1", true), RefusalKind.IllegalTransition, RefusalCodes.NoOpenOffer);

        var accepted = new Scenario().Offered();
        accepted.Run(new RespondToOffer("yes", "applicant", accepted.S.Offer!.OfferId, true));
        accepted.Refuse(new RespondToOffer("no", "applicant", accepted.S.Offer.OfferId, false), RefusalKind.IllegalTransition, RefusalCodes.NoOpenOffer);
    }
}
