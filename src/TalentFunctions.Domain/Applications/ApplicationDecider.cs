using System.Globalization;
using TalentFunctions.Domain.Programs;

namespace TalentFunctions.Domain.Applications;

/// <summary>
/// The rules of an application, as pure functions: <see cref="Decide"/> turns a command into events and effects (or a
/// refusal), <see cref="Evolve"/> applies an event. No I/O; time comes from <see cref="DecisionContext.Now"/>.
/// </summary>
/// <remarks>
/// Timer effects are never written by hand: after the events are applied, the decider compares the pending timers before
/// and after, and emits <see cref="ScheduleTimer"/> for each new one and <see cref="CancelTimer"/> for each one that went
/// away (except the timer that just fired). So every scheduled timer is either fired or cancelled exactly once.
/// Work-item commands (<see cref="StartScreening"/>, <see cref="CompleteScreening"/>, <see cref="AssignMentors"/>) are
/// no-ops (zero events) once the application has moved past that work, so redelivered work items are harmless; they are
/// refused only when the application has not reached that work yet.
/// </remarks>
public static partial class ApplicationDecider
{
    public static Decision Decide(ApplicationState? state, ApplicationCommand command, DecisionContext context)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(context);
        if (string.IsNullOrWhiteSpace(command.CommandId) || string.IsNullOrWhiteSpace(command.Actor))
        {
            return Invalid("Every command needs a commandId and an actor.", ["commandId and actor are required"]);
        }

        if (command is CreateDraft create)
        {
            return state is null
                ? CreateDraftDecision(create, context)
                : Decision.Refused(RefusalKind.Conflict, RefusalCodes.ApplicationExists, $"Application {state.Id} already exists.");
        }

        if (state is null)
        {
            return Decision.Refused(RefusalKind.NotFound, RefusalCodes.ApplicationNotFound, "The application does not exist.");
        }

        var program = context.Programs.Get(state.ProgramId);
        if (program is null)
        {
            return Decision.Refused(RefusalKind.NotFound, RefusalCodes.ProgramNotFound, $"Program {state.ProgramId} is not configured.");
        }

