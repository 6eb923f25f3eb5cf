using Microsoft.AspNetCore.Authorization;

namespace TalentFunctions.Web.Security;

/// <summary>The caller's applicant credential is for the application named by the route's <c>{id}</c>.</summary>
public sealed class ApplicantOfRouteApplicationRequirement : IAuthorizationRequirement;

public sealed class ApplicantOfRouteApplicationHandler : AuthorizationHandler<ApplicantOfRouteApplicationRequirement>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, ApplicantOfRouteApplicationRequirement requirement)
    {
        if (context.Resource is HttpContext http
            && http.Request.RouteValues["id"] is string id
            && context.User.HasClaim(c => c.Type == ApiAuthentication.ApplicationIdClaim && string.Equals(c.Value, id, StringComparison.Ordinal)))
        {
            context.Succeed(requirement);
        }
        return Task.CompletedTask;
    }
}
