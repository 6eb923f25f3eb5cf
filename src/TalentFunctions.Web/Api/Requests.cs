using TalentFunctions.Domain.Applications;
using TalentFunctions.Domain.Programs;

namespace TalentFunctions.Web.Api;

// Request bodies, bound by the framework (JsonRequest: a bad body is answered before the handler runs). Every field
// is nullable so that a missing field is reported by validation (422, naming it) rather than by the JSON reader.

public sealed record ApplicantInput(
    string? Name,
    string? Email,
    string? PreferredLanguage,
    string? TimeZone,
    string? School,
    int? GraduationYear,
    IReadOnlyList<string>? Roles,
    IReadOnlyList<string>? Awards,
    IReadOnlyList<string>? Affiliations);

public sealed record ProjectInput(string? Title, string? Logline, string? Synopsis, string? Language, ProjectFormat? Format);

/// <summary>The privacy notice the applicant accepted: its version, as <c>GET /api/programs</c> and <c>/privacy</c> show it.</summary>
public sealed record ConsentInput(string? PrivacyNotice);

/// <param name="Partial">
/// True for a half-filled draft (the portal's form): only programId and applicant.email are required; every other field
/// is checked when present, and what is missing is named at submission (422 <c>application-incomplete</c>).
/// Absent or false: every field is required, as before.
/// </param>
/// <param name="Consent">
/// Required, partial or not (issue 13): <c>{"privacyNotice": "&lt;current version&gt;"}</c>, the notice the applicant accepted.
/// Missing, or not the current version: 422 naming <c>consent.privacyNotice</c>.
/// </param>
public sealed record CreateApplicationRequest(
    string? ProgramId, string? Track, ApplicantInput? Applicant, ProjectInput? Project, bool? Partial = null, ConsentInput? Consent = null)
    : JsonRequest<CreateApplicationRequest>;

/// <summary>PATCH merges: a field present replaces (an empty text clears it), an absent one is kept; nested too (applicant.name alone).</summary>
public sealed record EditApplicationRequest(string? Track, ApplicantInput? Applicant, ProjectInput? Project) : JsonRequest<EditApplicationRequest>;

public sealed record MaterialRequest(MaterialKind? Kind, string? FileName, string? ContentType, long? Length) : JsonRequest<MaterialRequest>;

public sealed record WithdrawRequest(string? Reason) : JsonRequest<WithdrawRequest>;

/// <param name="AllowOverCapacity">Offer even though offers and acceptances already fill the cohort (expecting declines).</param>
public sealed record DecisionRequest(StaffDecision? Decision, string? Note, bool? AllowOverCapacity = null) : JsonRequest<DecisionRequest>;

/// <param name="ApplicationIds">The applications whose pending decisions go out now (at most 200).</param>
public sealed record ReleaseDecisionsRequest(IReadOnlyList<string?>? ApplicationIds) : JsonRequest<ReleaseDecisionsRequest>;

public sealed record ScreeningOverrideRequest(ScreeningOutcome? Outcome, string? Note) : JsonRequest<ScreeningOverrideRequest>;

public sealed record ReviewRequest(
    IReadOnlyDictionary<string, int>? Scores,
    Recommendation? Recommendation,
    string? Comment,
    bool? ConflictOfInterest) : JsonRequest<ReviewRequest>;

public sealed record OfferResponseRequest(string? Response) : JsonRequest<OfferResponseRequest>;

/// <param name="Reason">One of the application's needsAttention entries, as the staff detail shows it.</param>
public sealed record ResolveAttentionRequest(string? Reason) : JsonRequest<ResolveAttentionRequest>;