        var run = new Run(state, program, context.Now, command.Actor);
        return command switch
        {
            EditDraft c => EditDraftDecision(run, c),
            RequestMaterial c => RequestMaterialDecision(run, c),
            AttachMaterial c => AttachMaterialDecision(run, c),
            RemoveMaterial c => RemoveMaterialDecision(run, c),
            Submit => SubmitDecision(run),
            StartScreening => StartScreeningDecision(run),
            CompleteScreening c => CompleteScreeningDecision(run, c),
            OverrideScreening c => OverrideScreeningDecision(run, c),
            AssignMentors c => AssignMentorsDecision(run, c),
            SubmitReview c => SubmitReviewDecision(run, c),
            DeclareConflict c => DeclareConflictDecision(run, c),
            TimerFired c => TimerFiredDecision(run, c),
            Decide c => StaffDecisionDecision(run, c),
            ReleaseDecision => ReleaseDecisionDecision(run),
            MoveDecisionRelease c => MoveDecisionReleaseDecision(run, c),
            SuggestFromWaitlist c => SuggestFromWaitlistDecision(run, c),
            RespondToOffer c => RespondToOfferDecision(run, c),
            Withdraw c => WithdrawDecision(run, c),
            FlagNeedsAttention c => FlagNeedsAttentionDecision(run, c),
            ResolveNeedsAttention c => ResolveNeedsAttentionDecision(run, c),
            _ => Invalid($"Unknown command {command.GetType().Name}.", []),
        };
    }

    private static Decision Invalid(string message, IReadOnlyList<string> details) =>
        Decision.Refused(RefusalKind.InvalidInput, RefusalCodes.InvalidInput, message, details);

    private static Decision Illegal(string code, string message) =>
        Decision.Refused(RefusalKind.IllegalTransition, code, message);

    private static Decision NotADraft(ApplicationState s) =>
        Illegal(RefusalCodes.NotADraft, $"Only a draft can be changed; this application is {s.Stage}.");

    private static Decision TooLate(ApplicationState s) =>
        Decision.Refused(
            RefusalKind.DeadlinePassed,
            RefusalCodes.DeadlinePassed,
            $"The submission deadline ({s.Deadline:yyyy-MM-dd HH:mm zzz}) has passed.");

    private static string Iso(DateTimeOffset t) => t.ToString("O", CultureInfo.InvariantCulture);

    /// <summary>One decision in progress: events are applied as they are emitted, so later rules see their effect.</summary>
    private sealed class Run
    {
        private readonly ApplicationState? _original;
        private readonly List<ApplicationEvent> _events = [];
        private readonly List<Effect> _effects = [];

        public Run(ApplicationState? original, ProgramDefinition program, DateTimeOffset now, string actor)
        {
            _original = original;
            State = original;
            Program = program;
            Now = now;
            Actor = actor;
        }

        public ApplicationState? State { get; private set; }

        /// <summary>The state; only for decisions about an existing application.</summary>
        public ApplicationState S => State ?? throw new InvalidOperationException("No application yet.");

        public ProgramDefinition Program { get; }
        public DateTimeOffset Now { get; }
        public string Actor { get; }

        /// <summary>The timer this decision handles: it fired, so it is not cancelled.</summary>
        public string? FiredTimerId { get; set; }

        public void Emit(ApplicationEvent e)
        {
            _events.Add(e);
            State = Evolve(State, e);
        }

        public void Email(EmailKind kind, Recipient to, Func<EmailFacts, EmailFacts>? data = null)
        {
            var common = Mail.Common(S, Program, to);
            var values = data is null ? common : data(common);
            _effects.Add(new SendEmail("", S.Id, kind, to, values));
        }

        public void EmailApplicant(EmailKind kind, Func<EmailFacts, EmailFacts>? data = null) =>
            Email(kind, Mail.ToApplicant(S), data);

        public void EmailStaff(EmailKind kind, Func<EmailFacts, EmailFacts>? data = null) =>
            Email(kind, Mail.ToStaff(Program), data);

        /// <summary>Emails the mentor of an assignment (skipped when the mentor is no longer configured).</summary>
        public void EmailMentor(EmailKind kind, ReviewAssignment assignment, Func<EmailFacts, EmailFacts>? data = null)
        {
            var mentor = Program.FindMentor(assignment.MentorId);
            if (mentor is null)
            {
                return;
            }

            Email(kind, Mail.ToMentor(mentor), d =>
            {
                var facts = d with
                {
                    MentorId = mentor.Id,
                    MentorName = mentor.Name,
                    AssignmentId = assignment.AssignmentId,
                    DueAt = Mail.Utc(assignment.DueAt),
                };
                facts = data is null ? facts : data(facts);
                // In a blind program the mentor's email never carries who the applicant is (ADR 0012).
                return MentorView.IsBlind(Program) ? facts with { ApplicantName = "", BlindReview = true } : facts;
            });
        }

        public void Work(WorkKind kind) => _effects.Add(new EnqueueWork("", S.Id, kind));

        public Decision Finish()
        {
            if (_events.Count == 0)
            {
                return Decision.Accepted([], [], _original);
            }

            var final = S;
            var before = _original?.PendingTimers ?? [];
            var beforeIds = before.Select(t => t.TimerId).ToHashSet(StringComparer.Ordinal);
            var afterIds = final.PendingTimers.Select(t => t.TimerId).ToHashSet(StringComparer.Ordinal);

            var effects = new List<Effect>();
            effects.AddRange(before
                .Where(t => !afterIds.Contains(t.TimerId) && t.TimerId != FiredTimerId)
                .Select(t => new CancelTimer("", final.Id, t.TimerId, t.DueAt)));
            effects.AddRange(final.PendingTimers
                .Where(t => !beforeIds.Contains(t.TimerId))
                .Select(t => new ScheduleTimer("", final.Id, t.TimerId, t.DueAt, t.Kind)));
            effects.AddRange(_effects);

            var firstVersion = (_original?.Version ?? 0) + 1;
            var numbered = effects
                .Select((e, i) => e with { EffectId = string.Create(CultureInfo.InvariantCulture, $"{final.Id}:{firstVersion:D10}:{i:D2}") })
                .ToList();
            return Decision.Accepted(_events.ToList(), numbered, final);
        }
    }
}
