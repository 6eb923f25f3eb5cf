using TalentFunctions.Domain.Programs;

namespace TalentFunctions.Domain.Applications;

public enum ProjectFormat
{
    Feature,
    Short,
    Series,
    ShortDrama,
}

/// <summary>
/// The applicant's profile. In a draft created as partial (<see cref="CreateDraft.Partial"/>) or edited since, a text not
/// given yet is empty and <see cref="GraduationYear"/> is 0; <see cref="DraftRules.Missing"/> names them and submission
/// needs them all. Only <see cref="Email"/> is always there.
/// </summary>
public sealed record Applicant
{
    public const string DefaultTimeZone = "Asia/Shanghai";

    public required string Name { get; init; }
    public required string Email { get; init; }

    /// <summary>"zh" or "en": the language of the applicant's emails.</summary>
    public required string PreferredLanguage { get; init; }

    /// <summary>IANA time zone used when dates are shown to the applicant.</summary>
    public string TimeZone { get; init; } = DefaultTimeZone;

    /// <summary>Film school as the applicant wrote it; matched against the program's schools at screening.</summary>
    public required string School { get; init; }

    public required int GraduationYear { get; init; }
    public IReadOnlyList<string> Roles { get; init; } = [];
    public IReadOnlyList<string> Awards { get; init; } = [];

    /// <summary>Companies the applicant works or worked with (used for mentor conflicts).</summary>
    public IReadOnlyList<string> Affiliations { get; init; } = [];
}

public sealed record Project
{
    public required string Title { get; init; }
    public required string Logline { get; init; }
    public required string Synopsis { get; init; }

    /// <summary>Language code of the project (e.g. "zh", "en").</summary>
    public required string Language { get; init; }

    /// <summary>Null while a partial draft has not given it yet (required at submission).</summary>
    public required ProjectFormat? Format { get; init; }
}

/// <summary>
/// The privacy notice the applicant accepted when creating the application: its version (e.g. "2026-12") and when
/// (issue 13, ADR 0014). Applications created before consent was recorded have none.
/// </summary>
public sealed record Consent(string PrivacyNotice, DateTimeOffset AcceptedAt);

/// <summary>
/// The privacy notice applicants accept today (served at <see cref="Path"/>, listed by <c>GET /api/programs</c>): the one
/// place its version is set. A new version of the notice changes <see cref="Version"/>; creates that send an older one are
/// refused until the applicant has read the new one.
/// </summary>
public static class PrivacyNotice
{
    public const string Version = "2026-12";
    public const string Path = "/privacy";
}

public enum MaterialStatus
{
    Pending,
    Verified,
}

public sealed record Material(
    string MaterialId,
    MaterialKind Kind,
    string FileName,
    string ContentType,
    long Length,
    string BlobName,
    MaterialStatus Status,
    DateTimeOffset RequestedAt,
    DateTimeOffset? VerifiedAt = null);

public enum ScreeningReason
{
    SchoolNotRecognised,
    GraduatedTooLongAgo,
    GraduationYearInFuture,
    ProjectLanguageNotAccepted,
    MissingMaterial,
    DuplicateApplication,
    TextTooLong,
    TrackNotOffered,
    StaffOverride,
}

/// <summary>
/// One reason screening failed. <see cref="Detail"/> is an English diagnostic for staff; the parameters a reader-facing
/// text needs are data: <see cref="Field"/> (the text for <see cref="ScreeningReason.TextTooLong"/>, the material for
/// <see cref="ScreeningReason.MissingMaterial"/>), <see cref="Length"/> and <see cref="Limit"/> (TextTooLong). Findings
/// stored before these existed have them null.
/// </summary>
public sealed record ScreeningFinding(ScreeningReason Reason, string Detail)
{
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public string? Field { get; init; }

    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public int? Length { get; init; }

    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public int? Limit { get; init; }
}

public sealed record ScreeningResult(
    bool Passed,
    IReadOnlyList<ScreeningFinding> Reasons,
    DateTimeOffset CompletedAt,
    bool Overridden = false,
    string? OverrideNote = null);

public enum AssignmentStatus
{
    Open,
    Completed,

    /// <summary>The review fell due; the slot went to another mentor.</summary>
    Reassigned,

    /// <summary>The mentor declared a conflict of interest; the slot goes to another mentor.</summary>
    Conflict,

    /// <summary>The application left review (withdrawn, or screening overridden) while this was open.</summary>
    Cancelled,
}

public enum Recommendation
{
    Advance,
    Decline,
}

public sealed record Review(
    IReadOnlyDictionary<string, int> Scores,
    Recommendation Recommendation,
    string Comment,
    DateTimeOffset SubmittedAt);

/// <summary>
/// One mentor's review slot. <see cref="ReplacesAssignmentId"/> chains a replacement to the assignment it took over;
/// <see cref="ReassignedOnce"/> is true once the slot has been reassigned for being overdue (it is not reassigned twice).
/// </summary>
public sealed record ReviewAssignment(
    string AssignmentId,
    string MentorId,
    DateTimeOffset AssignedAt,
    DateTimeOffset DueAt,
    AssignmentStatus Status,
    bool ReassignedOnce,
    Review? Review = null,
    string? ReplacesAssignmentId = null);

