using TalentFunctions.Domain.Applications;
using TalentFunctions.Domain.Programs;
using static TalentFunctions.Domain.Tests.TestData;

namespace TalentFunctions.Domain.Tests;

/// <summary>Drives one application through the decider with a movable clock, keeping its history.</summary>
internal sealed class Scenario
{
    private int _sequence;

    public Scenario(ProgramCatalog? catalog = null, DateTimeOffset? now = null)
    {
        Catalog = catalog ?? TestData.Catalog;
        Now = now ?? TestData.Now;
    }

    public ProgramCatalog Catalog { get; }
    public DateTimeOffset Now { get; set; }
    public ApplicationState? State { get; private set; }
    public ApplicationState S => State ?? throw new InvalidOperationException("No application yet.");
    public ProgramDefinition Program => Catalog.Get(S.ProgramId)!;
    public List<ApplicationEvent> History { get; } = [];
    public List<Effect> Effects { get; } = [];
    public Decision? Last { get; private set; }

    public Decision Try(ApplicationCommand command) => ApplicationDecider.Decide(State, command, new DecisionContext(Now, Catalog));

    /// <summary>Applies a command that must be accepted; checks the decision agrees with Evolve.</summary>
    public Decision Run(ApplicationCommand command)
    {
        var decision = Try(command);
        Assert.True(decision.IsAccepted, decision.ToString());
        var evolved = State;
        foreach (var e in decision.Events)
        {
            evolved = ApplicationDecider.Evolve(evolved, e);
        }

        Assert.Equal(DomainJson.Serialize(evolved!), DomainJson.Serialize(decision.State!));
        Assert.Equal((State?.Version ?? 0) + decision.Events.Count, decision.State!.Version);
        History.AddRange(decision.Events);
        Effects.AddRange(decision.Effects);
        State = decision.State;
        Last = decision;
        return decision;
    }

    public Refusal Refuse(ApplicationCommand command, RefusalKind kind, string? code = null)
    {
        var decision = Try(command);
        Assert.True(decision.IsRefused, $"Expected a refusal, got {decision}");
        Assert.Equal(kind, decision.Refusal!.Kind);
        if (code is not null)
        {
            Assert.Equal(code, decision.Refusal.Code);
        }

        return decision.Refusal;
    }

    public Scenario Advance(TimeSpan by)
    {
        Now += by;
        return this;
    }

    /// <summary>Moves the clock to the timer's due time (if later) and fires it.</summary>
    public Decision Fire(string timerId)
    {
        var timer = S.FindTimer(timerId) ?? throw new InvalidOperationException($"Timer {timerId} is not pending.");
        if (timer.DueAt > Now)
        {
            Now = timer.DueAt;
        }

        return Run(new TimerFired("timer:" + timerId, "system", timerId));
    }

    public string NextId(string prefix) => $"{prefix}-{++_sequence}";

    public IReadOnlyList<SendEmail> Emails(Decision? decision = null) => [.. (decision ?? Last!).Effects.OfType<SendEmail>()];

    public IReadOnlyList<EmailKind> EmailKinds(Decision? decision = null) => [.. Emails(decision).Select(e => e.Kind)];

    // ---- Builders: each leaves the application in the named stage. ----

    public Scenario Draft(CreateDraft? create = null)
    {
        Run(create ?? Create());
        return this;
    }

    public Scenario WithReel()
    {
        Run(RequestReel());
        Run(AttachReel());
        return this;
    }

    /// <summary>One verified material of each kind the program requires.</summary>
    public Scenario WithRequiredMaterials()
    {
        foreach (var kind in Program.RequiredMaterials)
        {
            if (kind == MaterialKind.Reel)
            {
                WithReel();
            }
            else
            {
                var id = "m-" + kind.ToString().ToLowerInvariant();
                Run(RequestPdf(kind, id));
                Run(AttachPdf(id));
            }
        }

        return this;
    }

    public Scenario Submitted(CreateDraft? create = null)
    {
        Draft(create).WithRequiredMaterials();
        Run(new Submit("submit", "applicant"));
        return this;
    }

    public Scenario InReview(CreateDraft? create = null)
    {
        Submitted(create);
        Advance(TimeSpan.FromMinutes(5));
        Run(new CompleteScreening("screen", "system"));
        Assert.Equal(Stage.InReview, S.Stage);
        return this;
    }

    /// <summary>In review with both mentors assigned (a1 = hd-chen-yu, a2 = hd-wang-lei for the default applicant).</summary>
    public Scenario Assigned(CreateDraft? create = null)
    {
        InReview(create);
        Run(Assign());
        Assert.Equal(2, S.Assignments.Count);
        return this;
    }

    public Scenario Reviewed(CreateDraft? create = null)
    {
        Assigned(create);
        Advance(TimeSpan.FromDays(3));
        foreach (var a in S.Assignments.ToList())
        {
            Run(Review(Program, a.AssignmentId));
        }

        Assert.Equal(Stage.Reviewed, S.Stage);
        return this;
    }

    public Scenario Offered(CreateDraft? create = null)
    {
        Reviewed(create);
        Advance(TimeSpan.FromDays(1));
        Run(new Decide("decide", "staff:amy", StaffDecision.Offer, "Welcome"));
        return this;
    }
}
