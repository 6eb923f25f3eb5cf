using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;

namespace TalentFunctions.Web.Security;

/// <summary>
/// Who may call what. Two authentication schemes, one per kind of caller, and two policies the route
/// groups require; public routes (programs, health, token pages, review and offer links, create) carry
/// no policy and stay anonymous. There is no default scheme: a scheme runs only on the endpoints whose
/// policy names it, so public routes never read credentials (nor storage).
/// </summary>
public static class ApiAuthentication
{
    /// <summary>Applicants: the bearer access token of the application in the route, or its resume link token.</summary>
    public const string ApplicantScheme = "Applicant";

    /// <summary>Staff: <c>X-Api-Key</c> equal to <c>Staff:ApiKey</c>.</summary>
    public const string StaffScheme = "StaffApiKey";

    /// <summary>Staff signed in to the console: the session cookie (<see cref="StaffSessionAuthenticationHandler"/>).</summary>
    public const string StaffSessionScheme = "StaffSession";

    /// <summary>
    /// What the staff policies authenticate with: the API key scheme when the request carries <c>X-Api-Key</c>, else the
    /// session cookie. One forwarding scheme rather than both in the policies, so a refused request gets exactly one
    /// answer (the API key's 401 problem, or the session's redirect or problem), never one written by each scheme.
    /// </summary>
    public const string StaffAnyScheme = "Staff";

    /// <summary>The caller holds a credential for the application named by the route's <c>{id}</c>.</summary>
    public const string ApplicantOfRouteApplicationPolicy = "ApplicantOfRouteApplication";

    /// <summary>The caller is program staff, in any role: sees everything (the reader role).</summary>
    public const string StaffPolicy = "Staff";

    /// <summary>Staff who may also decide and override: makes offers, waitlists, rejects, overrides screening, assigns mentors, releases decisions.</summary>
    public const string StaffDeciderPolicy = "StaffDecider";

    /// <summary>Staff who may also manage attention items (resolve, retry) and export.</summary>
    public const string StaffAdminPolicy = "StaffAdmin";

    /// <summary>The claim naming the application an applicant credential is good for.</summary>
    public const string ApplicationIdClaim = "application_id";

    /// <summary>The claim naming the kind of applicant credential: <c>access-token</c> or <c>resume-link</c>.</summary>
    public const string CredentialClaim = "credential";

    /// <summary>Staff roles, each including the ones before it: reader, decider, admin. The API key holds all three.</summary>
    public const string StaffReaderRole = "reader";

    public const string StaffDeciderRole = "decider";

    public const string StaffAdminRole = "admin";

    public static IServiceCollection AddApiAuthentication(this IServiceCollection services)
    {
        services.AddAuthentication()
            .AddScheme<AuthenticationSchemeOptions, ApplicantAuthenticationHandler>(ApplicantScheme, null)
            .AddScheme<AuthenticationSchemeOptions, StaffApiKeyAuthenticationHandler>(StaffScheme, null)
            .AddScheme<AuthenticationSchemeOptions, StaffSessionAuthenticationHandler>(StaffSessionScheme, null)
            .AddPolicyScheme(StaffAnyScheme, "Staff (API key or console session)", options => options.ForwardDefaultSelector =
                context => context.Request.Headers.ContainsKey(StaffApiKeyAuthenticationHandler.Header) ? StaffScheme : StaffSessionScheme);
        services.AddSingleton<StaffAccessStore>();
        services.AddSingleton<IAuthorizationHandler, ApplicantOfRouteApplicationHandler>();
        services.AddAuthorizationBuilder()
            .AddPolicy(ApplicantOfRouteApplicationPolicy, policy => policy
                .AddAuthenticationSchemes(ApplicantScheme)
                .RequireAuthenticatedUser()
                .AddRequirements(new ApplicantOfRouteApplicationRequirement()))
            .AddPolicy(StaffPolicy, policy => policy
                .AddAuthenticationSchemes(StaffAnyScheme)
                .RequireAuthenticatedUser()
                .RequireRole(StaffReaderRole, StaffDeciderRole, StaffAdminRole))
            .AddPolicy(StaffDeciderPolicy, policy => policy
                .AddAuthenticationSchemes(StaffAnyScheme)
                .RequireAuthenticatedUser()
                .RequireRole(StaffDeciderRole, StaffAdminRole))
            .AddPolicy(StaffAdminPolicy, policy => policy
                .AddAuthenticationSchemes(StaffAnyScheme)
                .RequireAuthenticatedUser()
                .RequireRole(StaffAdminRole));
        return services;
    }
}
