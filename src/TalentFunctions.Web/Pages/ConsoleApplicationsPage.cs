using Microsoft.AspNetCore.Http.Extensions;
using Microsoft.AspNetCore.Mvc;
using TalentFunctions.Domain.Applications;
using TalentFunctions.Domain.Programs;
using TalentFunctions.Web.Api;
using TalentFunctions.Web.Endpoints;
using TalentFunctions.Workflow.Queries;
using TalentFunctions.Workflow.Seats;
using TalentFunctions.Workflow.Store;

namespace TalentFunctions.Web.Pages;

/// <summary>What the console's detail page shows of one application, read by <see cref="ApplicationsConsoleApi"/>.</summary>
/// <param name="MaterialUrls">Short-lived read-only URLs of the verified materials, by blob name.</param>
/// <param name="ReleaseAt">The program's announcement date while it is ahead (decisions are held until then), else null.</param>
public sealed record ConsoleApplication(
    ApplicationState Application, ProgramDefinition Program, IReadOnlyList<StoredEvent> History, double? CalibratedScore,
    SeatCount Seats, IReadOnlyDictionary<string, Uri> MaterialUrls, DateTimeOffset? ReleaseAt);

/// <summary>
/// The staff console's application pages: the filtered list (with the bulk release of recorded decisions) and one
/// application with its actions, as plain forms that post. Interactive elements carry stable ids and names, so browser
/// tests can drive them.
/// </summary>
public static class ConsoleApplicationsPage
{
    public const string ListPath = "/console/applications";

    public static string DetailPath(string id) => $"{ListPath}/{Uri.EscapeDataString(id)}";

    /// <summary>The list page: filters, the table (raw and calibrated scores side by side), paging, export and release.</summary>
    public static HtmlPage List(HttpRequest request, PageText t, ProgramCatalog programs, ProgramDefinition program, StaffListQuery query,
        SummaryPageView? page, ProblemDetails? problem)
    {
        var c = ConsoleApplicationsText.For(t);
        var rows = page?.Items ?? [];
        var anyPending = rows.Any(r => r.PendingDecision is not null);
        var table = rows.Count == 0
            ? Html.Of($"""<p id="no-applications">{c.NoApplications}</p>""")
            : Html.Of($"""
                <form method="post" action="/console/decisions/release" id="release-form">
                {RequestId()}
                <input type="hidden" name="programId" value="{program.Id}">
                <input type="hidden" name="stage" value="{query.Stage}">
                <table id="applications">
                <thead><tr>
                <th scope="col">{c.Select}</th><th scope="col">{c.Project}</th><th scope="col">{c.Applicant}</th><th scope="col">{c.Track}</th>
                <th scope="col">{c.School}</th><th scope="col">{c.ProjectLanguage}</th><th scope="col">{c.Stage}</th>
                <th scope="col">{SortLink(request, query, "score", c.Score, "sort-score")}</th>
                <th scope="col">{SortLink(request, query, "calibratedScore", c.CalibratedScore, "sort-calibrated")}</th>
                <th scope="col">{SortLink(request, query, "submittedAt", t.SubmittedLabel, "sort-submitted")}</th>
                <th scope="col">{c.Attention}</th>
                </tr></thead>
                <tbody>
                {Html.Join(rows.Select(r => Row(t, c, program, r)))}
                </tbody>
                </table>
                {(anyPending ? Html.Of($"""<p class="muted">{c.ReleaseHint}</p><p><button type="submit" id="release-selected">{c.ReleaseSelected}</button></p>""") : HtmlFragment.Empty)}
                </form>
                """);
        var next = page?.ContinuationToken is { } token
            ? Html.Of($"""<p><a id="next-page" href="{WithQuery(request, ListPath, query with { ContinuationToken = token })}">{c.NextPage}</a></p>""")
            : HtmlFragment.Empty;
        var export = WithQuery(request, "/api/staff/applications.csv", query with { ContinuationToken = null, PageSize = null });
        var body = Html.Of($"""
            <h1>{c.ListTitle}{t.Colon}{program.Name.For(t.Language)}</h1>
            {Problem(t, problem)}
            {Filters(t, c, programs, program, query)}
            <p class="muted" id="calibration-note">{ScoreCalibrationView.Current.Explanation.For(t.Language)}</p>
            {table}
            {next}
            <p><a id="export-csv" href="{export}">{c.ExportCsv}</a></p>
            """);
        return ConsolePages.Shell(request.HttpContext, t, $"{c.ListTitle} · {program.Name.For(t.Language)}", body, problem?.Status ?? StatusCodes.Status200OK, wide: true);
    }

