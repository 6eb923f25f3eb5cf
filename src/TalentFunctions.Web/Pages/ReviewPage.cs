using System.Globalization;
using TalentFunctions.Domain.Applications;
using TalentFunctions.Domain.Programs;
using TalentFunctions.Web.Materials;
using TalentFunctions.Workflow.Translation;

namespace TalentFunctions.Web.Pages;

/// <summary>The mentor's review page (<c>GET /review/{token}</c>) and the pages a review post ends on.</summary>
public static class ReviewPage
{
    /// <summary>The review form; with <paramref name="input"/> and <paramref name="errors"/> when a post is shown again (422).</summary>
    /// <param name="materialUrls">Read-only URLs of the materials the mentor may open, by blob name (<see cref="MaterialStorage.ReadUrlsAsync"/>).</param>
    /// <remarks>
    /// In a blind program (<see cref="ReviewContext.Blind"/>) the page shows the project, its track, the script and the
    /// reel under neutral names, and says so; nothing of the applicant's profile, and no CV or lookbook (ADR 0012).
    /// </remarks>
    /// <param name="translation">The machine translation shown beside the applicant's texts (<see cref="MentorReviews.TranslationAsync"/>).</param>
    public static HtmlPage Form(
        ReviewContext context, IReadOnlyDictionary<string, Uri> materialUrls, ReviewTranslation translation,
        ReviewInput? input = null, IReadOnlyList<ReviewInputError>? errors = null, string? myReviewsPath = null, bool draftSaved = false)
    {
        var t = context.Text;
        var m = MentorText.For(t);
        var s = context.Application;
        var program = context.Program;
        errors ??= [];
        var (materialsSection, mediaOrigins) = Materials(t, program, context.Materials, materialUrls);
        var due = PageText.Time(context.Assignment.DueAt, program.TimeZone);
        var translated = translation.Texts;
        var body = Html.Of($"""
            {Pages.Caption(context.ProgramName)}
            <h1>{t.ReviewTitle}{t.Colon}{s.Project.Title}</h1>
            <p>{t.DueBy(due)}</p>
            {(myReviewsPath is null ? HtmlFragment.Empty : Html.Of($"""<p><a id="my-reviews" href="{myReviewsPath}">{m.MyReviewsLink}</a></p>"""))}
            {(draftSaved ? Html.Of($"""<section class="ok" role="status" id="draft-saved"><p>{m.DraftSaved}</p></section>""") : HtmlFragment.Empty)}
            {Pages.Errors(t, errors.Select(e => e.Message(t)))}
            <section aria-labelledby="project-heading">
            <h2 id="project-heading">{t.ProjectHeading}</h2>
            {TranslationNote(t, translation)}
            <dl>
            {Pages.Row(t.TitleLabel, Text(t, s, translated?.Title, s.Project.Title))}
            {Pages.Row(t.LoglineLabel, Text(t, s, translated?.Logline, s.Project.Logline, multiLine: true))}
            {Pages.Row(t.SynopsisLabel, Text(t, s, translated?.Synopsis, s.Project.Synopsis, multiLine: true))}
            {Pages.Row(t.FormatLabel, s.Project.Format is { } format ? t.Format(format) : null)}
            {Pages.Row(t.LanguageLabel, t.ProjectLanguage(s.Project.Language))}
            {Pages.Row(t.TrackLabel, program.FindTrack(s.Track)?.Name.For(t.Language) ?? s.Track)}
            </dl>
            </section>
            {(context.Blind ? BlindNote(t) : ApplicantSection(t, s, translated))}
            {materialsSection}
            {ReviewForm(t, program, input, errors)}
            {ConflictForm(t, input, errors, context.Blind)}
            {NoTimeForm(t)}
            """);
        return new HtmlPage(errors.Count == 0 ? StatusCodes.Status200OK : StatusCodes.Status422UnprocessableEntity, t.Language,
            $"{t.ReviewTitle} · {s.Project.Title}", body)
        {
            MediaOrigins = mediaOrigins,
        };
    }

