using System.Text.Json.Serialization;
using TalentFunctions.Domain.Applications;
using TalentFunctions.Domain.Programs;

namespace TalentFunctions.Web.Api;

/// <summary>
/// The fields of an event as the staff audit history shows them (<see cref="AuditEntry.Data"/>): one record per
/// event of <see cref="ApplicationEvent"/>, with the event's field names and its type name as <c>type</c>, and
/// without what staff must not see (<see cref="DraftCreated.AccessTokenHash"/>). A new event is published only
/// once it has a record here and a line in <see cref="From"/>.
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(DraftCreatedData), nameof(DraftCreated))]
[JsonDerivedType(typeof(DraftEditedData), nameof(DraftEdited))]
[JsonDerivedType(typeof(MaterialRequestedData), nameof(MaterialRequested))]
[JsonDerivedType(typeof(MaterialAttachedData), nameof(MaterialAttached))]
[JsonDerivedType(typeof(MaterialRemovedData), nameof(MaterialRemoved))]
[JsonDerivedType(typeof(SubmittedData), nameof(Submitted))]
[JsonDerivedType(typeof(ScreeningStartedData), nameof(ScreeningStarted))]
[JsonDerivedType(typeof(ScreenedInData), nameof(ScreenedIn))]
[JsonDerivedType(typeof(ScreenedOutData), nameof(ScreenedOut))]
[JsonDerivedType(typeof(ScreeningOverriddenData), nameof(ScreeningOverridden))]
[JsonDerivedType(typeof(MentorAssignedData), nameof(MentorAssigned))]
[JsonDerivedType(typeof(ReviewReassignedData), nameof(ReviewReassigned))]
[JsonDerivedType(typeof(ReviewSlotUnfilledData), nameof(ReviewSlotUnfilled))]
[JsonDerivedType(typeof(ReviewSubmittedData), nameof(ReviewSubmitted))]
[JsonDerivedType(typeof(ReviewsCompletedData), nameof(ReviewsCompleted))]
[JsonDerivedType(typeof(ConflictDeclaredData), nameof(ConflictDeclared))]
[JsonDerivedType(typeof(ReviewReminderDueData), nameof(ReviewReminderDue))]
[JsonDerivedType(typeof(ReviewOverdueData), nameof(ReviewOverdue))]
[JsonDerivedType(typeof(OfferMadeData), nameof(OfferMade))]
[JsonDerivedType(typeof(OfferReminderDueData), nameof(OfferReminderDue))]
[JsonDerivedType(typeof(RejectedData), nameof(Rejected))]
[JsonDerivedType(typeof(WaitlistedData), nameof(Waitlisted))]
[JsonDerivedType(typeof(OfferAcceptedData), nameof(OfferAccepted))]
[JsonDerivedType(typeof(OfferDeclinedData), nameof(OfferDeclined))]
[JsonDerivedType(typeof(OfferExpiredData), nameof(OfferExpired))]
[JsonDerivedType(typeof(WithdrewData), nameof(Withdrew))]
[JsonDerivedType(typeof(DraftReminderDueData), nameof(DraftReminderDue))]
[JsonDerivedType(typeof(MarkedIncompleteData), nameof(MarkedIncomplete))]
[JsonDerivedType(typeof(NeedsAttentionFlaggedData), nameof(NeedsAttentionFlagged))]
[JsonDerivedType(typeof(NeedsAttentionResolvedData), nameof(NeedsAttentionResolved))]
[JsonDerivedType(typeof(WaitlistNextSuggestedData), nameof(WaitlistNextSuggested))]
[JsonDerivedType(typeof(DecisionRecordedData), nameof(DecisionRecorded))]
[JsonDerivedType(typeof(DecisionReleasedData), nameof(DecisionReleased))]
[JsonDerivedType(typeof(DecisionReleaseMovedData), nameof(DecisionReleaseMoved))]
public abstract record AuditEventData(DateTimeOffset At, string Actor)
{
    /// <summary>The event's data for staff, or null for an event that has no record here.</summary>
    public static AuditEventData? From(ApplicationEvent e) => e switch
    {
        // Not AccessTokenHash: the applicant's credential.
        DraftCreated x => new DraftCreatedData(x.At, x.Actor, x.ApplicationId, x.ProgramId, x.Cycle, x.Track, x.Applicant, x.Project, x.Deadline, x.Timers, x.Consent),
        DraftEdited x => new DraftEditedData(x.At, x.Actor, x.Track, x.Applicant, x.Project),
        MaterialRequested x => new MaterialRequestedData(x.At, x.Actor, x.MaterialId, x.Kind, x.FileName, x.ContentType, x.Length, x.BlobName),
        MaterialAttached x => new MaterialAttachedData(x.At, x.Actor, x.MaterialId, x.VerifiedLength, x.ContentType),
        MaterialRemoved x => new MaterialRemovedData(x.At, x.Actor, x.MaterialId),
        Submitted x => new SubmittedData(x.At, x.Actor),
        ScreeningStarted x => new ScreeningStartedData(x.At, x.Actor),
        ScreenedIn x => new ScreenedInData(x.At, x.Actor),
        ScreenedOut x => new ScreenedOutData(x.At, x.Actor, x.Reasons),
        ScreeningOverridden x => new ScreeningOverriddenData(x.At, x.Actor, x.Outcome, x.Note),
        MentorAssigned x => new MentorAssignedData(x.At, x.Actor, x.AssignmentId, x.MentorId, x.DueAt, x.Timers),
        ReviewReassigned x => new ReviewReassignedData(x.At, x.Actor, x.FromAssignmentId, x.NewAssignmentId, x.NewMentorId, x.DueAt, x.ReassignedOnce, x.Timers),
        ReviewSlotUnfilled x => new ReviewSlotUnfilledData(x.At, x.Actor, x.UnfilledSlots),
        ReviewSubmitted x => new ReviewSubmittedData(x.At, x.Actor, x.AssignmentId, x.MentorId, x.Scores, x.Recommendation, x.Comment),
        ReviewsCompleted x => new ReviewsCompletedData(x.At, x.Actor, x.WeightedScore),
        ConflictDeclared x => new ConflictDeclaredData(x.At, x.Actor, x.AssignmentId, x.MentorId, x.Reason),
        ReviewReminderDue x => new ReviewReminderDueData(x.At, x.Actor, x.AssignmentId),
        ReviewOverdue x => new ReviewOverdueData(x.At, x.Actor, x.AssignmentId, x.SlotReleased),
        OfferMade x => new OfferMadeData(x.At, x.Actor, x.OfferId, x.ExpiresAt, x.Note, x.Timers, x.OverCapacity, x.FromWaitlist),
        OfferReminderDue x => new OfferReminderDueData(x.At, x.Actor, x.OfferId),
        Rejected x => new RejectedData(x.At, x.Actor, x.Note),
        Waitlisted x => new WaitlistedData(x.At, x.Actor, x.Note),
        OfferAccepted x => new OfferAcceptedData(x.At, x.Actor, x.OfferId),
        OfferDeclined x => new OfferDeclinedData(x.At, x.Actor, x.OfferId),
        OfferExpired x => new OfferExpiredData(x.At, x.Actor, x.OfferId),
        Withdrew x => new WithdrewData(x.At, x.Actor, x.Reason),
        DraftReminderDue x => new DraftReminderDueData(x.At, x.Actor, x.HoursBefore, x.TimerId),
        MarkedIncomplete x => new MarkedIncompleteData(x.At, x.Actor),
        NeedsAttentionFlagged x => new NeedsAttentionFlaggedData(x.At, x.Actor, x.Reason),
        NeedsAttentionResolved x => new NeedsAttentionResolvedData(x.At, x.Actor, x.Reason),
        WaitlistNextSuggested x => new WaitlistNextSuggestedData(x.At, x.Actor, x.FreedBy),
        DecisionRecorded x => new DecisionRecordedData(x.At, x.Actor, x.Decision, x.Note, x.OverCapacity, x.FromWaitlist, x.Timer),
        DecisionReleased x => new DecisionReleasedData(x.At, x.Actor, x.Decision),
        DecisionReleaseMoved x => new DecisionReleaseMovedData(x.At, x.Actor, x.Timer),
        _ => null,
    };
}

