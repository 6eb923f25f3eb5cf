using TalentFunctions.Domain.Applications;
using static TalentFunctions.Domain.Tests.TestData;

namespace TalentFunctions.Domain.Tests;

public sealed class EffectAndStageTests
{
    [Fact]
    public void Effect_ids_derive_from_the_application_the_first_event_version_and_the_position()
    {
        var s = new Scenario().Draft().WithReel();

        var d = s.Run(new Submit("submit", "applicant"));

        Assert.Equal(4, s.S.Version);
        Assert.Equal(
            ["app-1:0000000004:00", "app-1:0000000004:01", "app-1:0000000004:02", "app-1:0000000004:03", "app-1:0000000004:04"],
            d.Effects.Select(e => e.EffectId));
        Assert.All(d.Effects, e => Assert.Equal(AppId, e.ApplicationId));
    }

    [Fact]
    public void Deciding_the_same_command_on_the_same_state_gives_the_same_effect_ids()
    {
        var s = new Scenario().Assigned();
        var command = Review(s.Program, "a1");

        var first = s.Try(command);
        var second = s.Try(command);

        Assert.Equal(first.Effects.Select(DomainJson.Serialize), second.Effects.Select(DomainJson.Serialize));
    }

    [Fact]
    public void Effect_ids_never_repeat_over_a_whole_lifecycle()
    {
        var s = new Scenario().Offered();
        s.Run(new RespondToOffer("yes", "applicant", s.S.Offer!.OfferId, true));

        Assert.Equal(s.Effects.Count, s.Effects.Select(e => e.EffectId).Distinct().Count());
    }

    [Fact]
    public void Timer_effects_come_first_then_emails_then_work()
    {
        var s = new Scenario().Draft().WithReel();

        var d = s.Run(new Submit("submit", "applicant"));

        Assert.Equal(
            [typeof(CancelTimer), typeof(CancelTimer), typeof(CancelTimer), typeof(SendEmail), typeof(EnqueueWork)],
            d.Effects.Select(e => e.GetType()));
    }

    [Fact]
    public void A_decision_without_events_has_no_effects_and_keeps_the_state()
    {
        var s = new Scenario().Draft();

        var d = s.Try(new TimerFired("t", "system", "unknown"));

        Assert.True(d.IsNoOp);
        Assert.Empty(d.Effects);
        Assert.Same(s.S, d.State);
    }

    [Fact]
    public void Refusals_carry_no_events_effects_or_state()
    {
        var s = new Scenario().Draft();

        var d = s.Try(new Submit("submit", "applicant"));

        Assert.True(d.IsRefused);
        Assert.False(d.IsAccepted);
        Assert.Empty(d.Events);
        Assert.Empty(d.Effects);
        Assert.Null(d.State);
        Assert.Contains("missing-materials", d.ToString());
    }

    [Fact]
    public void The_final_stages_are_the_six_endings()
    {
        Assert.Equal(
            [Stage.Accepted, Stage.OfferDeclined, Stage.OfferExpired, Stage.Rejected, Stage.Withdrawn, Stage.Incomplete],
            Enum.GetValues<Stage>().Where(StageRules.IsFinal));
        Assert.False(StageRules.IsFinal(Stage.ScreenedOut));
        Assert.True(StageRules.IsClosed(Stage.ScreenedOut));
        Assert.False(StageRules.IsClosed(Stage.Waitlisted));
        Assert.True(StageRules.CanWithdraw(Stage.ScreenedOut));
        Assert.False(StageRules.CanWithdraw(Stage.Rejected));
        Assert.Equal([Stage.Reviewed, Stage.Waitlisted], Enum.GetValues<Stage>().Where(StageRules.CanDecide));
    }

    [Theory]
    [InlineData(RefusalKind.NotFound, 404)]
    [InlineData(RefusalKind.InvalidInput, 422)]
    [InlineData(RefusalKind.MissingMaterials, 422)]
    [InlineData(RefusalKind.IllegalTransition, 409)]
    [InlineData(RefusalKind.DeadlinePassed, 409)]
    [InlineData(RefusalKind.Conflict, 409)]
    public void Refusal_kinds_map_to_http_statuses(RefusalKind kind, int status)
    {
        Assert.Equal(status, new Refusal(kind, "code", "message", []).HttpStatus);
    }
}
