using System.Globalization;
using System.Security.Claims;
using TalentFunctions.Domain.Applications;
using TalentFunctions.Domain.Programs;
using TalentFunctions.Workflow.Effects;
using TalentFunctions.Workflow.Privacy;
using TalentFunctions.Workflow.Queries;

namespace TalentFunctions.Web.Pages;

/// <summary>One bar of the dashboard's funnel: a step reached, or an exit.</summary>
public sealed record FunnelBar(string Id, string Label, int Count, bool Exit);

/// <summary>
/// The funnel from the dashboard's counts by current stage: how many applications reached each step (an application
/// now Offered has also been submitted, screened in and reviewed) and how many left at each exit. Withdrawn
/// applications count as started only: the index does not keep the stage they left from.
/// </summary>
public static class DashboardFunnel
{
    public static IReadOnlyList<FunnelBar> From(ProgramDashboard dashboard, ConsoleText c)
    {
        int N(params Stage[] stages) => stages.Sum(s => dashboard.CountsByStage.GetValueOrDefault(s.ToString()));
        var offered = N(Stage.Offered, Stage.Accepted, Stage.OfferDeclined, Stage.OfferExpired);
        var reviewed = offered + N(Stage.Reviewed, Stage.Rejected, Stage.Waitlisted);
        var screenedIn = reviewed + N(Stage.InReview);
        var submitted = screenedIn + N(Stage.Submitted, Stage.Screening, Stage.ScreenedOut);
        return
        [
            new("started", c.Started, dashboard.Total, false),
            new("submitted", c.Submitted, submitted, false),
            new("screened-in", c.ScreenedIn, screenedIn, false),
            new("reviewed", c.Reviewed, reviewed, false),
            new("offered", c.Offered, offered, false),
            new("accepted", c.Accepted, N(Stage.Accepted), false),
            new("screened-out", c.ScreenedOut, N(Stage.ScreenedOut), true),
            new("rejected", c.Rejected, N(Stage.Rejected), true),
            new("withdrawn", c.Withdrawn, N(Stage.Withdrawn), true),
            new("declined-expired", c.DeclinedOrExpired, N(Stage.OfferDeclined, Stage.OfferExpired), true),
        ];
    }
}

/// <summary>The staff console's pages: sign-in, the shell every console page shares, and the dashboard.</summary>
public static class ConsolePages
{
    /// <summary>
    /// A console page for a signed-in member: the navigation (dashboard, applications), who is signed in, the language
    /// switch and the sign-out button around <paramref name="body"/>. Other console pages use it too.
    /// </summary>
    public static HtmlPage Shell(HttpContext context, PageText t, string title, HtmlFragment body, int status = StatusCodes.Status200OK,
        IReadOnlyList<string>? mediaOrigins = null, bool wide = false)
    {
        PageLanguage.Remember(context);
        var c = ConsoleText.For(t);
        var user = context.User;
        var name = user.FindFirst(ClaimTypes.Name)?.Value ?? "";
        var role = user.FindFirst(ClaimTypes.Role)?.Value ?? "";
        var path = context.Request.Path.Value ?? "";
        HtmlFragment Current(bool current) => current ? new(" aria-current=\"page\"") : HtmlFragment.Empty;
        var header = Html.Of($"""
            <header class="console">
            <p class="muted">{c.ConsoleName}</p>
            <nav aria-label="{c.NavLabel}" class="actions">
            <a id="nav-dashboard" href="/console"{Current(path == "/console")}>{c.NavDashboard}</a>
            <a id="nav-applications" href="/console/applications"{Current(path.StartsWith("/console/applications", StringComparison.Ordinal))}>{c.NavApplications}</a>
            <a id="language-switch" href="{PageLanguage.SwitchUrl(context.Request, t)}" lang="{(t.IsChinese ? "en" : "zh-Hans")}">{t.OtherLanguageName}</a>
            <span id="signed-in-as">{c.SignedInAs(name, role)}</span>
            <form method="post" action="/console/sign-out"><button type="submit" id="sign-out" name="sign-out" class="secondary">{c.SignOut}</button></form>
            </nav>
            </header>
            """);
        return new HtmlPage(status, t.Language, $"{title} · {c.ConsoleName}", Html.Of($"{header}{body}"))
        {
            MediaOrigins = mediaOrigins ?? [],
            Wide = wide,
        };
    }

    /// <summary>A console page for someone not signed in: the language switch and the content.</summary>
    public static HtmlPage Public(HttpContext context, PageText t, string title, HtmlFragment body, int status = StatusCodes.Status200OK)
    {
        PageLanguage.Remember(context);
        var c = ConsoleText.For(t);
        return new HtmlPage(status, t.Language, $"{title} · {c.ConsoleName}", Html.Of($"""
            <p class="muted">{c.ConsoleName} · <a id="language-switch" href="{PageLanguage.SwitchUrl(context.Request, t)}" lang="{(t.IsChinese ? "en" : "zh-Hans")}">{t.OtherLanguageName}</a></p>
            <h1>{title}</h1>
            {body}
            """));
    }

