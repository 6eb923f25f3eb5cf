using System.Globalization;
using System.Text.Json;
using TalentFunctions.Domain.Applications;
using TalentFunctions.Domain.Programs;
using TalentFunctions.Web.Endpoints;

namespace TalentFunctions.Web.Pages;

/// <summary>
/// The applicant portal's pages: the open programs (<c>GET /</c>) and the application form (<c>GET /apply/{programId}</c>,
/// and pre-filled from a resume link, <c>GET /applications/{id}/edit?token=…</c>). Field names are the API's JSON paths,
/// file inputs are named by material kind; <c>/assets/portal.js</c> saves, uploads and submits through the JSON API.
/// </summary>
public static class PortalPages
{
    public const string Script = "/assets/" + PortalAssets.PortalScript;

    public static HtmlPage Home(PageText t, IReadOnlyList<ProgramDefinition> programs, DateTimeOffset now, string switchUrl)
    {
        var items = programs.Select(p => Html.Of($"""
            <li><section aria-labelledby="program-{p.Id}">
            <h2 id="program-{p.Id}" lang="{HtmlPage.LanguageTag(t.Language)}">{p.Name.For(t.Language)}</h2>
            <p class="muted" lang="{HtmlPage.LanguageTag(t.IsChinese ? PageText.English : PageText.Chinese)}">{p.Name.For(t.IsChinese ? PageText.English : PageText.Chinese)}</p>
            <p>{p.Description.For(t.Language)}</p>
            <dl>
            {Pages.Row(t.OpenUntilLabel, Deadline(p.Deadline))}
            {Pages.Row(t.TracksLabel, string.Join(" · ", p.Tracks.Select(tr => tr.Name.For(t.Language))))}
            {Pages.Row(t.RequiredMaterialsLabel, string.Join(" · ", p.RequiredMaterials.Select(t.Material)))}
            {Pages.Row(t.OptionalMaterialsLabel, string.Join(" · ", p.OptionalMaterials.Select(t.Material)))}
            </dl>
            {(p.IsOpen(now) ? Html.Of($"""<p><a class="button" id="apply-{p.Id}" href="/apply/{p.Id}">{t.ApplyLink}</a></p>""") : Html.Of($"<p>{t.ProgramNotOpen}</p>"))}
            </section></li>
            """)).ToList();
        var body = Html.Of($"""
            {LanguageSwitch(t, switchUrl)}
            <h1>{t.PortalTitle}</h1>
            <p>{t.PortalIntro}</p>
            {(items.Count == 0 ? Html.Of($"<p>{t.NoOpenPrograms}</p>") : Html.Of($"""<ul class="programs">{Html.Join(items)}</ul>"""))}
            <p class="hint">{t.DeadlineLocalNote}</p>
            """);
        return new HtmlPage(StatusCodes.Status200OK, t.Language, t.PortalTitle, body) { Scripts = [Script] };
    }

