using System.Text.Json.Serialization;

namespace TalentFunctions.Domain.Applications;

/// <summary>
/// Something the runtime must do after the events are committed (it stores effects in the outbox).
/// <see cref="EffectId"/> is deterministic — <c>{applicationId}:{version of the decision's first event:D10}:{index:D2}</c> —
/// so performing an effect twice can be recognised and deduplicated.
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(SendEmail), nameof(SendEmail))]
[JsonDerivedType(typeof(ScheduleTimer), nameof(ScheduleTimer))]
[JsonDerivedType(typeof(CancelTimer), nameof(CancelTimer))]
[JsonDerivedType(typeof(EnqueueWork), nameof(EnqueueWork))]
public abstract record Effect(string EffectId, string ApplicationId);

public enum EmailKind
{
    DraftStarted,
    SubmissionReceived,
    DraftReminder72h,
    DraftReminder24h,
    MarkedIncomplete,
    ScreenedOut,
    UnderReview,
    OfferMade,
    OfferReminder,
    AcceptedWelcome,
    Rejected,
    Waitlisted,
    WithdrawalConfirmed,
    MentorReviewRequest,
    MentorReviewReminder,
    MentorSlotReassigned,
    MentorThankYou,
    StaffReviewReassigned,
    StaffNoMentorLeft,
    StaffApplicationReviewed,
    StaffOfferAccepted,
    StaffOfferDeclined,
    StaffOfferExpired,
    StaffNeedsAttention,

    /// <summary>To staff: a seat freed and the program's waitlist suggests who is next.</summary>
    StaffWaitlistNext,

    /// <summary>To a mentor whose open review was withdrawn (application withdrawn or screened out by staff).</summary>
    MentorReviewCancelled,
}

public enum RecipientKind
{
    Applicant,
    Mentor,
    Staff,
}

/// <summary>Who an email goes to; <see cref="Language"/> is "zh" or "en".</summary>
public sealed record Recipient(RecipientKind Kind, string Address, string Name, string Language);

/// <summary>
/// An email to render and send. <see cref="Data"/> is what it is about, as data (see <see cref="EmailFacts"/>); the
/// email side formats it for <see cref="To"/>.
/// </summary>
public sealed record SendEmail(
    string EffectId,
    string ApplicationId,
    EmailKind Kind,
    Recipient To,
    EmailFacts Data) : Effect(EffectId, ApplicationId);

/// <summary>Make sure <c>TimerFired(TimerId)</c> arrives at <see cref="DueAt"/>.</summary>
public sealed record ScheduleTimer(
    string EffectId,
    string ApplicationId,
    string TimerId,
    DateTimeOffset DueAt,
    TimerKind Kind) : Effect(EffectId, ApplicationId);

/// <summary>The timer no longer applies; <see cref="DueAt"/> locates its row.</summary>
public sealed record CancelTimer(
    string EffectId,
    string ApplicationId,
    string TimerId,
    DateTimeOffset DueAt) : Effect(EffectId, ApplicationId);

public enum WorkKind
{
    Screening,
    AssignMentors,

    /// <summary>A cohort seat freed: the waitlist moves (planned by the workflow's effect planner, not by a command).</summary>
    WaitlistPromotion,
}

/// <summary>Put a work item on the queue; its handler sends the matching commands.</summary>
public sealed record EnqueueWork(string EffectId, string ApplicationId, WorkKind Kind) : Effect(EffectId, ApplicationId);
