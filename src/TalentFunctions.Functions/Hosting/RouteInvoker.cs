using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.AspNetCore.Http.Features;
using TalentFunctions.Web.Api;

namespace TalentFunctions.Functions.Hosting;

/// <summary>
/// Runs one route of TalentFunctions.Web for an HTTP function, with what the standalone host's middleware gives every
/// route (<c>UseApiConventions</c>): the 1 MiB body limit, the route's authorization policy (the same authentication
/// handlers answer a missing credential: 404 for applicants, 401 for staff), and a 4xx problem for a request the
/// server could not read. Rate limits are the platform's in Azure. Other failures surface as failed executions.
/// </summary>
public sealed class RouteInvoker(RouteTable routes, IAuthorizationPolicyProvider policies, IPolicyEvaluator evaluator)
{
    /// <summary>Runs the route named <paramref name="routeName"/>; its handler writes the response, so the function returns an empty result.</summary>
    public async Task<IResult> InvokeAsync(HttpRequest request, string routeName, DurableTaskClient? durable = null)
    {
        var context = request.HttpContext;
        var endpoint = routes[routeName];
        context.SetEndpoint(endpoint);
        using var client = durable is null ? null : InvocationDurableClient.Use(durable);

        if (request.ContentLength > JsonBody.MaxBytes)
        {
            return Problems.TooLarge(JsonBody.MaxBytes);
        }
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = JsonBody.MaxBytes;
        }
        if (!await AuthorizeAsync(context, endpoint))
        {
            return Results.Empty; // the scheme's challenge wrote the answer
        }
        try
        {
            await endpoint.RequestDelegate!(context);
        }
        catch (BodyProblemException ex) when (!context.Response.HasStarted)
        {
            return ex.Problem; // a body that cannot be bound, as the standalone host answers it
        }
        catch (BadHttpRequestException ex) when (!context.Response.HasStarted)
        {
            return ex.StatusCode == StatusCodes.Status413PayloadTooLarge
                ? Problems.TooLarge(JsonBody.MaxBytes)
                : Problems.Create(ex.StatusCode, "bad-request", "The request could not be read.");
        }
        return Results.Empty;
    }

    // What the authorization middleware does for an endpoint: combine its policies, authenticate with the policy's
    // schemes, authorize, and challenge or forbid through those schemes.
    private async Task<bool> AuthorizeAsync(HttpContext context, Endpoint endpoint)
    {
        var policy = await AuthorizationPolicy.CombineAsync(
            policies, endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>(), endpoint.Metadata.GetOrderedMetadata<AuthorizationPolicy>());
        if (policy is null)
        {
            return true;
        }
        var authentication = await evaluator.AuthenticateAsync(policy, context);
        var authorization = await evaluator.AuthorizeAsync(policy, authentication, context, context);
        if (authorization.Succeeded)
        {
            return true;
        }
        foreach (var scheme in policy.AuthenticationSchemes)
        {
            if (authorization.Challenged)
            {
                await context.ChallengeAsync(scheme);
            }
            else
            {
                await context.ForbidAsync(scheme);
            }
        }
        return false;
    }
}
