using TalentFunctions.Functions.Hosting;

namespace TalentFunctions.Functions;

/// <summary>The staff console's application pages and their form posts (TalentFunctions.Web ApplicationsConsoleApi). Each function runs the route of the same name.</summary>
public sealed class StaffConsoleFunctions(RouteInvoker routes)
{
    [Function("ConsoleApplications")]
    public Task<IResult> ConsoleApplications([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "console/applications")] HttpRequest request) =>
        routes.InvokeAsync(request, "ConsoleApplications");

    [Function("ConsoleApplication")]
    public Task<IResult> ConsoleApplication([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "console/applications/{id}")] HttpRequest request) =>
        routes.InvokeAsync(request, "ConsoleApplication");

    [Function("ConsoleDecide")]
    public Task<IResult> ConsoleDecide(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "console/applications/{id}/decision")] HttpRequest request,
        [DurableClient] DurableTaskClient durable) =>
        routes.InvokeAsync(request, "ConsoleDecide", durable);

    [Function("ConsoleOverrideScreening")]
    public Task<IResult> ConsoleOverrideScreening(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "console/applications/{id}/screening-override")] HttpRequest request,
        [DurableClient] DurableTaskClient durable) =>
        routes.InvokeAsync(request, "ConsoleOverrideScreening", durable);

    [Function("ConsoleAssignMentors")]
    public Task<IResult> ConsoleAssignMentors(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "console/applications/{id}/assign-mentors")] HttpRequest request,
        [DurableClient] DurableTaskClient durable) =>
        routes.InvokeAsync(request, "ConsoleAssignMentors", durable);

    [Function("ConsoleResolveAttention")]
    public Task<IResult> ConsoleResolveAttention(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "console/applications/{id}/resolve-attention")] HttpRequest request,
        [DurableClient] DurableTaskClient durable) =>
        routes.InvokeAsync(request, "ConsoleResolveAttention", durable);

    [Function("ConsoleReleaseDecisions")]
    public Task<IResult> ConsoleReleaseDecisions(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "console/decisions/release")] HttpRequest request,
        [DurableClient] DurableTaskClient durable) =>
        routes.InvokeAsync(request, "ConsoleReleaseDecisions", durable);
}
