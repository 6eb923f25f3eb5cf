using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using TalentFunctions.Domain.Applications;
using TalentFunctions.Web.Api;
using TalentFunctions.Web.Endpoints;
using TalentFunctions.Notifications.Links;
using TalentFunctions.Workflow.Queries;

namespace TalentFunctions.Web.Security;

/// <summary>
/// Applicants: <c>Authorization: Bearer</c> with the access token of the application named by the
/// route's <c>{id}</c> (checked against its stored hash), or the token of the resume link emailed to
/// the applicant (so an applicant who lost the create response can still finish the draft). The
/// principal carries the application id the credential is good for; the application read to check it
/// is kept for the request (<see cref="AuthenticatedApplication"/>), so the endpoint does not read it
/// again.
/// A missing or wrong credential and a missing application get the same answer, the 404 problem
/// <see cref="Problems.NotFound"/>, so ids cannot be probed.
/// </summary>
public sealed class ApplicantAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> schemeOptions,
    ILoggerFactory logger,
    UrlEncoder encoder,
    ApplicationQueries queries,
    LinkTokenService links)
    : AuthenticationHandler<AuthenticationSchemeOptions>(schemeOptions, logger, encoder)
{
    public const string AccessTokenCredential = "access-token";
    public const string ResumeLinkCredential = "resume-link";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var token = AccessTokens.FromRequest(Request);
        if (token is null)
        {
            return AuthenticateResult.NoResult();
        }
        if (Request.RouteValues["id"] is not string id || !ApplicantApi.IsApplicationId(id))
        {
            return AuthenticateResult.Fail("The route names no application.");
        }
        var state = await queries.GetAsync(id, Context.RequestAborted);
        if (state is null)
        {
            return AuthenticateResult.Fail("No such application.");
        }
        string credential;
        if (AccessTokens.Matches(token, state.AccessTokenHash))
        {
            credential = AccessTokenCredential;
        }
        else if (links.Validate(token, LinkPurpose.Resume) is LinkTokenValidation.Valid valid && valid.ApplicationId == id && valid.SubjectId == id)
        {
            credential = ResumeLinkCredential;
        }
        else
        {
            return AuthenticateResult.Fail("The token is not a credential for this application.");
        }
        Context.Features.Set(new AuthenticatedApplication(state));
        var identity = new ClaimsIdentity(
            [new Claim(ApiAuthentication.ApplicationIdClaim, id), new Claim(ApiAuthentication.CredentialClaim, credential)],
            Scheme.Name);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), Scheme.Name));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties) => Problems.NotFound().ExecuteAsync(Context);

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) => Problems.NotFound().ExecuteAsync(Context);
}

/// <summary>The application an applicant credential was checked against, as read for this request.</summary>
public sealed record AuthenticatedApplication(ApplicationState State);

public static class AuthenticatedApplicationExtensions
{
    /// <summary>
    /// The application the caller is authorized for (<see cref="ApiAuthentication.ApplicantOfRouteApplicationPolicy"/>).
    /// Throws on an endpoint without that policy: a programming error, never a caller's.
    /// </summary>
    public static ApplicationState AuthorizedApplication(this HttpContext context) =>
        context.Features.Get<AuthenticatedApplication>()?.State
        ?? throw new InvalidOperationException("This endpoint does not require the ApplicantOfRouteApplication policy.");
}