    public static HtmlPage SignIn(HttpContext context, PageText t, string? email = null, bool invalid = false)
    {
        var c = ConsoleText.For(t);
        var error = invalid
            ? Html.Of($"""<p class="error" id="error-email">{c.EmailInvalid}</p>""")
            : HtmlFragment.Empty;
        var described = invalid ? new HtmlFragment(" aria-invalid=\"true\" aria-describedby=\"error-email\"") : HtmlFragment.Empty;
        return Public(context, t, c.SignInTitle, Html.Of($"""
            <section>
            <p>{c.SignInIntro}</p>
            <form method="post" action="/console/sign-in" id="sign-in-form">
            <p><label for="email">{c.EmailLabel}</label></p>
            <input type="email" id="email" name="email" autocomplete="email" required maxlength="254" value="{email}"{described}>
            {error}
            <p><button type="submit" id="send-link">{c.SendLink}</button></p>
            </form>
            </section>
            """), invalid ? StatusCodes.Status422UnprocessableEntity : StatusCodes.Status200OK);
    }

    public static HtmlPage CheckInbox(HttpContext context, PageText t, TimeSpan lifetime)
    {
        var c = ConsoleText.For(t);
        return Public(context, t, c.CheckInboxTitle, Html.Of($"""<section class="ok" id="check-inbox"><p>{c.CheckInboxText(lifetime)}</p></section>"""));
    }

    public static HtmlPage ConfirmSignIn(HttpContext context, PageText t, string token)
    {
        var c = ConsoleText.For(t);
        return Public(context, t, c.ConfirmTitle, Html.Of($"""
            <section>
            <p>{c.ConfirmText}</p>
            <form method="post" action="/console/sign-in/{token}" id="sign-in-confirm-form">
            <p><button type="submit" id="sign-in-confirm" name="sign-in-confirm">{c.SignInButton}</button></p>
            </form>
            </section>
            """));
    }

    public static HtmlPage LinkUnusable(HttpContext context, PageText t)
    {
        var c = ConsoleText.For(t);
        return Public(context, t, c.LinkUnusableTitle, Html.Of($"""
            <section class="errors" id="link-unusable"><p>{c.LinkUnusableText}</p></section>
            <p><a id="request-new-link" href="/console/sign-in">{c.RequestNewLink}</a></p>
            """), StatusCodes.Status410Gone);
    }

    public static HtmlPage SignedOut(HttpContext context, PageText t)
    {
        var c = ConsoleText.For(t);
        return Public(context, t, c.SignedOutTitle, Html.Of($"""
            <section class="ok" id="signed-out"><p>{c.SignedOutText}</p></section>
            <p><a id="sign-in-again" href="/console/sign-in">{c.SignInAgain}</a></p>
            """));
    }

    /// <summary>403 for a console page the member's role does not allow (the session scheme's forbid).</summary>
    public static HtmlPage Forbidden(HttpContext context)
    {
        var t = PageLanguage.Resolve(context);
        var c = ConsoleText.For(t);
        return Shell(context, t, c.ForbiddenTitle, Html.Of($"""
            <h1>{c.ForbiddenTitle}</h1>
            <section class="errors" id="forbidden"><p>{c.ForbiddenText}</p></section>
            """), StatusCodes.Status403Forbidden);
    }