public sealed record DraftCreatedData(
    DateTimeOffset At, string Actor, string ApplicationId, string ProgramId, string Cycle, string Track,
    Applicant Applicant, Project Project, DateTimeOffset Deadline, IReadOnlyList<PendingTimer> Timers, Consent? Consent) : AuditEventData(At, Actor);

public sealed record DraftEditedData(DateTimeOffset At, string Actor, string Track, Applicant Applicant, Project Project) : AuditEventData(At, Actor);

public sealed record MaterialRequestedData(
    DateTimeOffset At, string Actor, string MaterialId, MaterialKind Kind, string FileName, string ContentType, long Length, string BlobName)
    : AuditEventData(At, Actor);

public sealed record MaterialAttachedData(DateTimeOffset At, string Actor, string MaterialId, long VerifiedLength, string ContentType) : AuditEventData(At, Actor);

public sealed record MaterialRemovedData(DateTimeOffset At, string Actor, string MaterialId) : AuditEventData(At, Actor);

public sealed record SubmittedData(DateTimeOffset At, string Actor) : AuditEventData(At, Actor);

public sealed record ScreeningStartedData(DateTimeOffset At, string Actor) : AuditEventData(At, Actor);

public sealed record ScreenedInData(DateTimeOffset At, string Actor) : AuditEventData(At, Actor);