public sealed record Offer(string OfferId, DateTimeOffset OfferedAt, DateTimeOffset ExpiresAt, string Note);

public enum TimerKind
{
    DraftReminder72h,
    DraftReminder24h,
    DraftDeadline,
    ReviewReminder,
    ReviewDue,
    OfferReminder,
    OfferExpiry,

    /// <summary>The program's announcement date: the pending staff decision goes out (<see cref="PendingDecision"/>).</summary>
    DecisionRelease,
}

/// <summary>
/// A staff decision recorded before the program's announcement date (<c>decisions.releaseAt</c>): visible to staff
/// only, until the <see cref="TimerKind.DecisionRelease"/> timer (due at <see cref="ReleaseAt"/>) or staff release it.
/// Deciding again before then replaces it. A pending offer holds its cohort seat.
/// </summary>
public sealed record PendingDecision(
    StaffDecision Decision,
    string Note,
    bool OverCapacity,
    bool FromWaitlist,
    DateTimeOffset DecidedAt,
    string DecidedBy,
    DateTimeOffset ReleaseAt);

/// <summary>A timer the application is waiting for. <see cref="Subject"/> is the assignment or offer id it concerns.</summary>
public sealed record PendingTimer(string TimerId, DateTimeOffset DueAt, TimerKind Kind, string? Subject = null);

/// <summary>The application aggregate: the result of replaying its events. Immutable.</summary>
public sealed record ApplicationState
{
    public required string Id { get; init; }
    public required string ProgramId { get; init; }
    public required string Cycle { get; init; }
    public Stage Stage { get; init; }

    /// <summary>Number of events applied.</summary>
    public long Version { get; init; }

    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }
    public DateTimeOffset? SubmittedAt { get; init; }

    /// <summary>The submission deadline recorded when the draft was created.</summary>
    public DateTimeOffset Deadline { get; init; }

    public required Applicant Applicant { get; init; }
    public required Project Project { get; init; }
    public required string Track { get; init; }
    public required string AccessTokenHash { get; init; }

    /// <summary>The privacy notice accepted at creation; null for applications created before it was recorded.</summary>
    public Consent? Consent { get; init; }

    public IReadOnlyList<Material> Materials { get; init; } = [];
    public ScreeningResult? ScreeningResult { get; init; }
    public IReadOnlyList<ReviewAssignment> Assignments { get; init; } = [];
    public double? WeightedScore { get; init; }
    public Offer? Offer { get; init; }
    public string? DecisionNote { get; init; }

    /// <summary>A decision staff recorded that the applicant will hear of at the program's announcement date; null otherwise.</summary>
    public PendingDecision? PendingDecision { get; init; }
    public string? WithdrawalReason { get; init; }

    /// <summary>Reasons staff should look at this application (e.g. "no-mentor-left", "review-overdue:a3").</summary>
    public IReadOnlyList<string> NeedsAttention { get; init; } = [];

    /// <summary>Review slots last reported as impossible to fill.</summary>
    public int UnfilledSlots { get; init; }

    public IReadOnlyList<PendingTimer> PendingTimers { get; init; } = [];

    public bool IsFinal() => StageRules.IsFinal(Stage);

    /// <summary>
    /// Whether this application holds a cohort seat: an offer outstanding or accepted, or an offer decided and not yet
    /// released (ADR 0011).
    /// </summary>
    public bool HoldsSeat() => Stage is Stage.Offered or Stage.Accepted || PendingDecision?.Decision == StaffDecision.Offer;

    public ReviewAssignment? FindAssignment(string? assignmentId) =>
        Assignments.FirstOrDefault(a => a.AssignmentId == assignmentId);

    public Material? FindMaterial(string? materialId) => Materials.FirstOrDefault(m => m.MaterialId == materialId);

    public PendingTimer? FindTimer(string? timerId) => PendingTimers.FirstOrDefault(t => t.TimerId == timerId);

    /// <summary>The earliest pending timer, for indexes and dashboards.</summary>
    public DateTimeOffset? NextTimerDueAt() => PendingTimers.Count == 0 ? null : PendingTimers.Min(t => t.DueAt);

    /// <summary>Assignments that hold a review slot: open or completed.</summary>
    public IEnumerable<ReviewAssignment> ActiveAssignments() =>
        Assignments.Where(a => a.Status is AssignmentStatus.Open or AssignmentStatus.Completed);

    public IEnumerable<ReviewAssignment> CompletedAssignments() =>
        Assignments.Where(a => a.Status == AssignmentStatus.Completed);

    /// <summary>Kinds of material that are uploaded and verified.</summary>
    public IEnumerable<MaterialKind> VerifiedKinds() =>
        Materials.Where(m => m.Status == MaterialStatus.Verified).Select(m => m.Kind).Distinct();
}
