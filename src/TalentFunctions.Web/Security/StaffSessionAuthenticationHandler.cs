using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using TalentFunctions.Web.Api;
using TalentFunctions.Web.Pages;
using TalentFunctions.Web.Settings;

namespace TalentFunctions.Web.Security;

/// <summary>
/// Staff signed in to the console: the <see cref="CookieName"/> cookie holds a random session id whose hash names a row
/// of the sessions table (<see cref="StaffAccessStore"/>); the member must still be configured
/// (<c>Staff:Members</c>), and has the role configured now. A cookie is ambient, so an unsafe request (POST …) it
/// authenticates must come from this app (<see cref="SameOriginStrict"/>), or it is refused with 403
/// <c>cross-site-request</c>.
/// Without a session: console pages redirect to the sign-in page, the JSON API answers the 401 problem. A role too low:
/// 403, the <c>forbidden</c> problem on the API, a page on the console.
/// </summary>
public sealed class StaffSessionAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> schemeOptions,
    ILoggerFactory logger,
    UrlEncoder encoder,
    StaffAccessStore store,
    IOptionsMonitor<StaffOptions> staff,
    IOptions<LinksOptions> links)
    : AuthenticationHandler<AuthenticationSchemeOptions>(schemeOptions, logger, encoder)
{
    public const string CookieName = "tf-staff";

    /// <summary>The sign-in page unauthenticated console requests are sent to.</summary>
    public const string SignInPath = "/console/sign-in";

    private static readonly object CrossSiteKey = new();

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!Request.Cookies.TryGetValue(CookieName, out var id) || string.IsNullOrEmpty(id))
        {
            return AuthenticateResult.NoResult();
        }
        if (await store.FindSessionAsync(id, Context.RequestAborted) is not { } session)
        {
            return AuthenticateResult.Fail("The console session has ended or expired.");
        }
        if (staff.CurrentValue.FindMember(session.Email) is not { } member || StaffRoles.Parse(member.Role) is not { } role)
        {
            return AuthenticateResult.Fail("The member is no longer configured.");
        }
        if (!IsSafe(Request.Method) && !SameOriginStrict.IsSameOrigin(Request, links.Value.PublicBaseUrl))
        {
            Context.Items[CrossSiteKey] = true;
            return AuthenticateResult.Fail("A cross-site request cannot use the console session.");
        }
        var identity = new ClaimsIdentity(
            [
                new Claim(ClaimTypes.Email, member.Email.Trim()),
                new Claim(ClaimTypes.Name, member.DisplayName),
                new Claim(ClaimTypes.Role, role),
                new Claim(ClaimTypes.Expiration, session.ExpiresAt.ToString("O", System.Globalization.CultureInfo.InvariantCulture)),
            ],
            Scheme.Name);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), Scheme.Name));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        if (Context.Items.ContainsKey(CrossSiteKey))
        {
            return (IsApi(Request) ? PageProblem.CrossSite.ToProblem() : PageProblem.CrossSite.ToPage()).ExecuteAsync(Context);
        }
        if (IsApi(Request))
        {
            return Problems.Unauthorized().ExecuteAsync(Context);
        }
        Response.Redirect(SignInPath);
        return Task.CompletedTask;
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        (IsApi(Request)
            ? (IResult)Problems.Create(StatusCodes.Status403Forbidden, "forbidden", "Your staff role does not allow this.",
                "Ask a staff admin for the decider or admin role.")
            : ConsolePages.Forbidden(Context))
        .ExecuteAsync(Context);

    private static bool IsApi(HttpRequest request) => request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase);

    private static bool IsSafe(string method) => HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method);

    /// <summary>The session cookie: HttpOnly, SameSite=Strict, Secure except on plain-http Development runs.</summary>
    public static CookieOptions CookieOptions(HttpContext context, TimeSpan? maxAge) => new()
    {
        Path = "/",
        HttpOnly = true,
        SameSite = SameSiteMode.Strict,
        Secure = context.Request.IsHttps || !context.RequestServices.GetRequiredService<IHostEnvironment>().IsDevelopment(),
        MaxAge = maxAge,
        IsEssential = true,
    };
}
