using Microsoft.Extensions.Options;
using TalentFunctions.Domain.Programs;
using TalentFunctions.Notifications;
using TalentFunctions.Web.Api;
using TalentFunctions.Web.Pages;
using TalentFunctions.Web.Security;
using TalentFunctions.Web.Settings;
using TalentFunctions.Workflow.Effects;
using TalentFunctions.Workflow.Privacy;
using TalentFunctions.Workflow.Queries;

namespace TalentFunctions.Web.Endpoints;

/// <summary>What the sign-in endpoints need (bound with <c>[AsParameters]</c>).</summary>
public sealed record SignInServices(
    StaffAccessStore Store,
    IOptionsMonitor<StaffOptions> Staff,
    IOptions<LinksOptions> Links,
    EmailRenderer Renderer,
    IEmailSender Email,
    TimeProvider Time,
    ILogger<SignInServices> Logger);

/// <summary>
/// The staff console: sign-in with an emailed one-time link, sign-out, and the dashboard.
/// <list type="bullet">
/// <item><c>GET /console/sign-in</c>: the email form. <c>POST /console/sign-in</c>: emails a link when the address is a
/// configured member, and answers the same page whatever the address (rate limited).</item>
/// <item><c>GET /console/sign-in/{token}</c>: a page with a button (opening the link changes nothing: mail scanners
/// open links). <c>POST /console/sign-in/{token}</c>: uses the link up (once) and starts a session: the session cookie.</item>
/// <item><c>POST /console/sign-out</c>: ends the session. <c>GET /console</c>: the dashboard (signed-in staff).</item>
/// </list>
/// </summary>
public static partial class ConsoleApi
{
    public static IEndpointRouteBuilder MapConsole(this IEndpointRouteBuilder app)
    {
        app.MapGet("/console/sign-in", SignInPage).WithName("ConsoleSignInPage")
            .WithTags("Console").ExcludeFromDescription().RequireRateLimiting(RateLimits.Public);
        app.MapPost("/console/sign-in", RequestLinkAsync).WithName("ConsoleRequestSignIn")
            .WithTags("Console").ExcludeFromDescription().RequireRateLimiting(RateLimits.SignIn);
        app.MapGet("/console/sign-in/{token}", LinkPageAsync).WithName("ConsoleSignInLinkPage")
            .WithTags("Console").ExcludeFromDescription().RequireRateLimiting(RateLimits.Public);
        app.MapPost("/console/sign-in/{token}", ConfirmAsync).WithName("ConsoleSignIn")
            .WithTags("Console").ExcludeFromDescription().RequireRateLimiting(RateLimits.Public);
        app.MapPost("/console/sign-out", SignOutAsync).WithName("ConsoleSignOut")
            .WithTags("Console").ExcludeFromDescription().RequireRateLimiting(RateLimits.Public);
        app.MapGet("/console", DashboardAsync).WithName("ConsoleDashboard")
            .WithTags("Console").ExcludeFromDescription().RequireAuthorization(ApiAuthentication.StaffPolicy);
        return app;
    }

    private static IResult SignInPage(HttpContext context) => ConsolePages.SignIn(context, PageLanguage.Resolve(context));

    private static async Task<IResult> RequestLinkAsync(HttpContext context, [AsParameters] SignInServices services, CancellationToken ct)
    {
        var t = PageLanguage.Resolve(context);
        if (SameOrigin.IsCrossSite(context.Request, services.Links.Value.PublicBaseUrl))
        {
            return PageProblem.CrossSite.ToPage();
        }
        if (await TokenPages.ReadFormAsync(context.Request, ct) is not { } form)
        {
            return PageProblem.UnsupportedForm.ToPage();
        }
        var email = form["email"].ToString().Trim();
        if (!StaffOptionsValidator.IsAddress(email))
        {
            return ConsolePages.SignIn(context, t, email, invalid: true);
        }
        var staff = services.Staff.CurrentValue;
        if (staff.FindMember(email) is { } member)
        {
            await SendLinkAsync(services, member, t, ct);
        }
        // The same answer for every address: whether it is a staff address is not told.
        return ConsolePages.CheckInbox(context, t, staff.SignInLinkLifetime);
    }