    /// <summary>Who applied: school, graduation year, roles, awards (not in a blind program).</summary>
    private static HtmlFragment ApplicantSection(PageText t, ApplicationState s, ReviewTexts? translated) => Html.Of($"""
        <section aria-labelledby="applicant-heading">
        <h2 id="applicant-heading">{t.ApplicantHeading}</h2>
        <dl>
        {Pages.Row(t.SchoolLabel, Text(t, s, translated?.School, s.Applicant.School))}
        {Pages.Row(t.GraduationYearLabel, s.Applicant.GraduationYear.ToString(CultureInfo.InvariantCulture))}
        {Pages.Row(t.RolesLabel, List(t, s, translated?.Roles, s.Applicant.Roles))}
        {Pages.Row(t.AwardsLabel, List(t, s, translated?.Awards, s.Applicant.Awards))}
        </dl>
        </section>
        """);

    /// <summary>In place of the applicant: that the review is blind, and what the mentor is not shown.</summary>
    private static HtmlFragment BlindNote(PageText t) => Html.Of($"""
        <section aria-labelledby="blind-heading">
        <h2 id="blind-heading">{t.BlindReviewHeading}</h2>
        <p>{t.BlindReviewExplain}</p>
        </section>
        """);

    /// <summary>The page for what a post or a visit found: thanks, already recorded, no longer yours, closed.</summary>
    public static IResult Outcome(ReviewContext context, ReviewOutcomeKind kind, bool posted)
    {
        var t = context.Text;
        var refused = posted ? StatusCodes.Status409Conflict : StatusCodes.Status200OK;
        return kind switch
        {
            ReviewOutcomeKind.ReviewRecorded => Pages.Message(StatusCodes.Status200OK, t, t.ThankYouTitle, t.ReviewRecorded, context.ProgramName, success: true),
            ReviewOutcomeKind.ConflictRecorded => Pages.Message(StatusCodes.Status200OK, t, t.ThankYouTitle, t.ConflictRecorded, context.ProgramName, success: true),
            ReviewOutcomeKind.DeclinedNoTime => Pages.Message(StatusCodes.Status200OK, t, t.ThankYouTitle, MentorText.For(t).NoTimeRecorded, context.ProgramName, success: true),
            ReviewOutcomeKind.AlreadyRecorded => Pages.Message(refused, t, t.AlreadyRecordedTitle, t.AlreadyRecorded, context.ProgramName),
            ReviewOutcomeKind.NoLongerYours => Pages.Message(refused, t, t.NoLongerYoursTitle, t.NoLongerYours, context.ProgramName),
            ReviewOutcomeKind.Closed => Pages.Message(refused, t, t.ClosedTitle, t.ReviewClosed, context.ProgramName),
            _ => PageProblem.NotFound.ToPage(),
        };
    }

    private static (HtmlFragment Section, IReadOnlyList<string> Origins) Materials(
        PageText t, ProgramDefinition program, IReadOnlyList<MentorMaterial> shown, IReadOnlyDictionary<string, Uri> urls)
    {
        var origins = new List<string>();
        var items = new List<HtmlFragment>();
        foreach (var (material, fileName) in shown.Where(m => urls.ContainsKey(m.Material.BlobName)))
        {
            var url = urls[material.BlobName];
            var origin = url.GetLeftPart(UriPartial.Authority);
            if (!origins.Contains(origin, StringComparer.OrdinalIgnoreCase))
            {
                origins.Add(origin);
            }
            var video = (program.RuleFor(material.Kind)?.Family ?? (material.ContentType.StartsWith("video/", StringComparison.OrdinalIgnoreCase) ? MaterialFamily.Video : MaterialFamily.Pdf))
                        == MaterialFamily.Video;
            items.Add(Material(t, t.Material(material.Kind) + t.Colon + fileName, url, video));
        }
        var section = Html.Of($"""
            <section aria-labelledby="materials-heading">
            <h2 id="materials-heading">{t.MaterialsHeading}</h2>
            {(items.Count == 0 ? Html.Of($"<p>{t.NoMaterials}</p>") : Html.Join(items))}
            <p class="muted">{t.MaterialLinksNote}</p>
            </section>
            """);
        return (section, origins);
    }

