using TalentFunctions.Domain.Programs;

namespace TalentFunctions.Domain.Applications;

/// <summary>What the decider needs from the outside world: the time and the programs.</summary>
public sealed record DecisionContext(DateTimeOffset Now, ProgramCatalog Programs);

public enum RefusalKind
{
    /// <summary>The application (or the assignment, material, offer, program it names) does not exist. HTTP 404.</summary>
    NotFound,

    /// <summary>Bad input; <see cref="Refusal.Details"/> names the fields. HTTP 422.</summary>
    InvalidInput,

    /// <summary>Not allowed in the application's current stage. HTTP 409.</summary>
    IllegalTransition,

    /// <summary>Too late (submission deadline, offer expiry). HTTP 409.</summary>
    DeadlinePassed,

    /// <summary>Required materials are not uploaded and verified; <see cref="Refusal.Details"/> lists the kinds. HTTP 422.</summary>
    MissingMaterials,

    /// <summary>A draft misses fields (and maybe materials) it needs to be submitted; <see cref="Refusal.Fields"/> names them. HTTP 422.</summary>
    Incomplete,

    /// <summary>Clashes with what is already recorded (a second review, a reassigned slot, an existing id). HTTP 409.</summary>
    Conflict,
}

/// <summary>A command the rules refuse. <see cref="Code"/> is stable and safe to show or branch on.</summary>
public sealed record Refusal(RefusalKind Kind, string Code, string Message, IReadOnlyList<string> Details)
{
    /// <summary>The refusal's problems by field (JSON path), when it has them: what a submitted draft still lacks.</summary>
    public IReadOnlyList<FieldProblem> Fields { get; init; } = [];

    public int HttpStatus => Kind switch
    {
        RefusalKind.NotFound => 404,
        RefusalKind.InvalidInput or RefusalKind.MissingMaterials or RefusalKind.Incomplete => 422,
        _ => 409,
    };
}

/// <summary>Stable refusal codes.</summary>
public static class RefusalCodes
{
    public const string ApplicationNotFound = "application-not-found";
    public const string ApplicationExists = "application-exists";
    public const string ProgramNotFound = "program-not-found";
    public const string ProgramNotOpen = "program-not-open";
    public const string DeadlinePassed = "deadline-passed";
    public const string InvalidInput = "invalid-input";
    public const string NotADraft = "not-a-draft";
    public const string MaterialNotFound = "material-not-found";
    public const string MaterialExists = "material-exists";
    public const string MaterialKindNotAccepted = "material-kind-not-accepted";
    public const string TooManyMaterials = "too-many-materials";
    public const string MaterialTooLarge = "material-too-large";
    public const string ContentTypeNotAccepted = "content-type-not-accepted";
    public const string MissingMaterials = "missing-materials";
    public const string ApplicationIncomplete = "application-incomplete";
    public const string NotSubmitted = "not-submitted";
    public const string ScreeningNotComplete = "screening-not-complete";
    public const string ReviewsStarted = "reviews-started";
    public const string NotInReview = "not-in-review";
    public const string AssignmentNotFound = "assignment-not-found";
    public const string AlreadyRecorded = "already-recorded";
    public const string NoLongerYours = "no-longer-yours";
    public const string NotReviewed = "not-reviewed";
    public const string NotWaitlisted = "not-waitlisted";
    public const string NoPendingDecision = "no-pending-decision";
    public const string NoOpenOffer = "no-open-offer";
    public const string OfferNotFound = "offer-not-found";
    public const string OfferExpired = "offer-expired";
    public const string ApplicationClosed = "application-closed";
}

/// <summary>
/// The outcome of <see cref="ApplicationDecider.Decide"/>: either accepted (events, effects and the resulting state;
/// possibly zero events when nothing changes) or refused.
/// </summary>
public sealed class Decision
{
    private Decision(IReadOnlyList<ApplicationEvent> events, IReadOnlyList<Effect> effects, ApplicationState? state, Refusal? refusal)
    {
        Events = events;
        Effects = effects;
        State = state;
        Refusal = refusal;
    }

    public IReadOnlyList<ApplicationEvent> Events { get; }
    public IReadOnlyList<Effect> Effects { get; }

    /// <summary>The state after the events (the input state when there are none); null when refused.</summary>
    public ApplicationState? State { get; }

    public Refusal? Refusal { get; }

    public bool IsAccepted => Refusal is null;
    public bool IsRefused => Refusal is not null;

    /// <summary>Accepted but nothing to record (e.g. a timer that no longer applies).</summary>
    public bool IsNoOp => IsAccepted && Events.Count == 0;

    public static Decision Accepted(IReadOnlyList<ApplicationEvent> events, IReadOnlyList<Effect> effects, ApplicationState? state) =>
        new(events, effects, state, null);

    public static Decision Refused(RefusalKind kind, string code, string message, IReadOnlyList<string>? details = null) =>
        new([], [], null, new Refusal(kind, code, message, details ?? []));

    public static Decision Refused(RefusalKind kind, string code, string message, IReadOnlyList<string> details, IReadOnlyList<FieldProblem> fields) =>
        new([], [], null, new Refusal(kind, code, message, details) { Fields = fields });

    public override string ToString() =>
        IsRefused ? $"Refused {Refusal!.Kind} {Refusal.Code}: {Refusal.Message}" : $"Accepted {Events.Count} event(s), {Effects.Count} effect(s)";
}