    private static HtmlFragment Row(PageText t, ConsoleApplicationsText c, ProgramDefinition program, StaffSummaryView r)
    {
        var select = r.PendingDecision is { } pending
            ? Html.Of($"""<label for="select-{r.ApplicationId}"><input type="checkbox" id="select-{r.ApplicationId}" name="applicationIds" value="{r.ApplicationId}"> {c.DecisionName(pending)}</label>""")
            : HtmlFragment.Empty;
        var stage = Enum.TryParse<Stage>(r.Stage, out var parsed) ? t.StageName(parsed) : r.Stage;
        var flags = string.Join(" · ", new[] { r.NeedsAttention ? c.Attention : null, r.PendingDecision is { } p ? $"{c.Pending}: {c.DecisionName(p)}" : null }.OfType<string>());
        return Html.Of($"""
            <tr id="row-{r.ApplicationId}">
            <td>{select}</td>
            <td><a href="{DetailPath(r.ApplicationId)}" id="open-{r.ApplicationId}">{r.ProjectTitle}</a><br><span class="muted">{r.ApplicationId}</span></td>
            <td>{r.ApplicantName}</td>
            <td>{program.FindTrack(r.Track)?.Name.For(t.Language) ?? r.Track}</td>
            <td>{r.School}</td>
            <td>{t.ProjectLanguage(r.ProjectLanguage)}</td>
            <td>{stage}</td>
            <td class="score">{c.ScoreText(r.WeightedScore)}</td>
            <td class="calibrated-score">{c.ScoreText(r.CalibratedScore)}</td>
            <td>{(r.SubmittedAt is { } at ? PageText.Time(at, program.TimeZone) : t.None)}</td>
            <td>{flags}</td>
            </tr>
            """);
    }

    private static HtmlFragment Filters(PageText t, ConsoleApplicationsText c, ProgramCatalog programs, ProgramDefinition program, StaffListQuery query)
    {
        var programOptions = programs.All.Select(p => Option(p.Id, p.Name.For(t.Language), p.Id == program.Id));
        var stageOptions = Enum.GetValues<Stage>().Select(s => Option(s.ToString(), t.StageName(s), string.Equals(s.ToString(), query.Stage, StringComparison.OrdinalIgnoreCase)));
        var trackOptions = program.Tracks.Select(tr => Option(tr.Id, tr.Name.For(t.Language), tr.Id == query.Track)).Prepend(Option("", c.AnyTrack, query.Track is null));
        var sortOptions = new[] { ("", c.SortNone), ("score", c.SortScore), ("calibratedScore", c.SortCalibrated), ("submittedAt", c.SortSubmitted) }
            .Select(o => Option(o.Item1, o.Item2, string.Equals(o.Item1, query.Sort ?? "", StringComparison.OrdinalIgnoreCase)));
        return Html.Of($"""
            <form method="get" action="{ListPath}" id="filters">
            <fieldset>
            <legend>{c.Filters}</legend>
            <div class="filters">
            <div><label for="programId">{t.ProgramLabel}</label><select id="programId" name="programId">{Html.Join(programOptions)}</select></div>
            <div><label for="stage">{c.Stage}</label><select id="stage" name="stage">{Html.Join(stageOptions)}</select></div>
            <div><label for="track">{c.Track}</label><select id="track" name="track">{Html.Join(trackOptions)}</select></div>
            <div><label for="school">{c.School}</label><input type="text" id="school" name="school" maxlength="200" value="{query.School}"></div>
            <div><label for="language">{c.ProjectLanguage}</label><input type="text" id="language" name="language" maxlength="35" placeholder="zh, en" value="{query.Language}"></div>
            <div><label for="minScore">{c.MinScore}</label><input type="number" id="minScore" name="minScore" min="1" max="5" step="0.01" value="{query.MinScore}"></div>
            <div><label for="maxScore">{c.MaxScore}</label><input type="number" id="maxScore" name="maxScore" min="1" max="5" step="0.01" value="{query.MaxScore}"></div>
            <div><label for="sort">{c.Sort}</label><select id="sort" name="sort">{Html.Join(sortOptions)}</select></div>
            </div>
            <p class="actions"><button type="submit" id="apply-filters">{c.Apply}</button>
            <a id="clear-filters" href="{ListPath}?programId={Uri.EscapeDataString(program.Id)}&amp;stage={Uri.EscapeDataString(query.Stage ?? "")}">{c.Clear}</a></p>
            </fieldset>
            </form>
            """);
    }

