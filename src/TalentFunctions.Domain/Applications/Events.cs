using System.Text.Json.Serialization;
using TalentFunctions.Domain.Programs;

namespace TalentFunctions.Domain.Applications;

/// <summary>
/// A fact about an application. Events are stored forever: they carry every value <see cref="ApplicationDecider.Evolve"/>
/// needs (timer due times included), so replaying old events never depends on today's rules or configuration.
/// The JSON discriminator ("type") is the class name.
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(DraftCreated), nameof(DraftCreated))]
[JsonDerivedType(typeof(DraftEdited), nameof(DraftEdited))]
[JsonDerivedType(typeof(MaterialRequested), nameof(MaterialRequested))]
[JsonDerivedType(typeof(MaterialAttached), nameof(MaterialAttached))]
[JsonDerivedType(typeof(MaterialRemoved), nameof(MaterialRemoved))]
[JsonDerivedType(typeof(Submitted), nameof(Submitted))]
[JsonDerivedType(typeof(ScreeningStarted), nameof(ScreeningStarted))]
[JsonDerivedType(typeof(ScreenedIn), nameof(ScreenedIn))]
[JsonDerivedType(typeof(ScreenedOut), nameof(ScreenedOut))]
[JsonDerivedType(typeof(ScreeningOverridden), nameof(ScreeningOverridden))]
[JsonDerivedType(typeof(MentorAssigned), nameof(MentorAssigned))]
[JsonDerivedType(typeof(ReviewReassigned), nameof(ReviewReassigned))]
[JsonDerivedType(typeof(ReviewSlotUnfilled), nameof(ReviewSlotUnfilled))]
[JsonDerivedType(typeof(ReviewSubmitted), nameof(ReviewSubmitted))]
[JsonDerivedType(typeof(ReviewsCompleted), nameof(ReviewsCompleted))]
[JsonDerivedType(typeof(ConflictDeclared), nameof(ConflictDeclared))]
[JsonDerivedType(typeof(ReviewReminderDue), nameof(ReviewReminderDue))]
[JsonDerivedType(typeof(ReviewOverdue), nameof(ReviewOverdue))]
[JsonDerivedType(typeof(OfferMade), nameof(OfferMade))]
[JsonDerivedType(typeof(OfferReminderDue), nameof(OfferReminderDue))]
[JsonDerivedType(typeof(Rejected), nameof(Rejected))]
[JsonDerivedType(typeof(Waitlisted), nameof(Waitlisted))]
[JsonDerivedType(typeof(OfferAccepted), nameof(OfferAccepted))]
[JsonDerivedType(typeof(OfferDeclined), nameof(OfferDeclined))]
[JsonDerivedType(typeof(OfferExpired), nameof(OfferExpired))]
[JsonDerivedType(typeof(Withdrew), nameof(Withdrew))]
[JsonDerivedType(typeof(DraftReminderDue), nameof(DraftReminderDue))]
[JsonDerivedType(typeof(MarkedIncomplete), nameof(MarkedIncomplete))]
[JsonDerivedType(typeof(NeedsAttentionFlagged), nameof(NeedsAttentionFlagged))]
[JsonDerivedType(typeof(NeedsAttentionResolved), nameof(NeedsAttentionResolved))]
[JsonDerivedType(typeof(WaitlistNextSuggested), nameof(WaitlistNextSuggested))]
[JsonDerivedType(typeof(DecisionRecorded), nameof(DecisionRecorded))]
[JsonDerivedType(typeof(DecisionReleased), nameof(DecisionReleased))]
[JsonDerivedType(typeof(DecisionReleaseMoved), nameof(DecisionReleaseMoved))]
public abstract record ApplicationEvent(DateTimeOffset At, string Actor);

/// <summary>
/// The draft exists. <see cref="Timers"/>: the draft reminders still in the future and the deadline timer.
/// <see cref="Consent"/>: the privacy notice the applicant accepted; optional, as events stored before it have none.
/// </summary>
public sealed record DraftCreated(
    DateTimeOffset At,
    string Actor,
    string ApplicationId,
    string ProgramId,
    string Cycle,
    string Track,
    Applicant Applicant,
    Project Project,
    string AccessTokenHash,
    DateTimeOffset Deadline,
    IReadOnlyList<PendingTimer> Timers,
    Consent? Consent = null) : ApplicationEvent(At, Actor);

