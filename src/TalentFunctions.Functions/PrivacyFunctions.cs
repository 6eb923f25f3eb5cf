using Microsoft.DurableTask;
using TalentFunctions.Functions.Hosting;
using TalentFunctions.Workflow.Privacy;

namespace TalentFunctions.Functions;

/// <summary>
/// The privacy API (TalentFunctions.Web PrivacyApi): export and erasure, for the applicant and for staff. Each HTTP
/// function runs the route of the same name. Below them, the eraser's two steps that need the Durable client, as
/// activity functions, and the retention sweep's one: the extension hands a client only to a function that asks for one
/// (ADR 0014, ADR 0017).
/// </summary>
public sealed class PrivacyFunctions(RouteInvoker routes, ErasureSteps steps, ErasureRequests requests, ErasureRecords records)
{
    [Function("ExportApplication")]
    public Task<IResult> ExportApplication([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/applications/{id}/export")] HttpRequest request) =>
        routes.InvokeAsync(request, "ExportApplication");

    [Function("EraseApplication")]
    public Task<IResult> EraseApplication(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/applications/{id}/erasure")] HttpRequest request,
        [DurableClient] DurableTaskClient durable) =>
        routes.InvokeAsync(request, "EraseApplication", durable);

    [Function("StaffExportApplication")]
    public Task<IResult> StaffExportApplication([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/staff/applications/{id}/export")] HttpRequest request) =>
        routes.InvokeAsync(request, "StaffExportApplication");

    [Function("StaffEraseApplication")]
    public Task<IResult> StaffEraseApplication(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/staff/applications/{id}/erasure")] HttpRequest request,
        [DurableClient] DurableTaskClient durable) =>
        routes.InvokeAsync(request, "StaffEraseApplication", durable);

    [Function(ErasureActivityNames.Withdraw)]
    public async Task<bool> WithdrawForErasure([ActivityTrigger] ErasureInput input, [DurableClient] DurableTaskClient durable)
    {
        using var _ = InvocationDurableClient.Use(durable);
        return await steps.WithdrawAsync(input);
    }

    [Function(ErasureActivityNames.ForgetLifecycle)]
    public async Task<int> ForgetLifecycle([ActivityTrigger] string applicationId, [DurableClient] DurableTaskClient durable)
    {
        using var _ = InvocationDurableClient.Use(durable);
        return await steps.ForgetLifecycleAsync(applicationId);
    }

    [Function(RetentionActivityNames.StartErasures)]
    public async Task<int> StartRetentionErasures([ActivityTrigger] IReadOnlyList<string> applicationIds, [DurableClient] DurableTaskClient durable)
    {
        using var _ = InvocationDurableClient.Use(durable);
        return await StartRetentionErasuresActivity.StartAsync(requests, records, applicationIds);
    }
}
