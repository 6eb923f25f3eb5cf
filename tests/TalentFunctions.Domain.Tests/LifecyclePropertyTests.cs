using FsCheck;
using FsCheck.Fluent;
using TalentFunctions.Domain.Applications;
using TalentFunctions.Domain.Programs;
using static TalentFunctions.Domain.Tests.TestData;

namespace TalentFunctions.Domain.Tests;

/// <summary>
/// Random command sequences (a mix of "the natural next step" and arbitrary, often illegal, commands with a moving
/// clock) must keep the aggregate's invariants.
/// </summary>
public sealed class LifecyclePropertyTests
{
    /// <summary>One step: which command (<see cref="Op"/>), a number to pick its details from, and hours to wait first.</summary>
    public sealed record Step(int Op, int Pick, int Hours)
    {
        public override string ToString() => $"({(Op == Progress ? "progress" : ((Kind)Op).ToString())}, {Pick}, +{Hours}h)";
    }

    private enum Kind
    {
        Edit,
        Request,
        Attach,
        Remove,
        Submit,
        StartScreening,
        CompleteScreening,
        Override,
        Assign,
        Review,
        Conflict,
        Timer,
        Decide,
        Respond,
        Withdraw,
        Flag,
        Wait,
    }

    private const int Progress = 100;

    private static readonly Gen<Step> StepGen =
        from op in Gen.Frequency((5, Gen.Constant(Progress)), (4, Gen.Choose(0, (int)Kind.Wait)))
        from pick in Gen.Choose(0, 9999)
        from hours in Gen.Frequency((3, Gen.Choose(0, 6)), (1, Gen.Choose(0, 96)))
        select new Step(op, pick, hours);

    private static readonly Arbitrary<Step[]> Sequences = Gen.ArrayOf(StepGen).Resize(120).ToArbitrary();

    [Fact]
    public void Random_command_sequences_keep_the_invariants()
    {
        Check.One(
            Config.QuickThrowOnFailure.WithMaxTest(1000).WithQuietOnSuccess(true),
            Prop.ForAll(Sequences, steps => new Driver(steps.Length > 0 ? steps[0].Pick : 0).RunAll(steps)));
    }

    [Fact]
    public void The_driver_reaches_every_final_stage()
    {
        // Guards the property test against a generator that never gets far.
        var reached = new HashSet<Stage>();
        var random = new Random(20261115);
        for (var i = 0; i < 400 && !StageRules.FinalStages.All(reached.Contains); i++)
        {
            var steps = Enumerable.Range(0, 80)
                .Select(_ => new Step(random.Next(9) < 5 ? Progress : random.Next((int)Kind.Wait + 1), random.Next(10_000), random.Next(4) == 0 ? random.Next(97) : random.Next(7)))
                .ToArray();
            var driver = new Driver(steps[0].Pick);
            driver.RunAll(steps);
            if (driver.State is not null)
            {
                reached.Add(driver.State.Stage);
            }
        }

        Assert.Superset(StageRules.FinalStages.ToHashSet(), reached);
    }

    /// <summary>Interprets steps against the decider and checks every invariant after every step.</summary>
    private sealed class Driver
    {
        private static readonly Applicant[] Applicants =
        [
            Applicant(),
            Applicant(school: "USC", email: "me@agency-b.example", language: "en"),
            Applicant(school: "Nowhere U", graduationYear: 2015),
            Applicant(school: "NYU", affiliations: ["Streamer C", "Redwood Pictures"]),
        ];

        private readonly ProgramDefinition _program;
        private readonly Applicant _applicant;
        private readonly Project _project;
        private readonly List<ApplicationEvent> _history = [];
        private readonly HashSet<string> _outstandingTimers = [];
        private readonly HashSet<string> _effectIds = [];
        private DateTimeOffset _now;
        private int _commands;

        public Driver(int seed)
        {
            _program = seed % 3 == 0 ? ChunM : Hina;
            _applicant = Applicants[seed % Applicants.Length];
            _project = Project(language: seed % 5 == 0 ? "en" : "zh");
            _now = Now;
        }

        public ApplicationState? State { get; private set; }

        private ApplicationState S => State!;

        public bool RunAll(IEnumerable<Step> steps)
        {
            Apply(new CreateDraft("create", "applicant", AppId, _program.Id, _program.Tracks[0].Id, _applicant, _project, "hash"));
            foreach (var step in steps)
            {
                _now = _now.AddHours(step.Hours);
                Apply(Command(step));
            }

            var replayed = ApplicationDecider.Replay(_history);
            Assert.Equal(DomainJson.Serialize(S), DomainJson.Serialize(replayed));
            return true;
        }

        private string Id(string prefix) => $"{prefix}-{++_commands}";

