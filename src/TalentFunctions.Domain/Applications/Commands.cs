using System.Text.Json.Serialization;
using TalentFunctions.Domain.Programs;

namespace TalentFunctions.Domain.Applications;

/// <summary>
/// Something someone asks of an application. <see cref="CommandId"/> makes it idempotent (the runtime keeps a
/// marker per id); <see cref="Actor"/> names who asked (e.g. "applicant", "staff:alice", "mentor:hd-chen-yu", "system").
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(CreateDraft), nameof(CreateDraft))]
[JsonDerivedType(typeof(EditDraft), nameof(EditDraft))]
[JsonDerivedType(typeof(RequestMaterial), nameof(RequestMaterial))]
[JsonDerivedType(typeof(AttachMaterial), nameof(AttachMaterial))]
[JsonDerivedType(typeof(RemoveMaterial), nameof(RemoveMaterial))]
[JsonDerivedType(typeof(Submit), nameof(Submit))]
[JsonDerivedType(typeof(StartScreening), nameof(StartScreening))]
[JsonDerivedType(typeof(CompleteScreening), nameof(CompleteScreening))]
[JsonDerivedType(typeof(OverrideScreening), nameof(OverrideScreening))]
[JsonDerivedType(typeof(AssignMentors), nameof(AssignMentors))]
[JsonDerivedType(typeof(SubmitReview), nameof(SubmitReview))]
[JsonDerivedType(typeof(DeclareConflict), nameof(DeclareConflict))]
[JsonDerivedType(typeof(TimerFired), nameof(TimerFired))]
[JsonDerivedType(typeof(Decide), nameof(Decide))]
[JsonDerivedType(typeof(ReleaseDecision), nameof(ReleaseDecision))]
[JsonDerivedType(typeof(MoveDecisionRelease), nameof(MoveDecisionRelease))]
[JsonDerivedType(typeof(SuggestFromWaitlist), nameof(SuggestFromWaitlist))]
[JsonDerivedType(typeof(RespondToOffer), nameof(RespondToOffer))]
[JsonDerivedType(typeof(Withdraw), nameof(Withdraw))]
[JsonDerivedType(typeof(FlagNeedsAttention), nameof(FlagNeedsAttention))]
[JsonDerivedType(typeof(ResolveNeedsAttention), nameof(ResolveNeedsAttention))]
public abstract record ApplicationCommand(string CommandId, string Actor);

/// <summary>
/// Starts an application. The runtime generates the id and the access token and passes the token's hash.
/// <see cref="Partial"/>: a half-filled draft, where only the email must be there; what is not given yet is empty
/// (0 for the graduation year, null for the format) and is checked when the draft is submitted.
/// </summary>
public sealed record CreateDraft(
    string CommandId,
    string Actor,
    string ApplicationId,
    string ProgramId,
    string Track,
    Applicant Applicant,
    Project Project,
    string AccessTokenHash,
    bool Partial = false,
    string? PrivacyNotice = null) : ApplicationCommand(CommandId, Actor);

/// <summary>
/// Changes a draft. Null means "leave as is"; a given applicant or project replaces the whole part; then
/// <see cref="ApplicantChanges"/> and <see cref="ProjectChanges"/> change single fields of it (merged on the current
/// state, so two edits of different fields both count). An empty text clears a field (the draft then misses it).
/// </summary>
public sealed record EditDraft(
    string CommandId,
    string Actor,
    string? Track = null,
    Applicant? Applicant = null,
    Project? Project = null,
    ApplicantChanges? ApplicantChanges = null,
    ProjectChanges? ProjectChanges = null) : ApplicationCommand(CommandId, Actor);

/// <summary>Fields of the applicant to change; null keeps the current value.</summary>
public sealed record ApplicantChanges(
    string? Name = null,
    string? Email = null,
    string? PreferredLanguage = null,
    string? TimeZone = null,
    string? School = null,
    int? GraduationYear = null,
    IReadOnlyList<string>? Roles = null,
    IReadOnlyList<string>? Awards = null,
    IReadOnlyList<string>? Affiliations = null)
{
    public Applicant ApplyTo(Applicant a) => a with
    {
        Name = Name ?? a.Name,
        Email = Email ?? a.Email,
        PreferredLanguage = PreferredLanguage ?? a.PreferredLanguage,
        TimeZone = TimeZone ?? a.TimeZone,
        School = School ?? a.School,
        GraduationYear = GraduationYear ?? a.GraduationYear,
        Roles = Roles ?? a.Roles,
        Awards = Awards ?? a.Awards,
        Affiliations = Affiliations ?? a.Affiliations,
    };
}

/// <summary>Fields of the project to change; null keeps the current value.</summary>
public sealed record ProjectChanges(
    string? Title = null,
    string? Logline = null,
    string? Synopsis = null,
    string? Language = null,
    ProjectFormat? Format = null)
{
    public Project ApplyTo(Project p) => p with
    {
        Title = Title ?? p.Title,
        Logline = Logline ?? p.Logline,
        Synopsis = Synopsis ?? p.Synopsis,
        Language = Language ?? p.Language,
        Format = Format ?? p.Format,
    };
}

/// <summary>The applicant announces an upload (the runtime then hands out a write-only SAS for <see cref="BlobName"/>).</summary>
public sealed record RequestMaterial(
    string CommandId,
    string Actor,
    string MaterialId,
    MaterialKind Kind,
    string FileName,
    string ContentType,
    long Length,
    string BlobName) : ApplicationCommand(CommandId, Actor);

