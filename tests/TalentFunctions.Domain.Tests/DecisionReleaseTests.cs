using TalentFunctions.Domain.Applications;
using TalentFunctions.Domain.Programs;
using static TalentFunctions.Domain.Tests.TestData;

namespace TalentFunctions.Domain.Tests;

/// <summary>Results announced together (issue 12): decisions before the program's <c>decisions.releaseAt</c> wait for it.</summary>
public sealed class DecisionReleaseTests
{
    private static readonly DateTimeOffset ReleaseAt = TestData.Now.AddDays(30);

    private static ProgramCatalog Announcing(DateTimeOffset releaseAt) =>
        ProgramCatalog.From(Hina with { Decisions = new DecisionSettings(releaseAt) }, ChunM);

    private static Scenario ReviewedBeforeRelease() => new Scenario(Announcing(ReleaseAt)).Reviewed();

    [Fact]
    public void A_decision_before_the_release_date_is_recorded_without_changing_the_stage_or_emailing_the_applicant()
    {
        var s = ReviewedBeforeRelease();
        var stageBefore = s.S.Stage;

        var d = s.Run(new Decide("decide", "staff:amy", StaffDecision.Offer, "  Welcome!  ", OverCapacity: true));

        var recorded = Assert.IsType<DecisionRecorded>(Assert.Single(d.Events));
        Assert.Equal(StaffDecision.Offer, recorded.Decision);
        Assert.Equal(Stage.Reviewed, stageBefore);
        Assert.Equal(Stage.Reviewed, s.S.Stage);
        Assert.Null(s.S.Offer);
        Assert.Null(s.S.DecisionNote);
        Assert.Empty(s.Emails());
        Assert.Equal(new PendingDecision(StaffDecision.Offer, "Welcome!", true, false, s.Now, "staff:amy", ReleaseAt), s.S.PendingDecision);
        var timer = Assert.Single(s.S.PendingTimers);
        Assert.Equal((TimerKind.DecisionRelease, ReleaseAt), (timer.Kind, timer.DueAt));
        Assert.Equal([(timer.TimerId, ReleaseAt)], d.Effects.OfType<ScheduleTimer>().Select(t => (t.TimerId, t.DueAt)));
        Assert.True(s.S.HoldsSeat());
    }

    [Fact]
    public void The_release_timer_sends_the_offer_with_its_validity_counted_from_the_release()
    {
        var s = ReviewedBeforeRelease();
        s.Run(new Decide("decide", "staff:amy", StaffDecision.Offer, "Welcome!"));
        var timerId = Assert.Single(s.S.PendingTimers).TimerId;

        var d = s.Fire(timerId);

        Assert.Equal(ReleaseAt, s.Now);
        Assert.Equal([typeof(DecisionReleased), typeof(OfferMade)], d.Events.Select(e => e.GetType()));
        var made = d.Events.OfType<OfferMade>().Single();
        Assert.Equal(ReleaseAt, made.At);
        Assert.Equal(ReleaseAt + Hina.Timings.OfferValidity, made.ExpiresAt);
        Assert.Equal(Stage.Offered, s.S.Stage);
        Assert.Equal("Welcome!", s.S.Offer!.Note);
        Assert.Null(s.S.PendingDecision);
        Assert.DoesNotContain(s.S.PendingTimers, t => t.Kind == TimerKind.DecisionRelease);
        Assert.Equal([TimerKind.OfferReminder, TimerKind.OfferExpiry], s.S.PendingTimers.Select(t => t.Kind));
        var email = Assert.Single(s.Emails());
        Assert.Equal((EmailKind.OfferMade, RecipientKind.Applicant), (email.Kind, email.To.Kind));
        Assert.Equal(made.ExpiresAt, email.Data.ExpiresAt);
        Assert.Empty(d.Effects.OfType<CancelTimer>());
    }

    [Theory]
    [InlineData(StaffDecision.Reject, Stage.Rejected, EmailKind.Rejected)]
    [InlineData(StaffDecision.Waitlist, Stage.Waitlisted, EmailKind.Waitlisted)]
    public void The_release_timer_sends_rejections_and_waitlistings_too(StaffDecision decision, Stage stage, EmailKind email)
    {
        var s = ReviewedBeforeRelease();
        s.Run(new Decide("decide", "staff:amy", decision, "Note"));
        Assert.Equal(Stage.Reviewed, s.S.Stage);

        s.Fire(Assert.Single(s.S.PendingTimers).TimerId);

        Assert.Equal(stage, s.S.Stage);
        Assert.Equal("Note", s.S.DecisionNote);
        Assert.Equal([email], s.EmailKinds());
        Assert.Null(s.S.PendingDecision);
        Assert.Empty(s.S.PendingTimers);
    }