    /// <summary>
    /// One material through its read-only URL: a video plays in the page, a PDF reads in a frame; each with a link to open
    /// it on its own. The page's CSP must allow the URL's origin (<see cref="HtmlPage.MediaOrigins"/>).
    /// </summary>
    public static HtmlFragment Material(PageText t, string heading, Uri url, bool video, string? id = null) => video
        ? Html.Of($"""
            <h3>{heading}</h3>
            <video controls preload="metadata" src="{url.AbsoluteUri}"{Id(id)}>{t.VideoFallback}</video>
            <p><a href="{url.AbsoluteUri}" download>{t.DownloadVideo}</a></p>
            """)
        : Html.Of($"""
            <h3>{heading}</h3>
            <iframe src="{url.AbsoluteUri}" title="{heading}" loading="lazy"{Id(id)}></iframe>
            <p><a href="{url.AbsoluteUri}" target="_blank" rel="noopener noreferrer">{t.OpenPdf}</a></p>
            """);

    private static HtmlFragment Id(string? id) => id is null ? HtmlFragment.Empty : Html.Of($" id=\"{id}\"");

    /// <summary>Above the texts: that a machine translation stands beside them, or that there is none.</summary>
    private static HtmlFragment TranslationNote(PageText t, ReviewTranslation translation) =>
        translation.Unavailable ? Html.Of($"""<p class="muted" role="note">{t.MachineTranslationUnavailable}</p>""")
        : translation.Needed ? Html.Of($"""<p class="muted" role="note">{t.MachineTranslationNote}</p>""")
        : HtmlFragment.Empty;

    /// <summary>
    /// An applicant's text as written, and when there is a translation, the two side by side: the original (in the
    /// project's language) and the machine translation (in the page's), each labelled.
    /// </summary>
    private static HtmlFragment Text(PageText t, ApplicationState s, string? translated, string original, bool multiLine = false)
    {
        HtmlFragment Body(string text) => multiLine ? Html.MultiLine(text) : Html.Of($"{text}");
        if (translated is null)
        {
            return Body(original);
        }
        return Html.Of($"""
            <div class="mt"><div lang="{s.Project.Language}"><p class="mt-label">{t.OriginalLabel}</p>{Body(original)}</div><div lang="{HtmlPage.LanguageTag(t.Language)}"><p class="mt-label">{t.MachineTranslationLabel}</p>{Body(translated)}</div></div>
            """);
    }

    private static HtmlFragment List(PageText t, ApplicationState s, IReadOnlyList<string>? translated, IReadOnlyList<string> original) =>
        original.Count == 0 ? Html.Of($"{t.None}")
        : Text(t, s, translated is null ? null : string.Join(" · ", translated), string.Join(" · ", original));

    private static HtmlFragment ReviewForm(PageText t, ProgramDefinition program, ReviewInput? input, IReadOnlyList<ReviewInputError> errors)
    {
        var review = input is { ConflictOfInterest: false } ? input : null;
        var criteria = program.Rubric.Select(criterion =>
        {
            var field = $"scores.{criterion.Id}";
            var chosen = review?.Scores.GetValueOrDefault(criterion.Id);
            var options = Enumerable.Range(RubricCriterion.MinScore, RubricCriterion.MaxScore - RubricCriterion.MinScore + 1).Select(v =>
            {
                var id = $"score-{criterion.Id}-{v}";
                return Html.Of($"""<label for="{id}"><input type="radio" id="{id}" name="{field}" value="{v}" required{Checked(chosen == v)}> {v}</label>""");
            });
            return Html.Of($"""
                <fieldset{Invalid(errors, field)}>
                <legend>{criterion.Name.For(t.Language)}</legend>
                <div class="scale">{Html.Join(options)}</div>
                {FieldError(t, errors, field)}
                </fieldset>
                """);
        });
        var recommendation = review?.ParsedRecommendation;
        return Html.Of($"""
            <form method="post" aria-labelledby="scores-heading">
            <input type="hidden" name="intent" value="review">
            <h2 id="scores-heading">{t.ScoresHeading}</h2>
            <p class="muted">{t.ScaleHint}</p>
            {Html.Join(criteria)}
            <fieldset{Invalid(errors, "recommendation")}>
            <legend>{t.RecommendationLegend}</legend>
            <div class="choice actions">
            <label for="recommendation-advance"><input type="radio" id="recommendation-advance" name="recommendation" value="advance" required{Checked(recommendation == Recommendation.Advance)}> {t.Advance}</label>
            <label for="recommendation-decline"><input type="radio" id="recommendation-decline" name="recommendation" value="decline" required{Checked(recommendation == Recommendation.Decline)}> {t.Decline}</label>
            </div>
            {FieldError(t, errors, "recommendation")}
            </fieldset>
            <p><label for="comment">{t.CommentLabel}</label></p>
            <textarea id="comment" name="comment" required maxlength="{Domain.Applications.DraftRules.MaxCommentLength}"{Described(errors, "comment")}>{review?.Comment}</textarea>
            {FieldError(t, errors, "comment")}
            <div class="actions">
            <button type="submit" id="submit-review">{t.SubmitReview}</button>
            <button type="submit" id="save-draft" name="intent" value="draft" formnovalidate class="secondary">{MentorText.For(t).SaveDraft}</button>
            </div>
            </form>
            """);
    }