    /// <param name="draft">The draft to pre-fill (from a resume link), or null for a new application.</param>
    /// <param name="token">The resume link's token: the page's credential for the API while no access token is kept.</param>
    /// <param name="statusUrl">The status page, when the page can link to it (a resume link).</param>
    public static HtmlPage Form(PageText t, ProgramDefinition program, ApplicationState? draft, string? token, string? statusUrl,
        string switchUrl, IReadOnlyList<string> storageOrigins)
    {
        var a = draft?.Applicant;
        var p = draft?.Project;
        var language = string.IsNullOrEmpty(a?.PreferredLanguage) ? t.Language : a.PreferredLanguage;
        var blind = BlindReviewNotes.For(program) is { } note
            ? Html.Of($"""<section aria-labelledby="blind-heading"><h2 id="blind-heading">{t.BlindNoteHeading}</h2><p>{note.For(t.Language)}</p></section>""")
            : HtmlFragment.Empty;
        var materials = program.Materials.Select(rule => Material(t, rule, draft)).ToList();

        var body = Html.Of($"""
            {LanguageSwitch(t, switchUrl)}
            {Pages.Caption(program.Name.For(t.Language))}
            <h1>{t.ApplyTitle}{t.Colon}{program.Name.For(t.Language)}</h1>
            <p>{t.OpenUntilLabel}{t.Colon}{Deadline(program.Deadline)}</p>
            <noscript><p class="errors">{t.ScriptOff}</p></noscript>
            {blind}
            <form id="application-form" novalidate data-program-id="{program.Id}" data-application-id="{draft?.Id}" data-token="{token}">
            <fieldset>
            <legend>{t.ApplicantHeading}</legend>
            {Input(t, "applicant.email", t.EmailLabel, a?.Email, "email", required: true, autocomplete: "email", hint: t.EmailHint)}
            {Input(t, "applicant.name", t.NameLabel, a?.Name, "text", required: true, autocomplete: "name")}
            {Select(t, "applicant.preferredLanguage", t.PreferredLanguageLabel, language, [(PageText.Chinese, "中文"), (PageText.English, "English")], required: true)}
            {Input(t, "applicant.timeZone", t.TimeZoneLabel, a?.TimeZone, "text", required: false)}
            {Input(t, "applicant.school", t.SchoolLabel, a?.School, "text", required: true, autocomplete: "organization")}
            {Input(t, "applicant.graduationYear", t.GraduationYearLabel, a is { GraduationYear: > 0 } ? a.GraduationYear.ToString(CultureInfo.InvariantCulture) : null, "number", required: true)}
            {TextArea(t, "applicant.roles", t.RolesLabel, a is null ? null : string.Join('\n', a.Roles), required: false, hint: t.OnePerLine, rows: 2)}
            {TextArea(t, "applicant.awards", t.AwardsLabel, a is null ? null : string.Join('\n', a.Awards), required: false, hint: t.OnePerLine, rows: 2)}
            {TextArea(t, "applicant.affiliations", t.AffiliationsLabel, a is null ? null : string.Join('\n', a.Affiliations), required: false, hint: t.OnePerLine, rows: 2)}
            </fieldset>
            <fieldset>
            <legend>{t.ProjectHeading}</legend>
            {Select(t, "track", t.TrackLabel, draft?.Track, program.Tracks.Select(tr => (tr.Id, tr.Name.For(t.Language))).ToList(), required: true)}
            {Input(t, "project.title", t.TitleLabel, p?.Title, "text", required: true)}
            {TextArea(t, "project.logline", t.LoglineLabel, p?.Logline, required: true, hint: t.TooLong(t.LoglineLabel, program.TextLimits.Logline), rows: 3)}
            {TextArea(t, "project.synopsis", t.SynopsisLabel, p?.Synopsis, required: true, hint: t.TooLong(t.SynopsisLabel, program.TextLimits.Synopsis), rows: 8)}
            {Select(t, "project.language", t.LanguageLabel, p?.Language, program.Eligibility.ProjectLanguages.Select(l => (l, t.ProjectLanguage(l))).ToList(), required: true)}
            {Select(t, "project.format", t.FormatLabel, p?.Format is { } f ? FormatValue(f) : null, Enum.GetValues<ProjectFormat>().Select(x => (FormatValue(x), t.Format(x))).ToList(), required: true)}
            </fieldset>
            <fieldset>
            <legend>{t.MaterialsHeading}</legend>
            {Html.Join(materials)}
            </fieldset>
            {Consent(t, draft)}
            <p id="save-status" role="status" aria-live="polite">{(draft is null ? t.NotSavedYet : t.Saved)}</p>
            <section id="submit-problems" class="errors" hidden tabindex="-1" aria-labelledby="submit-problems-heading">
            <p id="submit-problems-heading"><strong>{t.SubmitMissing}</strong></p>
            <ul id="submit-missing-list"></ul>
            </section>
            <div class="actions">
            <button type="submit" id="submit-application">{t.SubmitApplication}</button>
            <button type="button" id="save-now" class="secondary">{t.SaveDraft}</button>
            </div>
            </form>
            <section id="after-submit" class="ok" hidden>
            <h2 id="after-submit-heading" tabindex="-1">{t.SubmittedTitle}</h2>
            <p>{t.SubmittedText}</p>
            {(statusUrl is null ? HtmlFragment.Empty : Html.Of($"""<p><a id="status-link" href="{statusUrl}">{t.ViewStatus}</a></p>"""))}
            </section>
            <p class="actions"><button type="button" id="withdraw-application" class="secondary">{t.WithdrawApplication}</button></p>
            <script type="application/json" id="portal-text">{new HtmlFragment(ScriptTexts(t))}</script>
            """);
        return new HtmlPage(StatusCodes.Status200OK, t.Language, $"{t.ApplyTitle} · {program.Name.For(t.Language)}", body)
        {
            Scripts = [Script],
            ConnectOrigins = storageOrigins,
        };
    }

