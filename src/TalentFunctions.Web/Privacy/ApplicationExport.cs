using TalentFunctions.Domain.Applications;
using TalentFunctions.Domain.Programs;
using TalentFunctions.Web.Api;
using TalentFunctions.Web.Materials;
using TalentFunctions.Workflow.Queries;
using TalentFunctions.Workflow.Store;
using TalentFunctions.Workflow.Translation;

namespace TalentFunctions.Web.Privacy;

/// <summary>The applicant's profile, as they gave it.</summary>
public sealed record ExportProfile(
    string Name, string Email, string PreferredLanguage, string TimeZone, string School, int GraduationYear,
    IReadOnlyList<string> Roles, IReadOnlyList<string> Awards, IReadOnlyList<string> Affiliations);

/// <summary>The project, as the applicant gave it.</summary>
public sealed record ExportProject(string Title, string Logline, string Synopsis, string Language, ProjectFormat? Format);

/// <summary>The privacy notice the applicant accepted when creating the application (its version) and when.</summary>
public sealed record ExportConsent(string PrivacyNotice, DateTimeOffset AcceptedAt);

/// <summary>An uploaded file, with a read-only link valid for <see cref="MaterialStorage.ReadWindow"/> (verified files only).</summary>
public sealed record ExportMaterial(
    string MaterialId, MaterialKind Kind, string FileName, string ContentType, long Length, MaterialStatus Status,
    DateTimeOffset RequestedAt, DateTimeOffset? VerifiedAt, Uri? DownloadUrl, DateTimeOffset? DownloadUrlExpiresAt);

/// <summary>Screening's outcome and its reasons.</summary>
public sealed record ExportScreening(bool Passed, IReadOnlyList<string> Reasons, DateTimeOffset CompletedAt, bool Overridden);

/// <summary>
/// The decision the applicant has been told: the stage it left the application in, the offer and the note sent with it.
/// A decision recorded but not yet announced (ADR 0013) is not in the export until its release date.
/// </summary>
public sealed record ExportDecision(Stage Stage, OfferView? Offer, string? Note, string? WithdrawalReason);

/// <summary>One mentor review, without who wrote it; only when the program exports reviews (<c>privacy.exportReviews</c>).</summary>
public sealed record ExportReview(IReadOnlyDictionary<string, int> Scores, Recommendation Recommendation, string Comment, DateTimeOffset SubmittedAt);

/// <summary>An email sent about the application: its kind, who it went to (applicant, mentor, staff) and when.</summary>
public sealed record ExportEmail(string Kind, string RecipientKind, DateTimeOffset SentAt);

/// <summary>A machine translation of the project texts kept for mentors reading another language.</summary>
public sealed record ExportTranslation(string Language, TranslationStatus Status, IReadOnlyList<string> Texts);

/// <summary>
/// Everything the app holds about an applicant's application, in one document (<c>GET …/export</c>, ADR 0014): profile,
/// project, materials with short-lived download links, screening, the timeline, the decision, the emails sent, the
/// machine translations, the privacy notice accepted (<see cref="Consent"/>, null for applications created before it was
/// recorded); mentor reviews only when the program says so, their rank never.
/// </summary>
public sealed record ApplicationExport(
    string ApplicationId,
    string ProgramId,
    string Cycle,
    string Track,
    Stage Stage,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? SubmittedAt,
    DateTimeOffset Deadline,
    ExportProfile Profile,
    ExportProject Project,
    ExportConsent? Consent,
    IReadOnlyList<ExportMaterial> Materials,
    ExportScreening? Screening,
    IReadOnlyList<TimelineEntry> Timeline,
    ExportDecision Decision,
    IReadOnlyList<ExportEmail> EmailsSent,
    IReadOnlyList<ExportTranslation> Translations,
    IReadOnlyList<ExportReview>? Reviews,
    DateTimeOffset ExportedAt);

/// <summary>Builds <see cref="ApplicationExport"/>: reads only (a GET).</summary>
public sealed class ApplicationExporter(
    ApplicationQueries queries, ApplicationStore store, TranslationStore translations, MaterialStorage materials, ProgramCatalog programs, TimeProvider time)
{
    public async Task<ApplicationExport> ExportAsync(ApplicationState s, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(s);
        var history = await queries.GetHistoryAsync(s.Id, cancellationToken);
        var sent = await store.ReadSentEmailsAsync(s.Id, cancellationToken);
        var kept = new List<ExportTranslation>();
        foreach (var language in (string[])[Languages.English, Languages.Chinese])
        {
            if (await translations.GetAsync(s.Id, language, cancellationToken) is { } t)
            {
                kept.Add(new ExportTranslation(t.Language, t.Status, t.Texts));
            }
        }
        var files = new List<ExportMaterial>(s.Materials.Count);
        foreach (var m in s.Materials)
        {
            Uri? url = null;
            DateTimeOffset? expires = null;
            if (m.Status == MaterialStatus.Verified)
            {
                url = await materials.ReadUrlAsync(m.BlobName, cancellationToken);
                expires = time.GetUtcNow() + MaterialStorage.ReadWindow;
            }
            files.Add(new ExportMaterial(m.MaterialId, m.Kind, m.FileName, m.ContentType, m.Length, m.Status, m.RequestedAt, m.VerifiedAt, url, expires));
        }
        var a = s.Applicant;
        var p = s.Project;
        var exportReviews = programs.Get(s.ProgramId)?.Privacy.ExportReviews ?? false;
        return new ApplicationExport(
            s.Id, s.ProgramId, s.Cycle, s.Track, s.Stage, s.CreatedAt, s.UpdatedAt, s.SubmittedAt, s.Deadline,
            new ExportProfile(a.Name, a.Email, a.PreferredLanguage, a.TimeZone, a.School, a.GraduationYear, a.Roles, a.Awards, a.Affiliations),
            new ExportProject(p.Title, p.Logline, p.Synopsis, p.Language, p.Format),
            s.Consent is { } c ? new ExportConsent(c.PrivacyNotice, c.AcceptedAt) : null,
            files,
            s.ScreeningResult is { } r ? new ExportScreening(r.Passed, [.. r.Reasons.Select(x => $"{x.Reason}: {x.Detail}")], r.CompletedAt, r.Overridden) : null,
            ApplicationViews.PublicTimeline(history),
            new ExportDecision(s.Stage, s.Offer is { } o ? new OfferView(o.OfferId, o.OfferedAt, o.ExpiresAt, o.Note) : null, s.DecisionNote, s.WithdrawalReason),
            [.. sent.Select(e => new ExportEmail(e.Kind, e.RecipientKind, e.SentAt))],
            kept,
            exportReviews ? [.. s.CompletedAssignments().Select(x => new ExportReview(x.Review!.Scores, x.Review.Recommendation, x.Review.Comment, x.Review.SubmittedAt))] : null,
            time.GetUtcNow());
    }
}
