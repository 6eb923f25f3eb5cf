using TalentFunctions.Functions.Hosting;

namespace TalentFunctions.Functions;

/// <summary>The applicant API (TalentFunctions.Web ApplicantApi): create, read, edit, materials, submit, withdraw. Each function runs the route of the same name.</summary>
public sealed class ApplicantFunctions(RouteInvoker routes)
{
    [Function("CreateApplication")]
    public Task<IResult> CreateApplication(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/applications")] HttpRequest request,
        [DurableClient] DurableTaskClient durable) =>
        routes.InvokeAsync(request, "CreateApplication", durable);

    [Function("GetApplication")]
    public Task<IResult> GetApplication([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/applications/{id}")] HttpRequest request) =>
        routes.InvokeAsync(request, "GetApplication");

    [Function("EditApplication")]
    public Task<IResult> EditApplication(
        [HttpTrigger(AuthorizationLevel.Anonymous, "patch", Route = "api/applications/{id}")] HttpRequest request,
        [DurableClient] DurableTaskClient durable) =>
        routes.InvokeAsync(request, "EditApplication", durable);

    [Function("RequestMaterialUpload")]
    public Task<IResult> RequestMaterialUpload(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/applications/{id}/materials")] HttpRequest request,
        [DurableClient] DurableTaskClient durable) =>
        routes.InvokeAsync(request, "RequestMaterialUpload", durable);

    [Function("RenewMaterialUploadUrl")]
    public Task<IResult> RenewMaterialUploadUrl(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/applications/{id}/materials/{materialId}/upload-url")] HttpRequest request,
        [DurableClient] DurableTaskClient durable) =>
        routes.InvokeAsync(request, "RenewMaterialUploadUrl", durable);

    [Function("CompleteMaterialUpload")]
    public Task<IResult> CompleteMaterialUpload(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/applications/{id}/materials/{materialId}/complete")] HttpRequest request,
        [DurableClient] DurableTaskClient durable) =>
        routes.InvokeAsync(request, "CompleteMaterialUpload", durable);

    [Function("SubmitApplication")]
    public Task<IResult> SubmitApplication(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/applications/{id}/submit")] HttpRequest request,
        [DurableClient] DurableTaskClient durable) =>
        routes.InvokeAsync(request, "SubmitApplication", durable);

    [Function("WithdrawApplication")]
    public Task<IResult> WithdrawApplication(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/applications/{id}/withdraw")] HttpRequest request,
        [DurableClient] DurableTaskClient durable) =>
        routes.InvokeAsync(request, "WithdrawApplication", durable);
}
