using System.Globalization;
using System.Security.Claims;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using TalentFunctions.Domain.Applications;
using TalentFunctions.Web.Api;
using TalentFunctions.Web.Security;
using TalentFunctions.Workflow;
using TalentFunctions.Workflow.Commands;
using TalentFunctions.Workflow.Effects;
using TalentFunctions.Workflow.Queries;
using TalentFunctions.Workflow.Seats;
using Microsoft.DurableTask.Client;
using TalentFunctions.Workflow.Lifecycle;

namespace TalentFunctions.Web.Endpoints;

/// <summary>
/// A page of the staff listing: the applications with raw and calibrated scores, the token of the next page, and what
/// calibration means (<see cref="ScoreCalibrationView"/>).
/// </summary>
public sealed record SummaryPageView(IReadOnlyList<StaffSummaryView> Items, string? ContinuationToken, ScoreCalibrationView Calibration);

/// <summary>Program staff: listing, detail with the audit history, decisions, screening overrides, dashboard, CSV.</summary>
/// <remarks>
/// Handlers return <c>Results&lt;Ok&lt;T&gt;, ProblemHttpResult&gt;</c> unions, so OpenAPI learns the 200 bodies from the
/// signatures. Some inputs stay read by hand because framework binding would change the error answer:
/// <c>pageSize</c>, <c>stage</c> and <c>sort</c> (a non-number or unknown value must stay a 422 <c>validation-failed</c> naming
/// the field, not a 400 binding failure; <c>stage</c> also refuses numbers and comma lists), <c>{id}</c> (an ill-formed id is the
/// <c>not-found</c> problem, which a route constraint would not give) and JSON bodies (<see cref="JsonBody"/>: 413
/// <c>body-too-large</c>, 415 <c>unsupported-media-type</c>, 400 <c>malformed-json</c>).
/// </remarks>
public static class StaffApi
{
    public static IEndpointRouteBuilder MapStaffApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/staff").WithTags("Staff").RequireAuthorization(ApiAuthentication.StaffPolicy)
            .ProducesProblem(StatusCodes.Status401Unauthorized);
        group.MapGet("/applications", ListAsync).WithName("StaffListApplications").ProducesProblem(422);
        group.MapGet("/applications.csv", ExportCsvAsync).WithName("StaffExportApplications").RequireAuthorization(ApiAuthentication.StaffAdminPolicy).Produces(200, contentType: "text/csv").ProducesProblem(422);
        group.MapGet("/applications/{id}", DetailAsync).WithName("StaffGetApplication").ProducesProblem(404).ProducesProblem(410);
        group.MapPost("/applications/{id}/decision", DecideAsync).WithName("StaffDecide").RequireAuthorization(ApiAuthentication.StaffDeciderPolicy).Accepts<DecisionRequest>("application/json")
            .ProducesProblem(400).ProducesProblem(404).ProducesProblem(409).ProducesProblem(422);
        group.MapPost("/decisions/release", ReleaseDecisionsAsync).WithName("StaffReleaseDecisions").RequireAuthorization(ApiAuthentication.StaffDeciderPolicy).Accepts<ReleaseDecisionsRequest>("application/json")
            .ProducesProblem(400).ProducesProblem(422);
        group.MapPost("/applications/{id}/screening-override", OverrideAsync).WithName("StaffOverrideScreening").RequireAuthorization(ApiAuthentication.StaffDeciderPolicy).Accepts<ScreeningOverrideRequest>("application/json")
            .ProducesProblem(400).ProducesProblem(404).ProducesProblem(409).ProducesProblem(422);
        group.MapPost("/applications/{id}/assign-mentors", AssignMentorsAsync).WithName("StaffAssignMentors").RequireAuthorization(ApiAuthentication.StaffDeciderPolicy).ProducesProblem(404).ProducesProblem(409);
        group.MapPost("/applications/{id}/resolve-attention", ResolveAttentionAsync).WithName("StaffResolveAttention").RequireAuthorization(ApiAuthentication.StaffAdminPolicy).Accepts<ResolveAttentionRequest>("application/json")
            .ProducesProblem(400).ProducesProblem(404).ProducesProblem(409).ProducesProblem(422);
        group.MapPost("/applications/{id}/retry", RetryAsync).WithName("StaffRetryApplication").RequireAuthorization(ApiAuthentication.StaffAdminPolicy).ProducesProblem(404);
        group.MapGet("/dashboard", DashboardAsync).WithName("StaffDashboard").ProducesProblem(422);
        return app;
    }

    /// <summary>
    /// The listing: one program and stage (required: a stage is what staff work through, and the console defaults to one;
    /// the CSV export covers a whole program), optionally filtered by track, school, project language and weighted score
    /// range (<see cref="StaffListQuery"/>), sorted, paged.
    /// </summary>
    private static Task<Results<Ok<SummaryPageView>, ProblemHttpResult>> ListAsync(string? programId, string? stage, string? continuationToken, string? pageSize,
        string? sort, string? track, string? school, string? language, string? minScore, string? maxScore, [AsParameters] StaffServices services, CancellationToken ct) =>
        StaffActions.ListAsync(new StaffListQuery(programId, stage, track, school, language, minScore, maxScore, sort, continuationToken, pageSize), services, ct);

    private static async Task<Results<Ok<StaffApplicationView>, ProblemHttpResult>> DetailAsync(
        string id, ApplicationQueries queries, IDurableClientSource durable, TalentFunctions.Workflow.Privacy.ErasureRecords erasures, CancellationToken ct)
    {
        if (!ApplicantApi.IsApplicationId(id) || await queries.GetAsync(id, ct) is not { } state)
        {
            // An erased application (ADR 0014): 410 with when, nothing personal.
            return ApplicantApi.IsApplicationId(id) && await erasures.GetAsync(id, ct) is { } erased ? PrivacyApi.Erased(erased) : Problems.NotFound();
        }
        var history = await queries.GetHistoryAsync(id, ct);
        var instance = await durable.Client.GetInstanceAsync(id, getInputsAndOutputs: true, ct);
        var scores = await queries.CalibrateAsync(state.ProgramId, ct);
        return TypedResults.Ok(StaffViews.ForStaff(state, history, StaffViews.Orchestration(instance), scores));
    }

    /// <summary>
    /// Wakes the application's orchestration so it tries its blocked step again (an email, screening, assignment
    /// that failed after its retries), starting it again if it had ended. 202: the retry runs in the background.
    /// </summary>
    private static async Task<Results<Accepted<AcceptedCommand>, ProblemHttpResult>> RetryAsync(
        string id, ApplicationCommands runtime, ApplicationQueries queries, CancellationToken ct)
    {
        if (!ApplicantApi.IsApplicationId(id) || await queries.GetAsync(id, ct) is not { } state)
        {
            return Problems.NotFound();
        }
        await runtime.RetryAsync(id, state.Version, ct);
        return TypedResults.Accepted((string?)null, new AcceptedCommand(state.Id, state.Stage, state.Version));
    }

    private static Task<Results<Ok<AcceptedCommand>, ProblemHttpResult>> DecideAsync(string id, DecisionRequest body, HttpRequest request, [AsParameters] StaffServices services, CancellationToken ct) =>
        StaffActions.DecideAsync(id, body, IdempotencyKeys.CommandId(request, "decide"), StaffActions.Actor(request.HttpContext), services, ct);

    /// <summary>The most applications one release request may name.</summary>
    public const int MaxReleaseBatch = StaffActions.MaxReleaseBatch;

    /// <summary>
    /// Sends the pending decisions of the named applications now, before the program's release date: one answer per
    /// application, in the order given (200 with the new stage, or the problem's status and code: 404 <c>not-found</c>,
    /// 409 <c>no-pending-decision</c>). The request itself is 200 unless the body is invalid.
    /// </summary>
    private static Task<Results<Ok<ReleaseDecisionsView>, ProblemHttpResult>> ReleaseDecisionsAsync(
        ReleaseDecisionsRequest body, HttpRequest request, [AsParameters] StaffServices services, CancellationToken ct) =>
        StaffActions.ReleaseDecisionsAsync(body, IdempotencyKeys.CommandId(request, "release"), StaffActions.Actor(request.HttpContext), services, ct);

    private static Task<Results<Ok<AcceptedCommand>, ProblemHttpResult>> OverrideAsync(string id, ScreeningOverrideRequest body, HttpRequest request, [AsParameters] StaffServices services, CancellationToken ct) =>
        StaffActions.OverrideScreeningAsync(id, body, IdempotencyKeys.CommandId(request, "override"), StaffActions.Actor(request.HttpContext), services, ct);

    /// <summary>Fills open review slots now, e.g. after "no mentor left" once mentors were added or freed.</summary>
    private static Task<Results<Ok<AcceptedCommand>, ProblemHttpResult>> AssignMentorsAsync(string id, HttpRequest request, [AsParameters] StaffServices services, CancellationToken ct) =>
        StaffActions.AssignMentorsAsync(id, IdempotencyKeys.CommandId(request, "assign"), services, ct);

    private static Task<Results<Ok<AcceptedCommand>, ProblemHttpResult>> ResolveAttentionAsync(string id, ResolveAttentionRequest body, HttpRequest request, [AsParameters] StaffServices services, CancellationToken ct) =>
        StaffActions.ResolveAttentionAsync(id, body, IdempotencyKeys.CommandId(request, "resolve"), StaffActions.Actor(request.HttpContext), services, ct);

    private static async Task<Results<Ok<ProgramDashboard>, ProblemHttpResult>> DashboardAsync(string? programId, ApplicationCommands runtime, ApplicationQueries queries, CancellationToken ct)
    {
        if (StaffActions.ProgramProblem(programId, runtime) is { } problem)
        {
            return problem;
        }
        return TypedResults.Ok(await queries.GetDashboardAsync(programId!, ct));
    }

    /// <summary>
    /// UTF-8 with a byte-order mark, so Excel opens Chinese names and titles correctly. The calibrated score is the last
    /// column, so files read by column position keep theirs. <c>sort</c> orders the rows as in the listing (within the
    /// whole program); without it, the index's order. <c>stage</c>, <c>track</c>, <c>school</c>, <c>language</c>,
    /// <c>minScore</c> and <c>maxScore</c> narrow the rows as in the listing (the calibrated scores stay the program's).
    /// </summary>
    /// <remarks>
    /// Streamed: the rows go to the response as the index query pages in (1,000 rows a storage call), so a program of
    /// 100,000 applications costs the memory of a page, not of the file. The calibrated scores come first, from the
    /// <c>Reviews</c> column only (<see cref="ApplicationQueries.CalibrateAsync"/>). A sorted export has to hold the rows
    /// to sort them, and does. Everything that can be refused is checked before the first byte; a storage failure after
    /// it ends the response early, which the client sees as a broken download.
    /// </remarks>
    private static async Task<Results<PushStreamHttpResult, ProblemHttpResult>> ExportCsvAsync(string? programId, string? sort, string? stage,
        string? track, string? school, string? language, string? minScore, string? maxScore, ApplicationCommands runtime, ApplicationQueries queries, CancellationToken ct)
    {
        if (StaffActions.ProgramProblem(programId, runtime) is { } problem)
        {
            return problem;
        }
        var program = runtime.Programs.Get(programId!)!;
        var order = StaffActions.ParseSort(sort, out var sortProblem);
        if (sortProblem is not null)
        {
            return sortProblem;
        }
        Stage? onlyStage = null;
        if (stage is not null && (onlyStage = StaffActions.ParseStage(stage)) is null)
        {
            return Problems.Validation("stage", $"stage must be one of: {string.Join(", ", Enum.GetNames<Stage>())}.");
        }
        if (StaffActions.ParseFilter(program, track, school, language, minScore, maxScore, out var filter) is { } filterProblem)
        {
            return filterProblem;
        }
        var scores = await queries.CalibrateAsync(program.Id, ct);
        return TypedResults.Stream(async body =>
        {
            await using var csv = new StreamWriter(body, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true), bufferSize: 16 * 1024);
            await csv.WriteAsync("applicationId,stage,track,projectTitle,applicantName,school,projectLanguage,createdAt,submittedAt,weightedScore,needsAttention,calibratedScore\r\n");
            var summaries = queries.ListProgramAsync(program.Id, onlyStage, filter, ct);
            if (order is { } o)
            {
                var all = new List<ScoredSummary>();
                await foreach (var summary in summaries)
                {
                    all.Add(ApplicationQueries.Scored(summary, scores));
                }
                foreach (var row in SortedListing.Order(o, all))
                {
                    await csv.WriteAsync(CsvRow(row));
                }
            }
            else
            {
                await foreach (var summary in summaries)
                {
                    await csv.WriteAsync(CsvRow(ApplicationQueries.Scored(summary, scores)));
                }
            }
        }, "text/csv; charset=utf-8", $"{programId}-applications.csv");
    }

    private static string CsvRow(ScoredSummary row)
    {
        var (s, calibrated) = row;
        return string.Join(',', [
            Csv(s.ApplicationId), Csv(s.Stage), Csv(s.Track), Csv(s.ProjectTitle), Csv(s.ApplicantName), Csv(s.School), Csv(s.ProjectLanguage),
            Csv(s.CreatedAt.ToString("O", CultureInfo.InvariantCulture)), Csv(s.SubmittedAt?.ToString("O", CultureInfo.InvariantCulture) ?? ""),
            Csv(s.WeightedScore?.ToString("0.###", CultureInfo.InvariantCulture) ?? ""), Csv(s.NeedsAttention ? "yes" : "no"),
            Csv(calibrated?.ToString("0.###", CultureInfo.InvariantCulture) ?? "")]) + "\r\n";
    }

    /// <summary>Quotes a CSV field, and defuses values a spreadsheet would run as a formula.</summary>
    public static string Csv(string value)
    {
        if (value.Length > 0 && value[0] is '=' or '+' or '-' or '@' or '\t' or '\r')
        {
            value = "'" + value;
        }
        return "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
    }
}