    private static async Task SendLinkAsync(SignInServices services, StaffMemberOptions member, PageText t, CancellationToken ct)
    {
        var lifetime = services.Staff.CurrentValue.SignInLinkLifetime;
        var token = await services.Store.IssueSignInAsync(member.Email.Trim(), lifetime, ct);
        var url = new Uri(services.Links.Value.PublicBaseUrl, "/console/sign-in/" + token).AbsoluteUri;
        var c = ConsoleText.For(t);
        var model = new StaffSignInEmail(new EmailBasics(member.DisplayName, c.ConsoleName, "", "", null), url,
            services.Time.GetUtcNow() + lifetime);
        var rendered = services.Renderer.Render(model, t.Language);
        var effectId = "staff-sign-in-" + AccessTokens.Hash(token)[..24];
        try
        {
            await services.Email.SendAsync(EmailMessage.Create(effectId, "", member.Email.Trim(), member.DisplayName, model.Kind, rendered), ct);
        }
        catch (EmailDeliveryException ex)
        {
            // The page answers as for any address; the member asks again. Logged by effect id, never the address.
            LogSignInEmailFailed(services.Logger, effectId, ex);
        }
    }

    private static async Task<IResult> LinkPageAsync(string token, HttpContext context, StaffAccessStore store, CancellationToken ct)
    {
        var t = PageLanguage.Resolve(context);
        return await store.IsSignInUsableAsync(token, ct)
            ? ConsolePages.ConfirmSignIn(context, t, token)
            : ConsolePages.LinkUnusable(context, t);
    }

    private static async Task<IResult> ConfirmAsync(string token, HttpContext context, [AsParameters] SignInServices services, CancellationToken ct)
    {
        var t = PageLanguage.Resolve(context);
        if (SameOrigin.IsCrossSite(context.Request, services.Links.Value.PublicBaseUrl))
        {
            return PageProblem.CrossSite.ToPage();
        }
        var staff = services.Staff.CurrentValue;
        if (await services.Store.ConsumeSignInAsync(token, ct) is not { } email
            || staff.FindMember(email) is not { } member || StaffRoles.Parse(member.Role) is not { } role)
        {
            return ConsolePages.LinkUnusable(context, t);
        }
        var session = await services.Store.StartSessionAsync(member.Email.Trim(), role, staff.SessionLifetime, ct);
        context.Response.Cookies.Append(StaffSessionAuthenticationHandler.CookieName, session,
            StaffSessionAuthenticationHandler.CookieOptions(context, staff.SessionLifetime));
        return SeeOther("/console");
    }

    private static async Task<IResult> SignOutAsync(HttpContext context, StaffAccessStore store, IOptions<LinksOptions> links, CancellationToken ct)
    {
        var t = PageLanguage.Resolve(context);
        if (!SameOriginStrict.IsSameOrigin(context.Request, links.Value.PublicBaseUrl))
        {
            return PageProblem.CrossSite.ToPage();
        }
        if (context.Request.Cookies.TryGetValue(StaffSessionAuthenticationHandler.CookieName, out var session))
        {
            await store.EndSessionAsync(session, ct);
        }
        context.Response.Cookies.Delete(StaffSessionAuthenticationHandler.CookieName, StaffSessionAuthenticationHandler.CookieOptions(context, null));
        return ConsolePages.SignedOut(context, t);
    }

    private static async Task<IResult> DashboardAsync(
        string? programId, HttpContext context, ProgramCatalog programs, ApplicationQueries queries, RetentionSweeps retention, CancellationToken ct)
    {
        var t = PageLanguage.Resolve(context);
        var program = programId is null ? programs.All[0] : programs.Get(programId);
        if (program is null)
        {
            return PageProblem.NotFound.ToPage();
        }
        var dashboard = await queries.GetDashboardAsync(program.Id, ct);
        var attention = new List<ApplicationSummary>();
        if (dashboard.NeedsAttention > 0)
        {
            await foreach (var summary in queries.ListProgramAsync(program.Id, ct))
            {
                if (summary.NeedsAttention)
                {
                    attention.Add(summary);
                }
            }
        }
        var retentionStatus = await retention.GetStatusAsync(program.Id, program.Cycle, ct);
        return ConsolePages.Dashboard(context, t, programs, program, dashboard, attention, retentionStatus);
    }

    /// <summary>303 See Other: after a form post, the browser GETs the target.</summary>
    private static IResult SeeOther(string location) => new SeeOtherResult(location);

    private sealed class SeeOtherResult(string location) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.StatusCode = StatusCodes.Status303SeeOther;
            httpContext.Response.Headers.Location = location;
            return Task.CompletedTask;
        }
    }

    [LoggerMessage(70, LogLevel.Warning, "The staff sign-in email {EffectId} could not be sent")]
    private static partial void LogSignInEmailFailed(ILogger logger, string effectId, Exception exception);
}
