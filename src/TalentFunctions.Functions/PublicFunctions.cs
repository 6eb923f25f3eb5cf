using TalentFunctions.Functions.Hosting;

namespace TalentFunctions.Functions;

/// <summary>Public reads: programs, health, the applicant status page, the OpenAPI document, and the dev mailbox (404 outside Development). Each function runs the route of the same name.</summary>
public sealed class PublicFunctions(RouteInvoker routes)
{
    [Function("ListPrograms")]
    public Task<IResult> ListPrograms([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/programs")] HttpRequest request) =>
        routes.InvokeAsync(request, "ListPrograms");

    [Function("Health")]
    public Task<IResult> Health([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/health")] HttpRequest request) =>
        routes.InvokeAsync(request, "Health");

    [Function("ApplicationStatusPage")]
    public Task<IResult> ApplicationStatusPage([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "applications/{id}")] HttpRequest request) =>
        routes.InvokeAsync(request, "ApplicationStatusPage");

    // The portal (PortalApi). The home page's route is the root: in Azure, AzureWebJobsDisableHomepage must be true for it.
    [Function("PortalHome")]
    public Task<IResult> PortalHome([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "")] HttpRequest request) =>
        routes.InvokeAsync(request, "PortalHome");

    [Function("ApplicationFormPage")]
    public Task<IResult> ApplicationFormPage([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "apply/{programId}")] HttpRequest request) =>
        routes.InvokeAsync(request, "ApplicationFormPage");

    [Function("ApplicationEditPage")]
    public Task<IResult> ApplicationEditPage([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "applications/{id}/edit")] HttpRequest request) =>
        routes.InvokeAsync(request, "ApplicationEditPage");

    [Function("PortalAsset")]
    public Task<IResult> PortalAsset([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "assets/{name}")] HttpRequest request) =>
        routes.InvokeAsync(request, "PortalAsset");

    [Function("PrivacyNotice")]
    public Task<IResult> PrivacyNotice([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "privacy")] HttpRequest request) =>
        routes.InvokeAsync(request, "PrivacyNotice");

    [Function("OpenApiDocument")]
    public Task<IResult> OpenApiDocument([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "openapi/{documentName}.json")] HttpRequest request) =>
        routes.InvokeAsync(request, "OpenApiDocument");

    [Function("DevMailbox")]
    public Task<IResult> DevMailbox([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/dev/mailbox")] HttpRequest request) =>
        routes.InvokeAsync(request, "DevMailbox");

    [Function("DevMailboxPage")]
    public Task<IResult> DevMailboxPage([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "dev/mailbox")] HttpRequest request) =>
        routes.InvokeAsync(request, "DevMailboxPage");
}