    /// <summary>One application: everything staff see, and the actions as forms that post to the console's routes.</summary>
    public static HtmlPage Detail(HttpRequest request, PageText t, ConsoleApplication model, string? done, ProblemDetails? problem)
    {
        var c = ConsoleApplicationsText.For(t);
        var s = model.Application;
        var program = model.Program;
        var origins = model.MaterialUrls.Values.Select(u => u.GetLeftPart(UriPartial.Authority)).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        var flash = problem is null && c.DoneMessage(done) is { } message
            ? Html.Of($"""<section class="ok" role="status" id="flash"><p><strong>{c.Done}</strong>{t.Colon}{message}</p></section>""")
            : HtmlFragment.Empty;
        var body = Html.Of($"""
            <p class="muted">{program.Name.For(t.Language)} · <a id="back-to-list" href="{ListPath}?programId={Uri.EscapeDataString(program.Id)}&amp;stage={Uri.EscapeDataString(s.Stage.ToString())}">{c.BackToList}</a></p>
            <h1>{s.Project.Title}</h1>
            <p id="stage"><strong>{t.StageName(s.Stage)}</strong> · <span class="muted">{s.Id}</span></p>
            {flash}
            {Problem(t, problem)}
            {Scores(c, s, model.CalibratedScore, t)}
            {Decision(t, c, model)}
            {Attention(c, s)}
            {Profile(t, c, s)}
            {Project(t, program, s)}
            {Materials(t, program, s, model.MaterialUrls)}
            {Reviews(t, c, program, s)}
            {Screening(t, c, s)}
            {Actions(c, s)}
            {Timeline(t, c, program, model.History)}
            """);
        var status = problem?.Status ?? StatusCodes.Status200OK;
        return ConsolePages.Shell(request.HttpContext, t, $"{c.DetailTitle} · {s.Project.Title}", body, status, origins, wide: true);
    }

    private static HtmlFragment Scores(ConsoleApplicationsText c, ApplicationState s, double? calibrated, PageText t) => Html.Of($"""
        <section aria-labelledby="scores-heading" id="scores">
        <h2 id="scores-heading">{c.Scores}</h2>
        <dl>
        <dt>{c.Score}</dt><dd id="weighted-score">{c.ScoreText(s.WeightedScore)}</dd>
        <dt>{c.CalibratedScore}</dt><dd id="calibrated-score">{c.ScoreText(calibrated)}</dd>
        </dl>
        <p class="muted" id="calibration-note">{ScoreCalibrationView.Current.Explanation.For(t.Language)}</p>
        </section>
        """);