        private ApplicationCommand Command(Step step)
        {
            var p = step.Pick;
            var kind = step.Op == Progress ? NextNaturalStep(p) : (Kind)step.Op;
            return kind switch
            {
                Kind.Edit => new EditDraft(Id("edit"), "applicant", Track: _program.Tracks[p % _program.Tracks.Count].Id),
                Kind.Request => RequestFor((MaterialKind)(p % 4), $"m{p % 3}", valid: p % 7 != 0),
                Kind.Attach => new AttachMaterial(Id("attach"), "system", Pick(S.Materials, p)?.MaterialId ?? "none", p % 11 == 0 ? 0 : 1000, Pick(S.Materials, p)?.ContentType ?? "video/mp4"),
                Kind.Remove => new RemoveMaterial(Id("remove"), "applicant", Pick(S.Materials, p)?.MaterialId ?? "none"),
                Kind.Submit => new Submit(Id("submit"), "applicant"),
                Kind.StartScreening => new StartScreening(Id("start"), "system"),
                Kind.CompleteScreening => new CompleteScreening(Id("screen"), "system", p % 10 == 0, p % 10 == 0 ? "app-0" : null),
                Kind.Override => new OverrideScreening(Id("override"), "staff", p % 2 == 0 ? ScreeningOutcome.Pass : ScreeningOutcome.Fail, "note"),
                Kind.Assign => new AssignMentors(Id("assign"), "system", [.. _program.Mentors.Select((m, i) => new MentorLoad(m.Id, (p >> i) % 3 == 0 ? m.MaxOpenReviews : p % 4))]),
                Kind.Review => ReviewFor(Pick(S.Assignments, p)?.AssignmentId ?? "a1", p),
                Kind.Conflict => new DeclareConflict(Id("conflict"), "mentor", Pick(S.Assignments, p)?.AssignmentId ?? "a1"),
                Kind.Timer => FireTimer(p),
                Kind.Decide => new Decide(Id("decide"), "staff", (StaffDecision)(p % 3), "note"),
                Kind.Respond => new RespondToOffer(Id("respond"), "applicant", p % 9 == 0 ? "o-wrong" : S.Offer?.OfferId ?? "o1", p % 2 == 0),
                Kind.Withdraw => new Withdraw(Id("withdraw"), "applicant"),
                Kind.Flag => new FlagNeedsAttention(Id("flag"), "system", $"reason-{p % 3}", p % 2 == 0),
                _ => new TimerFired(Id("nothing"), "system", "no-such-timer"),
            };
        }

        /// <summary>What would move the application along from where it is.</summary>
        private Kind NextNaturalStep(int p)
        {
            switch (S.Stage)
            {
                case Stage.Draft:
                    var missing = ScreeningRules.MissingRequiredMaterials(S, _program);
                    if (missing.Count == 0)
                    {
                        return Kind.Submit;
                    }

                    return S.Materials.Any(m => m.Kind == missing[0] && m.Status == MaterialStatus.Pending) ? Kind.Attach : Kind.Request;
                case Stage.Submitted or Stage.Screening:
                    return Kind.CompleteScreening;
                case Stage.ScreenedOut:
                    return p % 4 == 0 ? Kind.Withdraw : Kind.Override;
                case Stage.InReview:
                    var open = S.Assignments.Count(a => a.Status == AssignmentStatus.Open);
                    var active = S.ActiveAssignments().Count();
                    if (active < _program.MentorsPerApplication && p % 3 != 0)
                    {
                        return Kind.Assign;
                    }

                    return open > 0 && p % 5 != 0 ? (p % 13 == 0 ? Kind.Conflict : Kind.Review) : Kind.Timer;
                case Stage.Reviewed or Stage.Waitlisted:
                    return Kind.Decide;
                case Stage.Offered:
                    return p % 3 == 0 ? Kind.Timer : Kind.Respond;
                default:
                    return (Kind)(p % ((int)Kind.Wait + 1));
            }
        }

        private RequestMaterial RequestFor(MaterialKind kind, string materialId, bool valid)
        {
            if (S.Stage == Stage.Draft && valid)
            {
                var missing = ScreeningRules.MissingRequiredMaterials(S, _program);
                if (missing.Count > 0)
                {
                    kind = missing[0];
                    materialId = "m-" + kind.ToString().ToLowerInvariant();
                }
            }

            var rule = _program.RuleFor(kind);
            var contentType = valid ? rule?.ContentTypes[0] ?? "application/pdf" : "text/plain";
            return new RequestMaterial(Id("request"), "applicant", materialId, kind, "file", contentType, 1000, "materials/" + materialId);
        }

