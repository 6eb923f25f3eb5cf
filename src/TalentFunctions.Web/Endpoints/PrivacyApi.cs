using Microsoft.AspNetCore.Http.HttpResults;
using TalentFunctions.Web.Api;
using TalentFunctions.Web.Privacy;
using TalentFunctions.Web.Security;
using TalentFunctions.Workflow.Privacy;
using TalentFunctions.Workflow.Queries;

namespace TalentFunctions.Web.Endpoints;

/// <summary>
/// What <c>POST …/erasure</c> answers (202): the erasure as recorded. <see cref="ErasedAt"/> is set once the eraser has
/// finished; until then it runs in the background (ADR 0014).
/// </summary>
public sealed record ErasureAccepted(string ApplicationId, DateTimeOffset RequestedAt, string RequestedBy, DateTimeOffset? ErasedAt);

/// <summary>
/// The applicant's rights over their data (issue 13, ADR 0014): an export of everything held, and erasure. The applicant
/// asks with their credential; staff (admins: erasure cannot be undone) for them. Erasure answers 202 at once and runs as
/// the eraser process; afterwards the credential no longer works (404) and staff see only that the application was erased.
/// </summary>
public static class PrivacyApi
{
    public static IEndpointRouteBuilder MapPrivacyApi(this IEndpointRouteBuilder app)
    {
        var applicant = app.MapGroup("/api/applications/{id}").WithTags("Privacy").RequireRateLimiting(RateLimits.Public)
            .RequireAuthorization(ApiAuthentication.ApplicantOfRouteApplicationPolicy)
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status429TooManyRequests);
        applicant.MapGet("/export", ExportAsync).WithName("ExportApplication");
        applicant.MapPost("/erasure", EraseAsync).WithName("EraseApplication");

        var staff = app.MapGroup("/api/staff/applications/{id}").WithTags("Privacy").RequireAuthorization(ApiAuthentication.StaffPolicy)
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status404NotFound);
        staff.MapGet("/export", StaffExportAsync).WithName("StaffExportApplication").RequireAuthorization(ApiAuthentication.StaffAdminPolicy)
            .ProducesProblem(StatusCodes.Status410Gone);
        staff.MapPost("/erasure", StaffEraseAsync).WithName("StaffEraseApplication").RequireAuthorization(ApiAuthentication.StaffAdminPolicy);
        return app;
    }

    public const string ActorApplicant = ApplicantApi.ActorApplicant;

    private static async Task<Ok<ApplicationExport>> ExportAsync(HttpRequest request, ApplicationExporter exporter, CancellationToken ct) =>
        TypedResults.Ok(await exporter.ExportAsync(request.HttpContext.AuthorizedApplication(), ct));

    private static async Task<Accepted<ErasureAccepted>> EraseAsync(HttpRequest request, ErasureRequests erasures, CancellationToken ct)
    {
        var record = await erasures.RequestAsync(request.HttpContext.AuthorizedApplication(), ActorApplicant, ct);
        return Accepted(record);
    }

    private static async Task<Results<Ok<ApplicationExport>, ProblemHttpResult>> StaffExportAsync(
        string id, ApplicationQueries queries, ErasureRecords erasures, ApplicationExporter exporter, CancellationToken ct)
    {
        if (!ApplicantApi.IsApplicationId(id))
        {
            return Problems.NotFound();
        }
        if (await queries.GetAsync(id, ct) is { } state)
        {
            return TypedResults.Ok(await exporter.ExportAsync(state, ct));
        }
        return await erasures.GetAsync(id, ct) is { } erased ? Erased(erased) : Problems.NotFound();
    }

    /// <summary>
    /// Erases for the applicant. An application already erased answers 202 again and changes nothing (an eraser that
    /// failed for good is started again); one that never existed is 404.
    /// </summary>
    private static async Task<Results<Accepted<ErasureAccepted>, ProblemHttpResult>> StaffEraseAsync(
        string id, HttpContext context, ApplicationQueries queries, ErasureRecords records, ErasureRequests erasures, CancellationToken ct)
    {
        if (!ApplicantApi.IsApplicationId(id))
        {
            return Problems.NotFound();
        }
        if (await queries.GetAsync(id, ct) is { } state)
        {
            return Accepted(await erasures.RequestAsync(state, StaffActions.Actor(context), ct));
        }
        if (await records.GetAsync(id, ct) is { } record)
        {
            await erasures.EnsureRunningAsync(record, ct);
            return Accepted(record);
        }
        return Problems.NotFound();
    }

    private static Accepted<ErasureAccepted> Accepted(ErasureRecord record) =>
        TypedResults.Accepted((string?)null, new ErasureAccepted(record.ApplicationId, record.RequestedAt, record.RequestedBy, record.ErasedAt));

    /// <summary>410 <c>application-erased</c>: what staff see of an erased application (when, and nothing personal).</summary>
    public static ProblemHttpResult Erased(ErasureRecord record) =>
        Problems.Create(StatusCodes.Status410Gone, "application-erased", "This application's personal data was erased.",
            record.ErasedAt is null ? "Erasure is in progress." : "Only the fact and time of erasure are kept.",
            new Dictionary<string, object?>
            {
                ["applicationId"] = record.ApplicationId,
                ["programId"] = record.ProgramId,
                ["requestedAt"] = record.RequestedAt,
                ["erasedAt"] = record.ErasedAt,
            });
}