/// <summary>The runtime verified the uploaded blob (size, type by magic bytes).</summary>
public sealed record AttachMaterial(
    string CommandId,
    string Actor,
    string MaterialId,
    long VerifiedLength,
    string ContentType) : ApplicationCommand(CommandId, Actor);

public sealed record RemoveMaterial(string CommandId, string Actor, string MaterialId) : ApplicationCommand(CommandId, Actor);

public sealed record Submit(string CommandId, string Actor) : ApplicationCommand(CommandId, Actor);

/// <summary>The screening work item's first command.</summary>
public sealed record StartScreening(string CommandId, string Actor) : ApplicationCommand(CommandId, Actor);

/// <summary>
/// The screening work item's verdict input. The runtime looks up other applications with the same applicant email in
/// the same program and cycle (the domain sees one application only) and passes what it found.
/// </summary>
public sealed record CompleteScreening(
    string CommandId,
    string Actor,
    bool DuplicateOfOtherApplication = false,
    string? DuplicateApplicationId = null) : ApplicationCommand(CommandId, Actor);

public enum ScreeningOutcome
{
    Pass,
    Fail,
}

/// <summary>Staff overturn screening: ScreenedOut → InReview (Pass) or InReview before any review → ScreenedOut (Fail).</summary>
public sealed record OverrideScreening(
    string CommandId,
    string Actor,
    ScreeningOutcome Outcome,
    string Note) : ApplicationCommand(CommandId, Actor);

/// <summary>How many reviews a mentor currently has open, across all applications (supplied by the runtime).</summary>
public sealed record MentorLoad(string MentorId, int OpenReviews);

/// <summary>The assign-mentors work item: fill every open review slot. Mentors missing from the loads count as 0 open.</summary>
public sealed record AssignMentors(
    string CommandId,
    string Actor,
    IReadOnlyList<MentorLoad> Loads) : ApplicationCommand(CommandId, Actor);

/// <summary>
/// A mentor's review. <see cref="MentorId"/>, when given (from the signed link), must match the assignment's mentor.
/// </summary>
public sealed record SubmitReview(
    string CommandId,
    string Actor,
    string AssignmentId,
    IReadOnlyDictionary<string, int> Scores,
    Recommendation Recommendation,
    string Comment,
    string? MentorId = null) : ApplicationCommand(CommandId, Actor);

public sealed record DeclareConflict(
    string CommandId,
    string Actor,
    string AssignmentId,
    string? MentorId = null,
    string? Reason = null) : ApplicationCommand(CommandId, Actor);

/// <summary>A timer fell due. The runtime uses the timer id as command id, so a second firing is a no-op.</summary>
public sealed record TimerFired(string CommandId, string Actor, string TimerId) : ApplicationCommand(CommandId, Actor);

public enum StaffDecision
{
    Offer,
    Reject,
    Waitlist,
}

/// <summary>
/// Staff decide a reviewed (or waitlisted) application. <see cref="ReleaseAt"/>, when given, is the program's announcement
/// date as staff last set it, in place of <c>decisions.releaseAt</c> from the programs file.
/// </summary>
public sealed record Decide(
    string CommandId,
    string Actor,
    StaffDecision Decision,
    string? Note = null,
    bool OverCapacity = false,
    bool FromWaitlist = false,
    DateTimeOffset? ReleaseAt = null) : ApplicationCommand(CommandId, Actor);

/// <summary>
/// Staff send a pending decision now, before the program's announcement date. Refused when none is pending.
/// </summary>
public sealed record ReleaseDecision(string CommandId, string Actor) : ApplicationCommand(CommandId, Actor);

/// <summary>
/// Staff moved the program's announcement date to <see cref="ReleaseAt"/>: a pending decision is now released then
/// (its release timer is replaced). Nothing to do, and no refusal, when no decision is pending or it already has that date.
/// </summary>
public sealed record MoveDecisionRelease(string CommandId, string Actor, DateTimeOffset ReleaseAt) : ApplicationCommand(CommandId, Actor);

/// <summary>
/// A seat freed and the program's waitlist is in suggest mode: this waitlisted application is the one staff should
/// consider next (the workflow picks it; <see cref="FreedBy"/> is the application whose seat freed). Staff are emailed;
/// the stage does not change. Refused unless the application is waitlisted.
/// </summary>
public sealed record SuggestFromWaitlist(string CommandId, string Actor, string FreedBy) : ApplicationCommand(CommandId, Actor);

public sealed record RespondToOffer(
    string CommandId,
    string Actor,
    string OfferId,
    bool Accept) : ApplicationCommand(CommandId, Actor);

public sealed record Withdraw(string CommandId, string Actor, string? Reason = null) : ApplicationCommand(CommandId, Actor);

/// <summary>
/// The runtime flags something staff must look at (a poisoned work item, an email that could not be sent).
/// Allowed in every stage; never changes the stage. Set <see cref="NotifyStaff"/> to false when the failure was
/// itself a staff email, so a broken mailbox cannot loop.
/// </summary>
public sealed record FlagNeedsAttention(
    string CommandId,
    string Actor,
    string Reason,
    bool NotifyStaff = true) : ApplicationCommand(CommandId, Actor);

/// <summary>Staff clear one needs-attention reason.</summary>
public sealed record ResolveNeedsAttention(string CommandId, string Actor, string Reason) : ApplicationCommand(CommandId, Actor);