    private static HtmlFragment Decision(PageText t, ConsoleApplicationsText c, ConsoleApplication model)
    {
        var s = model.Application;
        var zone = model.Program.TimeZone;
        var pending = s.PendingDecision is { } p
            ? Html.Of($"""<p id="pending-decision"><strong>{c.PendingDecisionLabel}</strong>{t.Colon}{c.PendingSince(p.Decision, PageText.Time(p.DecidedAt, zone), p.DecidedBy, PageText.Time(p.ReleaseAt, zone))}</p>""")
            : HtmlFragment.Empty;
        var offer = s.Offer is { } o && s.Stage is Stage.Offered
            ? Html.Of($"""<p id="offer"><strong>{c.OfferLabel}</strong>{t.Colon}{c.OfferExpires(PageText.Time(o.ExpiresAt, zone))}</p>""")
            : HtmlFragment.Empty;
        var held = model.ReleaseAt is { } releaseAt
            ? Html.Of($"""<p class="muted" id="release-date">{c.HeldUntil(PageText.Time(releaseAt, zone))}</p>""")
            : HtmlFragment.Empty;
        return Html.Of($"""
            <section aria-labelledby="decision-heading">
            <h2 id="decision-heading">{c.Decision}</h2>
            {pending}
            {offer}
            <p id="seats">{c.SeatsLeft(model.Seats.Free, model.Seats.Capacity)}</p>
            {held}
            <form method="post" action="{DetailPath(s.Id)}/decision" id="decision-form">
            {RequestId()}
            <fieldset>
            <legend>{c.Decision}</legend>
            <div class="choice actions">
            <label for="decision-offer"><input type="radio" id="decision-offer" name="decision" value="offer" required> {c.Offer}</label>
            <label for="decision-waitlist"><input type="radio" id="decision-waitlist" name="decision" value="waitlist" required> {c.Waitlist}</label>
            <label for="decision-reject"><input type="radio" id="decision-reject" name="decision" value="reject" required> {c.Reject}</label>
            </div>
            </fieldset>
            <p><label for="decision-note">{c.Note}</label></p>
            <textarea id="decision-note" name="note" maxlength="{StaffActions.MaxNoteLength}"></textarea>
            <p><label for="allowOverCapacity"><input type="checkbox" id="allowOverCapacity" name="allowOverCapacity" value="true"> {c.AllowOverCapacity}</label></p>
            <p><button type="submit" id="decision-submit">{c.RecordDecision}</button></p>
            </form>
            </section>
            """);
    }

    private static HtmlFragment Attention(ConsoleApplicationsText c, ApplicationState s)
    {
        var items = s.NeedsAttention.Select((reason, i) => Html.Of($"""
            <li><span class="error">{reason}</span>
            <form method="post" action="{DetailPath(s.Id)}/resolve-attention" id="resolve-form-{i}">{RequestId()}<input type="hidden" name="reason" value="{reason}">
            <button type="submit" class="secondary" id="resolve-{i}">{c.Resolve}</button></form></li>
            """)).ToList();
        return Html.Of($"""
            <section aria-labelledby="attention-heading" id="attention">
            <h2 id="attention-heading">{c.AttentionHeading}</h2>
            {(items.Count == 0 ? Html.Of($"<p>{c.NoAttention}</p>") : Html.Of($"<ul>{Html.Join(items)}</ul>"))}
            </section>
            """);
    }

    private static HtmlFragment Profile(PageText t, ConsoleApplicationsText c, ApplicationState s)
    {
        var a = s.Applicant;
        return Html.Of($"""
            <section aria-labelledby="applicant-heading" id="profile">
            <h2 id="applicant-heading">{t.ApplicantHeading}</h2>
            <dl>
            {Pages.Row(c.Applicant, a.Name)}
            {Pages.Row(c.Email, a.Email)}
            {Pages.Row(c.PreferredLanguage, t.ProjectLanguage(a.PreferredLanguage))}
            {Pages.Row(t.SchoolLabel, a.School)}
            {Pages.Row(t.GraduationYearLabel, a.GraduationYear.ToString(System.Globalization.CultureInfo.InvariantCulture))}
            {Pages.Row(t.RolesLabel, string.Join(" · ", a.Roles))}
            {Pages.Row(t.AwardsLabel, string.Join(" · ", a.Awards))}
            {Pages.Row(c.Affiliations, string.Join(" · ", a.Affiliations))}
            {Pages.Row(c.ConsentLabel, s.Consent is { } k ? $"{k.PrivacyNotice} · {PageText.Time(k.AcceptedAt, "UTC")}" : c.ConsentNotRecorded)}
            </dl>
            </section>
            """);
    }