        private SubmitReview ReviewFor(string assignmentId, int p)
        {
            var scores = _program.Rubric.Select((c, i) => (c.Id, Score: 1 + ((p >> i) % 5))).ToDictionary(x => x.Id, x => x.Score);
            if (p % 17 == 0)
            {
                scores[_program.Rubric[0].Id] = 9;
            }

            var assignment = S.FindAssignment(assignmentId);
            return new SubmitReview(Id("review"), "mentor", assignmentId, scores, p % 2 == 0 ? Recommendation.Advance : Recommendation.Decline, "comment", assignment?.MentorId);
        }

        private TimerFired FireTimer(int p)
        {
            if (S.PendingTimers.Count == 0 || p % 10 == 0)
            {
                return new TimerFired(Id("timer"), "system", p % 2 == 0 ? TimerIds.DraftDeadline : "review-due-a1");
            }

            var timer = S.PendingTimers.OrderBy(t => t.DueAt).ThenBy(t => t.TimerId, StringComparer.Ordinal).ElementAt(p % Math.Min(2, S.PendingTimers.Count));
            if (timer.DueAt > _now)
            {
                _now = timer.DueAt;
            }

            return new TimerFired("timer:" + timer.TimerId, "system", timer.TimerId);
        }

        private static T? Pick<T>(IReadOnlyList<T> items, int p)
            where T : class => items.Count == 0 ? null : items[p % items.Count];

        private void Apply(ApplicationCommand command)
        {
            var before = State;
            var decision = ApplicationDecider.Decide(before, command, new DecisionContext(_now, Catalog));
            if (decision.IsRefused)
            {
                Assert.Empty(decision.Events);
                Assert.Empty(decision.Effects);
                return;
            }

            var after = decision.State!;
            var events = decision.Events;

            // The version rises by exactly the number of events.
            Assert.Equal((before?.Version ?? 0) + events.Count, after.Version);
            if (events.Count == 0)
            {
                Assert.Empty(decision.Effects);
                Assert.Same(before, after);
                return;
            }

            // Final stages stay final.
            if (before is not null && StageRules.IsFinal(before.Stage))
            {
                Assert.Equal(before.Stage, after.Stage);
            }

            // Events and state agree.
            var evolved = before;
            foreach (var e in events)
            {
                Assert.Equal(_now, e.At);
                evolved = ApplicationDecider.Evolve(evolved, e);
            }

            Assert.Equal(after.Version, evolved!.Version);
            Assert.Equal(after.Stage, evolved.Stage);
            _history.AddRange(events);

            // Timers: every schedule is matched by exactly one firing or one cancellation.
            foreach (var effect in decision.Effects)
            {
                Assert.True(_effectIds.Add(effect.EffectId), $"effect id {effect.EffectId} repeated");
                switch (effect)
                {
                    case ScheduleTimer t:
                        Assert.True(_outstandingTimers.Add(t.TimerId), $"{t.TimerId} scheduled twice");
                        break;
                    case CancelTimer t:
                        Assert.True(_outstandingTimers.Remove(t.TimerId), $"{t.TimerId} cancelled but not scheduled");
                        break;
                }
            }

            if (command is TimerFired fired && before!.FindTimer(fired.TimerId) is not null)
            {
                Assert.True(_outstandingTimers.Remove(fired.TimerId), $"{fired.TimerId} fired but not outstanding");
                Assert.DoesNotContain(decision.Effects, e => e is CancelTimer c && c.TimerId == fired.TimerId);
            }

            Assert.Equal(_outstandingTimers.Order(StringComparer.Ordinal), after.PendingTimers.Select(t => t.TimerId).Order(StringComparer.Ordinal));
            if (StageRules.IsFinal(after.Stage))
            {
                Assert.Empty(after.PendingTimers);
                Assert.Empty(_outstandingTimers);
            }

            State = after;
            CheckReviews();
        }

        /// <summary>No review is counted twice.</summary>
        private void CheckReviews()
        {
            var submitted = _history.OfType<ReviewSubmitted>().GroupBy(r => r.AssignmentId).ToList();
            Assert.All(submitted, g => Assert.Single(g));
            var completed = S.CompletedAssignments().ToList();
            Assert.Equal(submitted.Count, completed.Count);
            Assert.True(completed.Count <= S.Assignments.Count);
            Assert.True(S.ActiveAssignments().Count() <= _program.MentorsPerApplication);
            Assert.All(S.Assignments, a => Assert.Equal(a.Status == AssignmentStatus.Completed, a.Review is not null));
            Assert.True(_history.OfType<ReviewsCompleted>().Count() <= 1);
            if (S.WeightedScore is { } score)
            {
                Assert.Equal(_program.MentorsPerApplication, completed.Count);
                Assert.Equal(ApplicationDecider.WeightedScore(_program.Rubric, completed.Select(a => a.Review!)), score, 10);
            }
        }
    }
}