    [Fact]
    public void Deciding_again_before_the_release_replaces_the_pending_decision_and_its_timer()
    {
        var s = ReviewedBeforeRelease();
        s.Run(new Decide("offer", "staff:amy", StaffDecision.Offer, "Welcome!"));
        var first = Assert.Single(s.S.PendingTimers);
        s.Advance(TimeSpan.FromDays(1));

        var d = s.Run(new Decide("reject", "staff:bo", StaffDecision.Reject, "On reflection, no."));

        Assert.Equal(StaffDecision.Reject, s.S.PendingDecision!.Decision);
        Assert.Equal("staff:bo", s.S.PendingDecision.DecidedBy);
        Assert.False(s.S.HoldsSeat());
        var second = Assert.Single(s.S.PendingTimers);
        Assert.NotEqual(first.TimerId, second.TimerId);
        Assert.Equal(ReleaseAt, second.DueAt);
        Assert.Equal([first.TimerId], d.Effects.OfType<CancelTimer>().Select(t => t.TimerId));
        Assert.Empty(s.Emails());

        // The replaced timer no longer applies; the current one releases the rejection.
        Assert.True(s.Run(new TimerFired("timer:" + first.TimerId, "system", first.TimerId)).IsNoOp);
        s.Fire(second.TimerId);
        Assert.Equal(Stage.Rejected, s.S.Stage);
        Assert.Equal([EmailKind.Rejected], s.EmailKinds());
    }

    [Fact]
    public void Staff_can_release_a_pending_decision_before_the_date_and_the_offer_counts_from_then()
    {
        var s = ReviewedBeforeRelease();
        s.Run(new Decide("offer", "staff:amy", StaffDecision.Offer));
        s.Advance(TimeSpan.FromDays(2));

        var d = s.Run(new ReleaseDecision("release", "staff:amy"));

        Assert.Equal(Stage.Offered, s.S.Stage);
        Assert.Equal(s.Now + Hina.Timings.OfferValidity, s.S.Offer!.ExpiresAt);
        Assert.Equal([EmailKind.OfferMade], s.EmailKinds());
        Assert.Null(s.S.PendingDecision);
        Assert.Equal(2, d.Effects.OfType<ScheduleTimer>().Count());
        Assert.Single(d.Effects.OfType<CancelTimer>(), t => t.TimerId.StartsWith("decision-release-", StringComparison.Ordinal));
        s.Refuse(new ReleaseDecision("again", "staff:amy"), RefusalKind.IllegalTransition, RefusalCodes.NoPendingDecision);
    }

    [Fact]
    public void Releasing_without_a_pending_decision_is_refused()
    {
        var s = ReviewedBeforeRelease();
        s.Refuse(new ReleaseDecision("release", "staff:amy"), RefusalKind.IllegalTransition, RefusalCodes.NoPendingDecision);
    }

    [Fact]
    public void A_withdrawal_drops_the_pending_decision_and_its_timer()
    {
        var s = ReviewedBeforeRelease();
        s.Run(new Decide("offer", "staff:amy", StaffDecision.Offer));

        s.Run(new Withdraw("withdraw", "applicant"));

        Assert.Equal(Stage.Withdrawn, s.S.Stage);
        Assert.Null(s.S.PendingDecision);
        Assert.Empty(s.S.PendingTimers);
        Assert.False(s.S.HoldsSeat());
    }

    [Fact]
    public void Without_a_release_date_or_once_it_has_passed_a_decision_goes_out_at_once()
    {
        foreach (var scenario in new[] { new Scenario().Reviewed(), new Scenario(Announcing(TestData.Now.AddDays(-1))).Reviewed() })
        {
            var d = scenario.Run(new Decide("offer", "staff:amy", StaffDecision.Offer));

            Assert.IsType<OfferMade>(Assert.Single(d.Events));
            Assert.Equal(Stage.Offered, scenario.S.Stage);
            Assert.Null(scenario.S.PendingDecision);
            Assert.Equal([EmailKind.OfferMade], scenario.EmailKinds());
        }
    }