    /// <summary>
    /// The required consent: a checkbox named by its JSON path (<c>consent.privacyNotice</c>) whose value is the current notice's
    /// version, which the script sends with the create; its label links to <c>/privacy</c> (in a new tab, so the form keeps
    /// what is typed). A draft already has it recorded: shown ticked and fixed.
    /// </summary>
    private static HtmlFragment Consent(PageText t, ApplicationState? draft)
    {
        const string name = "consent.privacyNotice";
        var id = Id(name);
        var given = draft is not null ? new HtmlFragment(" checked disabled") : HtmlFragment.Empty;
        return Html.Of($"""
            <fieldset>
            <legend>{t.ConsentHeading}</legend>
            <p class="hint" id="{id}-hint">{t.ConsentHint}</p>
            <label for="{id}"><input type="checkbox" id="{id}" name="{name}" value="{PrivacyNotice.Version}"{given} {Described(id, t.ConsentHint)}> {t.ConsentBefore}<a id="privacy-link" href="{PrivacyNotice.Path}" target="_blank" rel="noopener">{t.PrivacyNoticeLink}</a>{t.ConsentAfter(PrivacyNotice.Version)} {Mark(t, true)}</label>
            <p class="field-error error" id="{id}-error"></p>
            </fieldset>
            """);
    }

    /// <summary>The deadline as UTC in a &lt;time&gt;, which the page script shows in the visitor's time zone.</summary>
    private static HtmlFragment Deadline(DateTimeOffset at) =>
        Html.Of($"""<time datetime="{at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)}" data-local>{PageText.Time(at, "UTC")}</time>""");

    private static HtmlFragment LanguageSwitch(PageText t, string switchUrl)
    {
        var other = HtmlPage.LanguageTag(t.IsChinese ? PageText.English : PageText.Chinese);
        return Html.Of($"""<p><a id="language-switch" href="{switchUrl}" hreflang="{other}" lang="{other}">{t.OtherLanguageName}</a></p>""");
    }

    /// <summary>The JSON value of a format, as the API writes it (kebab-case: short-drama).</summary>
    public static string FormatValue(ProjectFormat format) => JsonNamingPolicy.KebabCaseLower.ConvertName(format.ToString());

    private static string Id(string name) => name.Replace('.', '-');

    private static HtmlFragment Mark(PageText t, bool required) =>
        Html.Of($"""<span class="muted">({(required ? t.RequiredMark : t.OptionalMark)})</span>""");

    private static HtmlFragment Described(string id, string? hint) =>
        Html.Of($"""aria-describedby="{(hint is null ? "" : id + "-hint ")}{id}-error" """);

    private static HtmlFragment Hint(string id, string? hint) =>
        hint is null ? HtmlFragment.Empty : Html.Of($"""<p class="hint" id="{id}-hint">{hint}</p>""");

    private static HtmlFragment Input(PageText t, string name, string label, string? value, string type, bool required, string? autocomplete = null, string? hint = null)
    {
        var id = Id(name);
        var auto = autocomplete is null ? HtmlFragment.Empty : Html.Of($""" autocomplete="{autocomplete}" """);
        var extra = type == "number" ? new HtmlFragment(" min=\"1950\" max=\"2100\" inputmode=\"numeric\"") : HtmlFragment.Empty;
        return Html.Of($"""
            <label for="{id}">{label} {Mark(t, required)}</label>
            {Hint(id, hint)}
            <input type="{type}" id="{id}" name="{name}" value="{value}"{auto}{extra} {Described(id, hint)}>
            <p class="field-error error" id="{id}-error"></p>
            """);
    }