/// <summary>The draft after the edit (whole values, not a patch).</summary>
public sealed record DraftEdited(
    DateTimeOffset At,
    string Actor,
    string Track,
    Applicant Applicant,
    Project Project) : ApplicationEvent(At, Actor);

/// <summary>An upload was announced; it counts once <see cref="MaterialAttached"/> verifies it.</summary>
public sealed record MaterialRequested(
    DateTimeOffset At,
    string Actor,
    string MaterialId,
    MaterialKind Kind,
    string FileName,
    string ContentType,
    long Length,
    string BlobName) : ApplicationEvent(At, Actor);

public sealed record MaterialAttached(
    DateTimeOffset At,
    string Actor,
    string MaterialId,
    long VerifiedLength,
    string ContentType) : ApplicationEvent(At, Actor);

public sealed record MaterialRemoved(DateTimeOffset At, string Actor, string MaterialId) : ApplicationEvent(At, Actor);

public sealed record Submitted(DateTimeOffset At, string Actor) : ApplicationEvent(At, Actor);

public sealed record ScreeningStarted(DateTimeOffset At, string Actor) : ApplicationEvent(At, Actor);

/// <summary>Screening passed: the application is in review.</summary>
public sealed record ScreenedIn(DateTimeOffset At, string Actor) : ApplicationEvent(At, Actor);

/// <summary>Screening failed, with every reason found.</summary>
public sealed record ScreenedOut(
    DateTimeOffset At,
    string Actor,
    IReadOnlyList<ScreeningFinding> Reasons) : ApplicationEvent(At, Actor);

/// <summary>Staff overturned screening (Pass: ScreenedOut → InReview; Fail: InReview → ScreenedOut).</summary>
public sealed record ScreeningOverridden(
    DateTimeOffset At,
    string Actor,
    ScreeningOutcome Outcome,
    string Note) : ApplicationEvent(At, Actor);

/// <summary>A mentor got a fresh review slot. <see cref="Timers"/>: reminder (48 h before, if still ahead) and due.</summary>
public sealed record MentorAssigned(
    DateTimeOffset At,
    string Actor,
    string AssignmentId,
    string MentorId,
    DateTimeOffset DueAt,
    IReadOnlyList<PendingTimer> Timers) : ApplicationEvent(At, Actor);

/// <summary>
/// A vacated slot (overdue or conflict) went to another mentor. <see cref="ReassignedOnce"/> is true when the slot has
/// now been reassigned for being overdue, so it will not be reassigned again.
/// </summary>
public sealed record ReviewReassigned(
    DateTimeOffset At,
    string Actor,
    string FromAssignmentId,
    string NewAssignmentId,
    string NewMentorId,
    DateTimeOffset DueAt,
    bool ReassignedOnce,
    IReadOnlyList<PendingTimer> Timers) : ApplicationEvent(At, Actor);

/// <summary>No eligible mentor is left for <see cref="UnfilledSlots"/> slot(s); the application needs attention.</summary>
public sealed record ReviewSlotUnfilled(DateTimeOffset At, string Actor, int UnfilledSlots) : ApplicationEvent(At, Actor);

public sealed record ReviewSubmitted(
    DateTimeOffset At,
    string Actor,
    string AssignmentId,
    string MentorId,
    IReadOnlyDictionary<string, int> Scores,
    Recommendation Recommendation,
    string Comment) : ApplicationEvent(At, Actor);

/// <summary>Every slot has its review. <see cref="WeightedScore"/> is the mean over reviews of each review's weighted mean.</summary>
public sealed record ReviewsCompleted(DateTimeOffset At, string Actor, double WeightedScore) : ApplicationEvent(At, Actor);

public sealed record ConflictDeclared(
    DateTimeOffset At,
    string Actor,
    string AssignmentId,
    string MentorId,
    string? Reason = null) : ApplicationEvent(At, Actor);