    [Fact]
    public void Moving_the_announcement_date_replaces_the_release_timer_and_the_decision_goes_out_at_the_new_date()
    {
        var s = ReviewedBeforeRelease();
        s.Run(new Decide("decide", "staff:amy", StaffDecision.Reject, "Not this year."));
        var oldTimer = Assert.Single(s.S.PendingTimers);
        var later = ReleaseAt.AddDays(7);

        var d = s.Run(new MoveDecisionRelease("move", "staff:ben", later));

        var moved = Assert.IsType<DecisionReleaseMoved>(Assert.Single(d.Events));
        Assert.Equal(later, moved.Timer.DueAt);
        Assert.Equal(later, s.S.PendingDecision!.ReleaseAt);
        var timer = Assert.Single(s.S.PendingTimers);
        Assert.NotEqual(oldTimer.TimerId, timer.TimerId);
        Assert.Equal([oldTimer.TimerId], d.Effects.OfType<CancelTimer>().Select(t => t.TimerId));
        Assert.Equal([(timer.TimerId, later)], d.Effects.OfType<ScheduleTimer>().Select(t => (t.TimerId, t.DueAt)));
        Assert.Empty(s.Emails());

        var released = s.Fire(timer.TimerId);
        Assert.Equal(later, s.Now);
        Assert.Equal([typeof(DecisionReleased), typeof(Rejected)], released.Events.Select(e => e.GetType()));
    }

    [Fact]
    public void Moving_the_date_again_to_the_same_day_or_without_a_pending_decision_changes_nothing()
    {
        var s = ReviewedBeforeRelease();
        Assert.Empty(s.Run(new MoveDecisionRelease("move-none", "staff:ben", ReleaseAt.AddDays(1))).Events);

        s.Run(new Decide("decide", "staff:amy", StaffDecision.Offer));
        Assert.Empty(s.Run(new MoveDecisionRelease("move-same", "staff:ben", ReleaseAt)).Events);
        Assert.Equal(ReleaseAt, s.S.PendingDecision!.ReleaseAt);
    }

    [Fact]
    public void A_new_date_that_has_passed_is_refused()
    {
        var s = ReviewedBeforeRelease();
        s.Run(new Decide("decide", "staff:amy", StaffDecision.Offer));

        s.Refuse(new MoveDecisionRelease("move", "staff:ben", s.Now.AddMinutes(-1)), RefusalKind.InvalidInput);

        Assert.Equal(ReleaseAt, s.S.PendingDecision!.ReleaseAt);
    }

    [Fact]
    public void A_decision_uses_the_date_staff_set_in_place_of_the_programs_file()
    {
        var s = ReviewedBeforeRelease();
        var set = ReleaseAt.AddDays(3);

        s.Run(new Decide("decide", "staff:amy", StaffDecision.Offer, ReleaseAt: set));

        Assert.Equal(set, s.S.PendingDecision!.ReleaseAt);
        Assert.Equal(set, Assert.Single(s.S.PendingTimers).DueAt);
    }

    [Fact]
    public void The_programs_file_reads_and_checks_the_release_date()
    {
        var json = ProgramFileWith("\"decisions\": { \"releaseAt\": \"2027-05-20T10:00\" },");
        var program = ProgramCatalog.Load(json).Get("hina-directors")!;
        Assert.Equal(new DateTimeOffset(2027, 5, 20, 10, 0, 0, TimeSpan.FromHours(8)), program.Decisions.ReleaseAt);

        Assert.Null(ProgramCatalog.LoadDefault().Get("hina-directors")!.Decisions.ReleaseAt);

        var early = Assert.Throws<ProgramCatalogException>(() => ProgramCatalog.Load(ProgramFileWith("\"decisions\": { \"releaseAt\": \"2026-01-01T00:00\" },")));
        Assert.Contains(early.Errors, e => e.StartsWith("programs[0].decisions.releaseAt must be after opensAt", StringComparison.Ordinal));
        var malformed = Assert.Throws<ProgramCatalogException>(() => ProgramCatalog.Load(ProgramFileWith("\"decisions\": { \"releaseAt\": \"May 20\" },")));
        Assert.Contains(malformed.Errors, e => e.StartsWith("programs[0].decisions.releaseAt 'May 20'", StringComparison.Ordinal));
    }

    /// <summary>The embedded programs file with <paramref name="fragment"/> added to its first program.</summary>
    private static string ProgramFileWith(string fragment)
    {
        using var stream = typeof(ProgramCatalog).Assembly.GetManifestResourceStream(ProgramCatalog.ResourceName)!;
        using var reader = new StreamReader(stream);
        var json = reader.ReadToEnd();
        const string anchor = "\"cohortCapacity\": 12,";
        Assert.Contains(anchor, json, StringComparison.Ordinal);
        return json.Replace(anchor, anchor + fragment, StringComparison.Ordinal);
    }
}