    private static HtmlFragment TextArea(PageText t, string name, string label, string? value, bool required, string? hint, int rows)
    {
        var id = Id(name);
        return Html.Of($"""
            <label for="{id}">{label} {Mark(t, required)}</label>
            {Hint(id, hint)}
            <textarea id="{id}" name="{name}" rows="{rows}" {Described(id, hint)}>{value}</textarea>
            <p class="field-error error" id="{id}-error"></p>
            """);
    }

    private static HtmlFragment Select(PageText t, string name, string label, string? value, IReadOnlyList<(string Value, string Text)> options, bool required)
    {
        var id = Id(name);
        var items = options.Select(o => Html.Of($"""<option value="{o.Value}"{(o.Value == value ? new HtmlFragment(" selected") : HtmlFragment.Empty)}>{o.Text}</option>"""));
        return Html.Of($"""
            <label for="{id}">{label} {Mark(t, required)}</label>
            <select id="{id}" name="{name}" {Described(id, null)}><option value="">{t.ChooseOne}</option>{Html.Join(items)}</select>
            <p class="field-error error" id="{id}-error"></p>
            """);
    }

    private static HtmlFragment Material(PageText t, MaterialRule rule, ApplicationState? draft)
    {
        var kind = JsonNamingPolicy.KebabCaseLower.ConvertName(rule.Kind.ToString());
        var verified = draft?.Materials.LastOrDefault(m => m.Kind == rule.Kind && m.Status == MaterialStatus.Verified);
        var size = rule.MaxBytes >= 1 << 30 ? $"{rule.MaxBytes / (1 << 30)} GB" : $"{rule.MaxBytes / (1 << 20)} MB";
        return Html.Of($"""
            <div class="material" id="material-{kind}" data-kind="{kind}">
            <label for="{kind}" id="{kind}-label">{t.Material(rule.Kind)} {Mark(t, rule.Required)}</label>
            <p class="hint" id="{kind}-hint">{t.MaxSizeLabel} {size} · {string.Join(", ", rule.ContentTypes)}</p>
            <input type="file" id="{kind}" name="{kind}" accept="{string.Join(",", rule.ContentTypes)}" aria-describedby="{kind}-hint {kind}-status">
            <progress id="{kind}-progress" max="1" value="0" aria-labelledby="{kind}-label" hidden></progress>
            <button type="button" id="{kind}-cancel" class="secondary" hidden>{t.CancelUpload}</button>
            <p class="hint" id="{kind}-status" aria-live="polite">{(verified is null ? "" : $"{verified.FileName} — {t.UploadVerified}")}</p>
            <p class="field-error error" id="materials-{kind}-error"></p>
            </div>
            """);
    }

    /// <summary>
    /// The texts the script shows, as JSON (the default encoder escapes &lt; &gt; &amp;, so it cannot close the element).
    /// A Chinese page also gets the Chinese explanation of each problem code the API may answer with (the API speaks English).
    /// </summary>
    private static string ScriptTexts(PageText t) => JsonSerializer.Serialize(new Dictionary<string, object>
    {
        ["lang"] = t.Language,
        ["notSavedYet"] = t.NotSavedYet,
        ["saving"] = t.Saving,
        ["saved"] = t.Saved,
        ["saveFailed"] = t.SaveFailed,
        ["saveRefused"] = t.SaveRefused,
        ["saveFirst"] = t.SaveFirst,
        ["fieldRequired"] = t.FieldRequired,
        ["fieldInvalid"] = t.FieldInvalid,
        ["uploading"] = t.Uploading,
        ["uploadCancelled"] = t.UploadCancelled,
        ["uploadFailed"] = t.UploadFailed,
        ["uploadVerifying"] = t.UploadVerifying,
        ["uploadVerified"] = t.UploadVerified,
        ["uploadRejected"] = t.UploadRejected,
        ["uploadResume"] = t.UploadResume,
        ["withdrawConfirm"] = t.WithdrawConfirm,
        ["withdrawnText"] = t.WithdrawnText,
        ["consentNeeded"] = t.ConsentNeeded,
        ["refusals"] = t.IsChinese
            ? PageProblem.Refusals.Values.ToDictionary(p => p.Code, p => p.Message.For(t.Language), StringComparer.Ordinal)
            : new Dictionary<string, string>(),
    });
}