/// <summary>The 48-hours-before reminder of a review fell due.</summary>
public sealed record ReviewReminderDue(DateTimeOffset At, string Actor, string AssignmentId) : ApplicationEvent(At, Actor);

/// <summary>
/// A review fell due while open. <see cref="SlotReleased"/>: the assignment is now Reassigned and the slot goes to
/// another mentor; false when the slot was already reassigned once (the assignment stays open and staff are told).
/// </summary>
public sealed record ReviewOverdue(
    DateTimeOffset At,
    string Actor,
    string AssignmentId,
    bool SlotReleased) : ApplicationEvent(At, Actor);

/// <summary>Staff made an offer. <see cref="Timers"/>: reminder (48 h before expiry, if still ahead) and expiry.</summary>
public sealed record OfferMade(
    DateTimeOffset At,
    string Actor,
    string OfferId,
    DateTimeOffset ExpiresAt,
    string Note,
    IReadOnlyList<PendingTimer> Timers,
    bool OverCapacity = false,
    bool FromWaitlist = false) : ApplicationEvent(At, Actor);

/// <summary>
/// Staff decided before the program's announcement date: the decision waits, unseen by the applicant, for
/// <see cref="Timer"/> (due at the release date) or a staff release. It replaces a decision recorded before; the stage
/// does not change.
/// </summary>
public sealed record DecisionRecorded(
    DateTimeOffset At,
    string Actor,
    StaffDecision Decision,
    string Note,
    bool OverCapacity,
    bool FromWaitlist,
    PendingTimer Timer) : ApplicationEvent(At, Actor);

/// <summary>
/// The pending decision goes out (its timer fired, or staff released it); the decision's own event
/// (<see cref="OfferMade"/>, <see cref="Rejected"/>, <see cref="Waitlisted"/>) follows, dated now.
/// </summary>
public sealed record DecisionReleased(DateTimeOffset At, string Actor, StaffDecision Decision) : ApplicationEvent(At, Actor);

/// <summary>The announcement date moved: the pending decision is released by <see cref="Timer"/> instead.</summary>
public sealed record DecisionReleaseMoved(DateTimeOffset At, string Actor, PendingTimer Timer) : ApplicationEvent(At, Actor);

/// <summary>Staff were told this waitlisted application is next for the seat <see cref="FreedBy"/> gave up.</summary>
public sealed record WaitlistNextSuggested(DateTimeOffset At, string Actor, string FreedBy) : ApplicationEvent(At, Actor);

public sealed record OfferReminderDue(DateTimeOffset At, string Actor, string OfferId) : ApplicationEvent(At, Actor);

public sealed record Rejected(DateTimeOffset At, string Actor, string Note) : ApplicationEvent(At, Actor);

public sealed record Waitlisted(DateTimeOffset At, string Actor, string Note) : ApplicationEvent(At, Actor);

public sealed record OfferAccepted(DateTimeOffset At, string Actor, string OfferId) : ApplicationEvent(At, Actor);

public sealed record OfferDeclined(DateTimeOffset At, string Actor, string OfferId) : ApplicationEvent(At, Actor);

public sealed record OfferExpired(DateTimeOffset At, string Actor, string OfferId) : ApplicationEvent(At, Actor);

public sealed record Withdrew(DateTimeOffset At, string Actor, string? Reason = null) : ApplicationEvent(At, Actor);

/// <summary>A draft reminder (72 or 24 hours before the deadline) fell due while still a draft.</summary>
public sealed record DraftReminderDue(DateTimeOffset At, string Actor, int HoursBefore, string? TimerId = null) : ApplicationEvent(At, Actor);

/// <summary>The deadline passed while the application was a draft.</summary>
public sealed record MarkedIncomplete(DateTimeOffset At, string Actor) : ApplicationEvent(At, Actor);

public sealed record NeedsAttentionFlagged(DateTimeOffset At, string Actor, string Reason) : ApplicationEvent(At, Actor);

public sealed record NeedsAttentionResolved(DateTimeOffset At, string Actor, string Reason) : ApplicationEvent(At, Actor);