    private static HtmlFragment Project(PageText t, ProgramDefinition program, ApplicationState s) => Html.Of($"""
        <section aria-labelledby="project-heading" id="project">
        <h2 id="project-heading">{t.ProjectHeading}</h2>
        <dl>
        {Pages.Row(t.TitleLabel, s.Project.Title)}
        {Pages.Row(t.LoglineLabel, Html.MultiLine(s.Project.Logline))}
        {Pages.Row(t.SynopsisLabel, Html.MultiLine(s.Project.Synopsis))}
        {Pages.Row(t.FormatLabel, s.Project.Format is { } format ? t.Format(format) : t.None)}
        {Pages.Row(t.LanguageLabel, t.ProjectLanguage(s.Project.Language))}
        {Pages.Row(t.TrackLabel, program.FindTrack(s.Track)?.Name.For(t.Language) ?? s.Track)}
        </dl>
        </section>
        """);

    private static HtmlFragment Materials(PageText t, ProgramDefinition program, ApplicationState s, IReadOnlyDictionary<string, Uri> urls)
    {
        var items = s.Materials.Where(m => urls.ContainsKey(m.BlobName)).Select(m =>
        {
            var video = (program.RuleFor(m.Kind)?.Family ?? (m.ContentType.StartsWith("video/", StringComparison.OrdinalIgnoreCase) ? MaterialFamily.Video : MaterialFamily.Pdf)) == MaterialFamily.Video;
            return ReviewPage.Material(t, t.Material(m.Kind) + t.Colon + m.FileName, urls[m.BlobName], video, $"material-{m.MaterialId}");
        }).ToList();
        return Html.Of($"""
            <section aria-labelledby="materials-heading" id="materials">
            <h2 id="materials-heading">{t.MaterialsHeading}</h2>
            {(items.Count == 0 ? Html.Of($"<p>{t.NoMaterials}</p>") : Html.Join(items))}
            <p class="muted">{t.MaterialLinksNote}</p>
            </section>
            """);
    }

    private static HtmlFragment Reviews(PageText t, ConsoleApplicationsText c, ProgramDefinition program, ApplicationState s)
    {
        var items = s.Assignments.Select(a =>
        {
            var mentor = program.FindMentor(a.MentorId)?.Name ?? a.MentorId;
            var review = a.Review is { } r
                ? Html.Of($"""
                    <dl>
                    {Html.Join(program.Rubric.Select(k => Pages.Row(k.Name.For(t.Language), r.Scores.TryGetValue(k.Id, out var v) ? v.ToString(System.Globalization.CultureInfo.InvariantCulture) : t.None)))}
                    {Pages.Row(c.Recommendation, r.Recommendation == Recommendation.Advance ? t.Advance : t.Decline)}
                    {Pages.Row(c.Comment, Html.MultiLine(r.Comment))}
                    </dl>
                    """)
                : HtmlFragment.Empty;
            return Html.Of($"""
                <li id="review-{a.AssignmentId}"><strong>{mentor}</strong> · {a.Status.ToString()} · {c.DueAt} {PageText.Time(a.DueAt, program.TimeZone)}
                {review}
                </li>
                """);
        }).ToList();
        return Html.Of($"""
            <section aria-labelledby="reviews-heading" id="reviews">
            <h2 id="reviews-heading">{c.Reviews}</h2>
            {(items.Count == 0 ? Html.Of($"<p>{c.NoReviews}</p>") : Html.Of($"<ul>{Html.Join(items)}</ul>"))}
            </section>
            """);
    }

