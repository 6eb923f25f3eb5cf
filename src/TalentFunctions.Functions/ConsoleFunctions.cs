using TalentFunctions.Functions.Hosting;

namespace TalentFunctions.Functions;

/// <summary>The staff console (TalentFunctions.Web ConsoleApi): sign-in, sign-out, dashboard. Each function runs the route of the same name.</summary>
public sealed class ConsoleFunctions(RouteInvoker routes)
{
    [Function("ConsoleSignInPage")]
    public Task<IResult> ConsoleSignInPage([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "console/sign-in")] HttpRequest request) =>
        routes.InvokeAsync(request, "ConsoleSignInPage");

    [Function("ConsoleRequestSignIn")]
    public Task<IResult> ConsoleRequestSignIn(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "console/sign-in")] HttpRequest request,
        [DurableClient] DurableTaskClient durable) =>
        routes.InvokeAsync(request, "ConsoleRequestSignIn", durable);

    [Function("ConsoleSignInLinkPage")]
    public Task<IResult> ConsoleSignInLinkPage([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "console/sign-in/{token}")] HttpRequest request) =>
        routes.InvokeAsync(request, "ConsoleSignInLinkPage");

    [Function("ConsoleSignIn")]
    public Task<IResult> ConsoleSignIn(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "console/sign-in/{token}")] HttpRequest request,
        [DurableClient] DurableTaskClient durable) =>
        routes.InvokeAsync(request, "ConsoleSignIn", durable);

    [Function("ConsoleSignOut")]
    public Task<IResult> ConsoleSignOut(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "console/sign-out")] HttpRequest request,
        [DurableClient] DurableTaskClient durable) =>
        routes.InvokeAsync(request, "ConsoleSignOut", durable);

    [Function("ConsoleDashboard")]
    public Task<IResult> ConsoleDashboard([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "console")] HttpRequest request) =>
        routes.InvokeAsync(request, "ConsoleDashboard");
}