public sealed record ScreenedOutData(DateTimeOffset At, string Actor, IReadOnlyList<ScreeningFinding> Reasons) : AuditEventData(At, Actor);

public sealed record ScreeningOverriddenData(DateTimeOffset At, string Actor, ScreeningOutcome Outcome, string Note) : AuditEventData(At, Actor);

public sealed record MentorAssignedData(
    DateTimeOffset At, string Actor, string AssignmentId, string MentorId, DateTimeOffset DueAt, IReadOnlyList<PendingTimer> Timers) : AuditEventData(At, Actor);

public sealed record ReviewReassignedData(
    DateTimeOffset At, string Actor, string FromAssignmentId, string NewAssignmentId, string NewMentorId, DateTimeOffset DueAt, bool ReassignedOnce,
    IReadOnlyList<PendingTimer> Timers) : AuditEventData(At, Actor);

public sealed record ReviewSlotUnfilledData(DateTimeOffset At, string Actor, int UnfilledSlots) : AuditEventData(At, Actor);

public sealed record ReviewSubmittedData(
    DateTimeOffset At, string Actor, string AssignmentId, string MentorId, IReadOnlyDictionary<string, int> Scores, Recommendation Recommendation, string Comment)
    : AuditEventData(At, Actor);

public sealed record ReviewsCompletedData(DateTimeOffset At, string Actor, double WeightedScore) : AuditEventData(At, Actor);

public sealed record ConflictDeclaredData(DateTimeOffset At, string Actor, string AssignmentId, string MentorId, string? Reason) : AuditEventData(At, Actor);

public sealed record ReviewReminderDueData(DateTimeOffset At, string Actor, string AssignmentId) : AuditEventData(At, Actor);

public sealed record ReviewOverdueData(DateTimeOffset At, string Actor, string AssignmentId, bool SlotReleased) : AuditEventData(At, Actor);

public sealed record OfferMadeData(DateTimeOffset At, string Actor, string OfferId, DateTimeOffset ExpiresAt, string Note, IReadOnlyList<PendingTimer> Timers, bool OverCapacity, bool FromWaitlist)
    : AuditEventData(At, Actor);

public sealed record OfferReminderDueData(DateTimeOffset At, string Actor, string OfferId) : AuditEventData(At, Actor);

public sealed record RejectedData(DateTimeOffset At, string Actor, string Note) : AuditEventData(At, Actor);

public sealed record WaitlistedData(DateTimeOffset At, string Actor, string Note) : AuditEventData(At, Actor);

public sealed record OfferAcceptedData(DateTimeOffset At, string Actor, string OfferId) : AuditEventData(At, Actor);

public sealed record OfferDeclinedData(DateTimeOffset At, string Actor, string OfferId) : AuditEventData(At, Actor);

public sealed record OfferExpiredData(DateTimeOffset At, string Actor, string OfferId) : AuditEventData(At, Actor);

public sealed record WithdrewData(DateTimeOffset At, string Actor, string? Reason) : AuditEventData(At, Actor);

public sealed record DraftReminderDueData(DateTimeOffset At, string Actor, int HoursBefore, string? TimerId) : AuditEventData(At, Actor);

public sealed record MarkedIncompleteData(DateTimeOffset At, string Actor) : AuditEventData(At, Actor);

public sealed record NeedsAttentionFlaggedData(DateTimeOffset At, string Actor, string Reason) : AuditEventData(At, Actor);

public sealed record NeedsAttentionResolvedData(DateTimeOffset At, string Actor, string Reason) : AuditEventData(At, Actor);

public sealed record WaitlistNextSuggestedData(DateTimeOffset At, string Actor, string FreedBy) : AuditEventData(At, Actor);

public sealed record DecisionRecordedData(
    DateTimeOffset At, string Actor, StaffDecision Decision, string Note, bool OverCapacity, bool FromWaitlist, PendingTimer Timer) : AuditEventData(At, Actor);

public sealed record DecisionReleasedData(DateTimeOffset At, string Actor, StaffDecision Decision) : AuditEventData(At, Actor);

public sealed record DecisionReleaseMovedData(DateTimeOffset At, string Actor, PendingTimer Timer) : AuditEventData(At, Actor);
