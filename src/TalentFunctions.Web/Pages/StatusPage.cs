using System.Globalization;
using TalentFunctions.Domain.Applications;
using TalentFunctions.Domain.Programs;
using TalentFunctions.Web.Api;
using TalentFunctions.Workflow.Store;

namespace TalentFunctions.Web.Pages;

/// <summary>
/// The applicant's status page (<c>GET /applications/{id}?token=…</c>, the link in every applicant email): stage,
/// deadline, materials and what is missing, the timeline, and the offer link while an offer is open.
/// </summary>
public static class StatusPage
{
    /// <param name="offerUrl">The offer page while an offer is open, else null.</param>
    /// <param name="switchUrl">This page in the other language.</param>
    /// <param name="editUrl">The application form pre-filled, while the application is a draft; else null.</param>
    public static HtmlPage Render(PageText t, ApplicationState s, ProgramDefinition? program, IReadOnlyList<StoredEvent> history, string? offerUrl, string switchUrl,
        string? editUrl = null)
    {
        var zone = s.Applicant.TimeZone;
        var programName = program?.Name.For(t.Language) ?? s.ProgramId;
        var verified = s.VerifiedKinds().ToHashSet();
        var missing = s.Stage == Stage.Draft && program is not null ? program.RequiredMaterials.Where(k => !verified.Contains(k)).ToList() : [];
        var materials = s.Materials.Select(m => Html.Of(
            $"<li>{t.Material(m.Kind)}{t.Colon}{m.FileName} — {(m.Status == MaterialStatus.Verified ? t.MaterialVerified : t.MaterialPending)}</li>")).ToList();
        var timeline = ApplicationViews.PublicTimeline(history).Select(e => Html.Of(
            $"""<li><time datetime="{e.At.ToString("O", CultureInfo.InvariantCulture)}">{PageText.Time(e.At, zone)}</time> — {t.Timeline(e.Type, e.Description)}</li>""")).ToList();

        var offer = offerUrl is not null && s.Offer is { } o
            ? Html.Of($"""
                <section class="ok">
                <p>{t.OfferIntro(programName, s.Project.Title)}</p>
                <p>{t.AnswerBy(PageText.Time(o.ExpiresAt, zone))}</p>
                <p><a class="button" href="{offerUrl}">{t.ViewOffer}</a></p>
                </section>
                """)
            : HtmlFragment.Empty;
        var screening = s.Stage == Stage.ScreenedOut && s.ScreeningResult is { Passed: false } result
            ? Html.Of($"""
                <section aria-labelledby="screening-heading">
                <h2 id="screening-heading">{t.ScreeningHeading}</h2>
                <ul>{Html.Join(Notifications.LocalizedText.ScreeningReasons(result.Reasons.Select(r => Workflow.Email.EmailComposer.ToModel(ScreeningReasonData.From(r))), t.Language).Select(r => Html.Of($"<li>{r}</li>")))}</ul>
                </section>
                """)
            : HtmlFragment.Empty;
        var missingList = missing.Count == 0
            ? HtmlFragment.Empty
            : Html.Of($"""<h3>{t.MissingMaterialsHeading}</h3><ul>{Html.Join(missing.Select(k => Html.Of($"<li>{t.Material(k)}</li>")))}</ul>""");

        var body = Html.Of($"""
            {Pages.Caption(programName)}
            <h1>{t.StatusTitle}{t.Colon}{s.Project.Title}</h1>
            <p><a href="{switchUrl}" hreflang="{HtmlPage.LanguageTag(t == PageText.Zh ? PageText.English : PageText.Chinese)}" lang="{HtmlPage.LanguageTag(t == PageText.Zh ? PageText.English : PageText.Chinese)}">{t.OtherLanguageName}</a></p>
            <section>
            <dl>
            {Pages.Row(t.StageLabel, t.StageName(s.Stage))}
            {Pages.Row(t.DeadlineLabel, PageText.Time(s.Deadline, zone))}
            {Pages.Row(t.SubmittedLabel, s.SubmittedAt is { } at ? PageText.Time(at, zone) : null)}
            {Pages.Row(t.TrackLabel, program?.FindTrack(s.Track)?.Name.For(t.Language) ?? s.Track)}
            </dl>
            </section>
            {(editUrl is null ? HtmlFragment.Empty : Html.Of($"""<p><a class="button" id="continue-application" href="{editUrl}">{t.ContinueApplication}</a></p>"""))}
            {offer}
            {screening}
            <section aria-labelledby="materials-heading">
            <h2 id="materials-heading">{t.MaterialsHeading}</h2>
            {(materials.Count == 0 ? Html.Of($"<p>{t.NoMaterials}</p>") : Html.Of($"<ul>{Html.Join(materials)}</ul>"))}
            {missingList}
            </section>
            <section aria-labelledby="timeline-heading">
            <h2 id="timeline-heading">{t.TimelineHeading}</h2>
            <ol class="timeline">{Html.Join(timeline)}</ol>
            </section>
            """);
        return new HtmlPage(StatusCodes.Status200OK, t.Language, $"{t.StatusTitle} · {programName}", body);
    }
}