    /// <summary>Declining for lack of time: one button (the review goes to another mentor, as for a conflict).</summary>
    private static HtmlFragment NoTimeForm(PageText t)
    {
        var m = MentorText.For(t);
        return Html.Of($"""
            <section aria-labelledby="no-time-heading">
            <h2 id="no-time-heading">{m.NoTimeHeading}</h2>
            <p>{m.NoTimeExplain}</p>
            <form method="post">
            <input type="hidden" name="intent" value="no-time">
            <p><button type="submit" id="decline-no-time" class="secondary">{m.DeclineNoTime}</button></p>
            </form>
            </section>
            """);
    }

    private static HtmlFragment ConflictForm(PageText t, ReviewInput? input, IReadOnlyList<ReviewInputError> errors, bool blind)
    {
        var conflict = input is { ConflictOfInterest: true } ? input : null;
        return Html.Of($"""
            <section aria-labelledby="conflict-heading">
            <h2 id="conflict-heading">{t.ConflictHeading}</h2>
            <p>{(blind ? t.BlindConflictExplain : t.ConflictExplain)}</p>
            <form method="post">
            <input type="hidden" name="intent" value="conflict">
            <p><label for="conflictOfInterest"><input type="checkbox" id="conflictOfInterest" name="conflictOfInterest" value="yes" required{Described(errors, "conflictOfInterest")}> {t.ConflictCheckbox}</label></p>
            {FieldError(t, errors, "conflictOfInterest")}
            <p><label for="reason">{t.ConflictReasonLabel}</label></p>
            <textarea id="reason" name="reason" maxlength="{Domain.Applications.DraftRules.MaxNoteLength}"{Described(errors, "reason")}>{conflict?.Reason}</textarea>
            {FieldError(t, errors, "reason")}
            <p><button type="submit" class="secondary">{t.DeclareConflict}</button></p>
            </form>
            </section>
            """);
    }

    private static HtmlFragment Checked(bool value) => value ? new(" checked") : HtmlFragment.Empty;

    /// <summary>For a fieldset: points at its error (aria-invalid belongs on the inputs, not the group).</summary>
    private static HtmlFragment Invalid(IReadOnlyList<ReviewInputError> errors, string field) =>
        errors.Any(e => e.Field == field) ? Html.Of($" aria-describedby=\"error-{field}\"") : HtmlFragment.Empty;

    private static HtmlFragment Described(IReadOnlyList<ReviewInputError> errors, string field) =>
        errors.Any(e => e.Field == field) ? Html.Of($" aria-invalid=\"true\" aria-describedby=\"error-{field}\"") : HtmlFragment.Empty;

    private static HtmlFragment FieldError(PageText t, IReadOnlyList<ReviewInputError> errors, string field) =>
        errors.FirstOrDefault(e => e.Field == field) is { } error
            ? Html.Of($"""<p class="error" id="error-{field}">{error.Message(t)}</p>""")
            : HtmlFragment.Empty;
}
