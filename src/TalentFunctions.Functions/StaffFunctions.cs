using TalentFunctions.Functions.Hosting;

namespace TalentFunctions.Functions;

/// <summary>The staff API (TalentFunctions.Web StaffApi): lists, export, detail, decisions and their release, overrides, attention, retry, dashboard. Each function runs the route of the same name.</summary>
public sealed class StaffFunctions(RouteInvoker routes)
{
    [Function("StaffListApplications")]
    public Task<IResult> StaffListApplications([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/staff/applications")] HttpRequest request) =>
        routes.InvokeAsync(request, "StaffListApplications");

    [Function("StaffExportApplications")]
    public Task<IResult> StaffExportApplications([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/staff/applications.csv")] HttpRequest request) =>
        routes.InvokeAsync(request, "StaffExportApplications");

    [Function("StaffGetApplication")]
    public Task<IResult> StaffGetApplication(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/staff/applications/{id}")] HttpRequest request,
        [DurableClient] DurableTaskClient durable) =>
        routes.InvokeAsync(request, "StaffGetApplication", durable);

    [Function("StaffDecide")]
    public Task<IResult> StaffDecide(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/staff/applications/{id}/decision")] HttpRequest request,
        [DurableClient] DurableTaskClient durable) =>
        routes.InvokeAsync(request, "StaffDecide", durable);

    [Function("StaffReleaseDecisions")]
    public Task<IResult> StaffReleaseDecisions(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/staff/decisions/release")] HttpRequest request,
        [DurableClient] DurableTaskClient durable) =>
        routes.InvokeAsync(request, "StaffReleaseDecisions", durable);

    [Function("StaffMoveDecisionRelease")]
    public Task<IResult> StaffMoveDecisionRelease(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/staff/programs/{programId}/decisions/release-at")] HttpRequest request,
        [DurableClient] DurableTaskClient durable) =>
        routes.InvokeAsync(request, "StaffMoveDecisionRelease", durable);

    [Function("StaffOverrideScreening")]
    public Task<IResult> StaffOverrideScreening(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/staff/applications/{id}/screening-override")] HttpRequest request,
        [DurableClient] DurableTaskClient durable) =>
        routes.InvokeAsync(request, "StaffOverrideScreening", durable);

    [Function("StaffAssignMentors")]
    public Task<IResult> StaffAssignMentors(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/staff/applications/{id}/assign-mentors")] HttpRequest request,
        [DurableClient] DurableTaskClient durable) =>
        routes.InvokeAsync(request, "StaffAssignMentors", durable);

    [Function("StaffResolveAttention")]
    public Task<IResult> StaffResolveAttention(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/staff/applications/{id}/resolve-attention")] HttpRequest request,
        [DurableClient] DurableTaskClient durable) =>
        routes.InvokeAsync(request, "StaffResolveAttention", durable);

    [Function("StaffRetryApplication")]
    public Task<IResult> StaffRetryApplication(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/staff/applications/{id}/retry")] HttpRequest request,
        [DurableClient] DurableTaskClient durable) =>
        routes.InvokeAsync(request, "StaffRetryApplication", durable);

    [Function("StaffDashboard")]
    public Task<IResult> StaffDashboard([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/staff/dashboard")] HttpRequest request) =>
        routes.InvokeAsync(request, "StaffDashboard");
}