    private static HtmlFragment Screening(PageText t, ConsoleApplicationsText c, ApplicationState s)
    {
        var result = s.ScreeningResult is { } r
            ? Html.Of($"""
                <p id="screening-result">{(r.Passed ? c.Passed : c.Failed)}{(r.Overridden ? " · " + c.Overridden : "")}</p>
                {(r.Reasons.Count == 0 ? HtmlFragment.Empty : Html.Of($"<ul>{Html.Join(r.Reasons.Select(f => Html.Of($"<li>{f.Detail}</li>")))}</ul>"))}
                """)
            : Html.Of($"<p>{t.None}</p>");
        return Html.Of($"""
            <section aria-labelledby="screening-heading" id="screening">
            <h2 id="screening-heading">{c.Screening}</h2>
            {result}
            <form method="post" action="{DetailPath(s.Id)}/screening-override" id="override-form">
            {RequestId()}
            <fieldset>
            <legend>{c.ScreeningOverride}</legend>
            <div class="choice actions">
            <label for="outcome-pass"><input type="radio" id="outcome-pass" name="outcome" value="pass" required> {c.Pass}</label>
            <label for="outcome-fail"><input type="radio" id="outcome-fail" name="outcome" value="fail" required> {c.Fail}</label>
            </div>
            </fieldset>
            <p><label for="override-note">{c.OverrideNote}</label></p>
            <textarea id="override-note" name="note" required maxlength="{StaffActions.MaxNoteLength}"></textarea>
            <p><button type="submit" id="override-submit">{c.Override}</button></p>
            </form>
            </section>
            """);
    }

    private static HtmlFragment Actions(ConsoleApplicationsText c, ApplicationState s) => Html.Of($"""
        <section aria-labelledby="assign-heading" id="assign">
        <h2 id="assign-heading">{c.AssignMentors}</h2>
        <p class="muted">{c.AssignHint}</p>
        <form method="post" action="{DetailPath(s.Id)}/assign-mentors" id="assign-form">{RequestId()}<button type="submit" class="secondary" id="assign-submit">{c.AssignMentors}</button></form>
        </section>
        """);

    private static HtmlFragment Timeline(PageText t, ConsoleApplicationsText c, ProgramDefinition program, IReadOnlyList<StoredEvent> history) => Html.Of($"""
        <section aria-labelledby="timeline-heading">
        <h2 id="timeline-heading">{c.Timeline}</h2>
        <ol class="timeline" id="timeline">
        {Html.Join(history.Select(e => Html.Of($"""<li data-version="{e.Version}"><time datetime="{e.At.ToString("O", System.Globalization.CultureInfo.InvariantCulture)}">{PageText.Time(e.At, program.TimeZone)}</time> · {e.Type} · {c.Actor}{t.Colon}<span class="actor">{e.Actor}</span></li>""")))}
        </ol>
        </section>
        """);

    /// <summary>What the bulk release did, per application, with links back.</summary>
    public static HtmlPage Released(HttpRequest request, PageText t, ReleaseDecisionsView? view, ProblemDetails? problem, string backUrl)
    {
        var c = ConsoleApplicationsText.For(t);
        var results = view?.Results ?? [];
        var rows = results.Select(r => Html.Of($"""
            <tr id="released-{r.ApplicationId}"><td><a href="{DetailPath(r.ApplicationId)}">{r.ApplicationId}</a></td>
            <td>{(r.Status == StatusCodes.Status200OK ? c.Released : c.NotReleased)}</td>
            <td>{(r.Stage is { } stage ? t.StageName(stage) : FailureReason(t, r))}</td></tr>
            """));
        var body = Html.Of($"""
            <h1>{c.ReleaseTitle}</h1>
            {Problem(t, problem)}
            {(view is null ? HtmlFragment.Empty : Html.Of($"""
                <p id="release-summary">{c.ReleasedCount(results.Count(r => r.Status == StatusCodes.Status200OK), results.Count)}</p>
                <table id="release-results"><tbody>{Html.Join(rows)}</tbody></table>
                """))}
            <p><a id="back-to-list" href="{backUrl}">{c.BackToList}</a></p>
            """);
        return ConsolePages.Shell(request.HttpContext, t, c.ReleaseTitle, body, problem?.Status ?? StatusCodes.Status200OK, wide: true);
    }

