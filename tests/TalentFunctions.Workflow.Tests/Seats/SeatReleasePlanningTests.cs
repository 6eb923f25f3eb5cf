using TalentFunctions.Domain.Applications;
using TalentFunctions.Domain.Programs;
using TalentFunctions.Workflow.Effects;

namespace TalentFunctions.Workflow.Tests.Seats;

/// <summary>
/// When the planner gives a cohort seat back (pure: the effect planner): an application holds one while its stage does
/// (Offered, Accepted) or while its pending decision, not yet announced, is an offer.
/// </summary>
public sealed class SeatReleasePlanningTests
{
    private static readonly ProgramDefinition Program = ProgramCatalog.LoadDefault().Get("hina-directors")!;
    private static readonly DateTimeOffset Now = new(2026, 11, 21, 9, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(StaffDecision.Offer, StaffDecision.Reject, true)]
    [InlineData(StaffDecision.Offer, StaffDecision.Waitlist, true)]
    [InlineData(StaffDecision.Offer, StaffDecision.Offer, false)]
    [InlineData(StaffDecision.Reject, StaffDecision.Waitlist, false)]
    public void Replacing_a_pending_offer_gives_its_seat_back(StaffDecision first, StaffDecision then, bool released)
    {
        var before = Reviewed(7) with { PendingDecision = Pending(first) };
        var after = Reviewed(8) with { PendingDecision = Pending(then) };

        var effects = EffectPlanner.Plan(before, after, [], Program);

        Assert.Equal(released, effects.Any(e => e.Type == PendingEffectTypes.SeatRelease));
    }

    [Fact]
    public void Releasing_a_pending_offer_keeps_its_seat_and_withdrawing_gives_it_back()
    {
        var pending = Reviewed(7) with { PendingDecision = Pending(StaffDecision.Offer) };

        Assert.DoesNotContain(EffectPlanner.Plan(pending, Reviewed(9) with { Stage = Stage.Offered }, [], Program), e => e.Type == PendingEffectTypes.SeatRelease);
        Assert.Single(EffectPlanner.Plan(pending, Reviewed(8) with { Stage = Stage.Withdrawn }, [], Program), e => e.Type == PendingEffectTypes.SeatRelease);
    }

    private static PendingDecision Pending(StaffDecision decision) => new(decision, "", false, false, Now, "staff", Now.AddDays(30));

    private static ApplicationState Reviewed(long version) => new()
    {
        Id = "app-seat",
        ProgramId = Program.Id,
        Cycle = Program.Cycle,
        Stage = Stage.Reviewed,
        Version = version,
        CreatedAt = Now,
        UpdatedAt = Now,
        Applicant = new Applicant { Name = "林小雨", Email = "lin@example.com", PreferredLanguage = "zh", School = "北京电影学院", GraduationYear = 2024 },
        Project = new Project { Title = "雨季", Logline = "一个女孩在雨季回到故乡。", Synopsis = "故事梗概。", Language = "zh", Format = ProjectFormat.Short },
        Track = "original-ip",
        AccessTokenHash = "hash",
    };
}