    /// <summary>The program's dashboard: funnel (chart and table), reviews, what needs attention, cohort seats.</summary>
    public static HtmlPage Dashboard(HttpContext context, PageText t, ProgramCatalog programs, ProgramDefinition program,
        ProgramDashboard dashboard, IReadOnlyList<ApplicationSummary> attention, RetentionStatus? retention)
    {
        var c = ConsoleText.For(t);
        var tabs = programs.All.Select(p => Html.Of($"""<a id="program-{p.Id}" href="/console?programId={Uri.EscapeDataString(p.Id)}"{(p.Id == program.Id ? new HtmlFragment(" aria-current=\"page\"") : HtmlFragment.Empty)}>{p.Name.For(t.Language)}</a>"""));
        var bars = DashboardFunnel.From(dashboard, c);
        var attentionItems = attention.Count == 0
            ? Html.Of($"""<p id="no-attention">{c.NoAttention}</p>""")
            : Html.Of($"""<ul id="attention-list">{Html.Join(attention.Select(a => Html.Of($"""<li><a href="/console/applications/{a.ApplicationId}">{(a.ProjectTitle.Length > 0 ? a.ProjectTitle : a.ApplicationId)}</a> · {a.ApplicantName} · {t.StageName(Enum.TryParse<Stage>(a.Stage, out var stage) ? stage : Stage.Draft)}</li>""")))}</ul>""");
        var body = Html.Of($"""
            <nav aria-label="{c.ProgramsLabel}" class="actions">{Html.Join(tabs)}</nav>
            <h1>{c.DashboardTitle}{t.Colon}{program.Name.For(t.Language)}</h1>
            <section aria-labelledby="attention-heading" id="attention">
            <h2 id="attention-heading">{c.AttentionHeading} ({dashboard.NeedsAttention})</h2>
            {attentionItems}
            </section>
            <section aria-labelledby="funnel-heading" id="funnel">
            <h2 id="funnel-heading">{c.FunnelHeading}</h2>
            <p class="muted">{c.FunnelNote}</p>
            {FunnelChart(c, bars)}
            {FunnelTable(c, bars)}
            </section>
            <section aria-labelledby="reviews-heading" id="reviews">
            <h2 id="reviews-heading">{c.ReviewsHeading}</h2>
            <dl>
            {Pages.Row(c.ReviewsOpen, Html.Of($"""<span id="reviews-open">{dashboard.ReviewsOpen}</span>"""))}
            {Pages.Row(c.ReviewsDueSoon, Html.Of($"""<span id="reviews-due-soon">{dashboard.ReviewsDueSoon}</span>"""))}
            {Pages.Row(c.ReviewsOverdue, Html.Of($"""<span id="reviews-overdue">{dashboard.ReviewsOverdue}</span>"""))}
            </dl>
            </section>
            <section aria-labelledby="cohort-heading" id="cohort">
            <h2 id="cohort-heading">{c.CohortHeading}</h2>
            <dl>
            {Pages.Row(c.Capacity, Html.Of($"""<span id="capacity">{dashboard.Capacity}</span>"""))}
            {Pages.Row(c.SeatsHeld, Html.Of($"""<span id="seats-held">{dashboard.SeatsHeld}</span>"""))}
            {Pages.Row(c.SeatsFree, Html.Of($"""<span id="seats-free">{dashboard.SeatsFree}</span>"""))}
            {Pages.Row(c.Waitlisted, Html.Of($"""<span id="waitlisted">{dashboard.Waitlisted}</span>"""))}
            {Pages.Row(c.WaitlistModeLabel, Html.Of($"""<span id="waitlist-mode">{c.WaitlistMode(dashboard.WaitlistMode)}</span>"""))}
            {Pages.Row(c.TotalLabel, Html.Of($"""<span id="total">{dashboard.Total}</span>"""))}
            {Pages.Row(c.MeanScore, dashboard.MeanWeightedScore?.ToString("0.00", CultureInfo.InvariantCulture))}
            </dl>
            </section>
            <section aria-labelledby="retention-heading" id="retention">
            <h2 id="retention-heading">{c.RetentionHeading}</h2>
            <p id="retention-state">{c.RetentionState(retention, program.TimeZone)}</p>
            </section>
            """);
        return Shell(context, t, $"{c.DashboardTitle} · {program.Name.For(t.Language)}", body);
    }

    /// <summary>
    /// The funnel as a horizontal bar chart drawn on the server: an image with a title and a description that reads
    /// every number, bars scaled to the largest count, each labelled with its step and count.
    /// </summary>
    private static HtmlFragment FunnelChart(ConsoleText c, IReadOnlyList<FunnelBar> bars)
    {
        const int labelWidth = 220, barArea = 320, rowHeight = 30, barHeight = 20;
        var max = Math.Max(1, bars.Max(b => b.Count));
        var height = bars.Count * rowHeight + 10;
        var rows = bars.Select((bar, i) =>
        {
            var y = 5 + i * rowHeight;
            var width = bar.Count == 0 ? 0 : Math.Max(2, (int)Math.Round(barArea * (double)bar.Count / max));
            return Html.Of($"""
                <g id="bar-{bar.Id}"><text x="{labelWidth - 8}" y="{y + 15}" text-anchor="end">{bar.Label}</text><rect class="{(bar.Exit ? "exit" : "bar")}" x="{labelWidth}" y="{y}" width="{width}" height="{barHeight}" rx="3"></rect><text x="{labelWidth + width + 6}" y="{y + 15}">{bar.Count}</text></g>
                """);
        });
        return Html.Of($"""
            <svg class="funnel" role="img" aria-labelledby="funnel-title funnel-desc" viewBox="0 0 {labelWidth + barArea + 60} {height}" width="100%">
            <title id="funnel-title">{c.FunnelHeading}</title>
            <desc id="funnel-desc">{c.FunnelDescription(bars.Select(b => (b.Label, b.Count)))}</desc>
            {Html.Join(rows)}
            </svg>
            """);
    }

    private static HtmlFragment FunnelTable(ConsoleText c, IReadOnlyList<FunnelBar> bars) => Html.Of($"""
        <table id="funnel-table">
        <thead><tr><th scope="col">{c.StepColumn}</th><th scope="col" class="num">{c.CountColumn}</th></tr></thead>
        <tbody>{Html.Join(bars.Select(b => Html.Of($"""<tr id="count-{b.Id}"><th scope="row">{b.Label}</th><td class="num">{b.Count}</td></tr>""")))}</tbody>
        </table>
        """);
}