    /// <summary>Why one application's decision was not released: the API's words in English, the refusal's title in Chinese.</summary>
    private static string FailureReason(PageText t, ReleaseResultView result) =>
        (t.IsChinese ? PageProblem.ForRefusal(result.Code)?.Title.For(t.Language) : null) ?? result.Detail ?? result.Code ?? "";

    /// <summary>A page that says why nothing was shown or done, in the console's language.</summary>
    public static HtmlPage Message(HttpRequest request, PageText t, int status, string title, string text) => ConsolePages.Shell(request.HttpContext, t, title, Html.Of($"""
        <h1>{title}</h1>
        <section class="errors" role="alert" id="problem"><p>{text}</p></section>
        <p><a id="back-to-list" href="{ListPath}">{ConsoleApplicationsText.For(t).BackToList}</a></p>
        """), status);

    /// <summary>
    /// The API's problem, as the page's alert. In English: its title and detail (what the JSON endpoint answers). In
    /// Chinese: the refusal's Chinese title and explanation (<see cref="PageProblem.Refusals"/>), then the API's detail,
    /// which may name fields or counts, marked as English.
    /// </summary>
    private static HtmlFragment Problem(PageText t, ProblemDetails? problem)
    {
        if (problem is null)
        {
            return HtmlFragment.Empty;
        }
        var c = ConsoleApplicationsText.For(t);
        var code = problem.Extensions.TryGetValue("code", out var value) ? value?.ToString() : null;
        var known = t.IsChinese ? PageProblem.ForRefusal(code) : null;
        var reason = known is null
            ? Html.Of($"<p><strong>{c.Refused}{t.Colon}{problem.Title}</strong></p>")
            : Html.Of($"<p><strong>{c.Refused}{t.Colon}{known.Title.For(t.Language)}</strong></p><p>{known.Message.For(t.Language)}</p>");
        var detail = string.IsNullOrEmpty(problem.Detail) ? HtmlFragment.Empty
            : known is null ? Html.Of($"<p>{problem.Detail}</p>")
            : Html.Of($"""<p class="muted">{c.EnglishDetail}{t.Colon}<span lang="en">{problem.Detail}</span></p>""");
        return Html.Of($"""
            <section class="errors" role="alert" id="problem" data-code="{code}">
            {reason}
            {detail}
            </section>
            """);
    }

    /// <summary>
    /// A fresh id per rendered form: the command id of what the form sends, so a form sent twice (a double click, a
    /// reload of the post) is the same command and applies once.
    /// </summary>
    private static HtmlFragment RequestId() => Html.Of($"""<input type="hidden" name="requestId" value="{Guid.NewGuid().ToString("N")}">""");

    private static HtmlFragment Option(string value, string label, bool selected) =>
        Html.Of($"""<option value="{value}"{(selected ? new HtmlFragment(" selected") : HtmlFragment.Empty)}>{label}</option>""");

    private static HtmlFragment SortLink(HttpRequest request, StaffListQuery query, string sort, string label, string id) =>
        Html.Of($"""<a id="{id}" href="{WithQuery(request, ListPath, query with { Sort = sort, ContinuationToken = null })}">{label}</a>""");

    /// <summary><paramref name="path"/> with the listing's query (blank values left out).</summary>
    public static string WithQuery(HttpRequest request, string path, StaffListQuery query)
    {
        var values = new (string Key, string? Value)[]
        {
            ("programId", query.ProgramId), ("stage", query.Stage), ("track", query.Track), ("school", query.School), ("language", query.Language),
            ("minScore", query.MinScore), ("maxScore", query.MaxScore), ("sort", query.Sort), ("continuationToken", query.ContinuationToken), ("pageSize", query.PageSize),
        };
        var builder = new QueryBuilder(values.Where(v => !string.IsNullOrWhiteSpace(v.Value)).Select(v => KeyValuePair.Create(v.Key, v.Value!)));
        return request.PathBase + path + builder.ToQueryString();
    }
}
