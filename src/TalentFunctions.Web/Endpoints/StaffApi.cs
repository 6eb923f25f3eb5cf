using System.Globalization;
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
    public const string ActorStaff = "staff";

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
    /// The sort values of the listing and the CSV export, as clients write them: <c>score</c> and
    /// <c>calibratedScore</c> (highest first), <c>submittedAt</c> (oldest first), in any case like <c>stage</c>; without one, application id order.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, ApplicationSort> SortValues =
        Enum.GetValues<ApplicationSort>().ToDictionary(s => JsonNamingPolicy.CamelCase.ConvertName(s.ToString()), s => s, StringComparer.OrdinalIgnoreCase);

    private static ApplicationSort? ParseSort(string? sort, out ProblemHttpResult? problem)
    {
        problem = null;
        if (sort is null)
        {
            return null;
        }
        if (SortValues.TryGetValue(sort, out var parsed))
        {
            return parsed;
        }
        problem = Problems.Validation("sort", $"sort must be one of: {string.Join(", ", SortValues.Keys)}.");
        return null;
    }

    private static async Task<Results<Ok<SummaryPageView>, ProblemHttpResult>> ListAsync(string? programId, string? stage, string? continuationToken, string? pageSize,
        string? sort, ApplicationCommands runtime, ApplicationQueries queries, CancellationToken ct)
    {
        if (ProgramProblem(programId, runtime) is { } problem)
        {
            return problem;
        }
        // One stage, by name: Enum.TryParse would also take numbers and comma lists ("Draft,Submitted" is Submitted).
        var stageName = Enum.GetNames<Stage>().FirstOrDefault(n => n.Equals(stage, StringComparison.OrdinalIgnoreCase));
        if (stageName is null)
        {
            return Problems.Validation("stage", $"stage is required, one of: {string.Join(", ", Enum.GetNames<Stage>())}.");
        }
        var parsedStage = Enum.Parse<Stage>(stageName);
        // Bound as text, so that a non-number is a 422 like every other invalid parameter (not a binding failure).
        int? size = null;
        if (pageSize is not null)
        {
            if (!int.TryParse(pageSize, NumberStyles.None, CultureInfo.InvariantCulture, out var parsedSize) || parsedSize is < 1 or > 200)
            {
                return Problems.Validation("pageSize", "pageSize must be a number between 1 and 200.");
            }
            size = parsedSize;
        }
        var order = ParseSort(sort, out var sortProblem);
        if (sortProblem is not null)
        {
            return sortProblem;
        }
        if (continuationToken is { Length: > 2000 })
        {
            return Problems.Validation("continuationToken", "continuationToken is not one this API issued.");
        }
        try
        {
            var page = await queries.ListScoredAsync(programId!, parsedStage, size ?? 50, continuationToken, order, ct);
            return TypedResults.Ok(new SummaryPageView([.. page.Items.Select(StaffSummaryView.From)], page.ContinuationToken, ScoreCalibrationView.Current));
        }
        catch (Exception ex) when (continuationToken is not null && ex is FormatException or ArgumentException)
        {
            return Problems.Validation("continuationToken", "continuationToken is not one this API issued.");
        }
        catch (SortedListingTooLargeException ex)
        {
            return Problems.Validation("sort", ex.Message + " List without sort.");
        }
    }

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

    private static async Task<Results<Ok<AcceptedCommand>, ProblemHttpResult>> DecideAsync(string id, DecisionRequest body, HttpRequest request, ApplicationCommands runtime, ApplicationQueries queries, SeatLedger seats, CancellationToken ct)
    {
        if (!ApplicantApi.IsApplicationId(id))
        {
            return Problems.NotFound();
        }
        var v = new Validation();
        if (body.Decision is null)
        {
            v.Add("decision", "decision is required: offer, reject or waitlist.");
        }
        var note = v.Text("note", body.Note, 4000, required: false);
        if (!v.IsValid)
        {
            return Problems.Validation(v.Errors);
        }
        var overCapacity = body.AllowOverCapacity == true;
        var command = new Decide(IdempotencyKeys.CommandId(request, "decide"), ActorStaff, body.Decision!.Value, note, overCapacity);
        if (body.Decision != StaffDecision.Offer || await queries.GetAsync(id, ct) is not { } state || runtime.Programs.Get(state.ProgramId) is not { } program)
        {
            return Answer(await runtime.ExecuteAsync(id, command, ct));
        }

        // An offer needs a seat: held first, atomically (two offers at the same instant cannot both take the last one),
        // and given back if the offer is not made after all.
        var seat = await seats.HoldAsync(program.Id, state.Cycle, program.CohortCapacity, id, overCapacity, ct);
        if (seat.Outcome == SeatHoldOutcome.Full)
        {
            return Problems.Create(StatusCodes.Status409Conflict, "cohort-full", "The cohort is full.",
                $"{seat.SeatsHeld} of {seat.Capacity} places are offered or accepted. Waitlist the application, or send allowOverCapacity: true to offer anyway.");
        }
        var result = await runtime.ExecuteAsync(id, command, ct);
        // A pending offer (decided before the program's release date) holds its seat like an offer made.
        if (seat.Outcome == SeatHoldOutcome.Held && (result is not CommandApplied applied || !applied.State.HoldsSeat()))
        {
            await seats.ReleaseAsync(program.Id, state.Cycle, id, ct);
        }
        return Answer(result);
    }

    /// <summary>The most applications one release request may name.</summary>
    public const int MaxReleaseBatch = 200;

    /// <summary>
    /// Sends the pending decisions of the named applications now, before the program's release date: one answer per
    /// application, in the order given (200 with the new stage, or the problem's status and code: 404 <c>not-found</c>,
    /// 409 <c>no-pending-decision</c>). The request itself is 200 unless the body is invalid.
    /// </summary>
    private static async Task<Results<Ok<ReleaseDecisionsView>, ProblemHttpResult>> ReleaseDecisionsAsync(
        ReleaseDecisionsRequest body, HttpRequest request, ApplicationCommands runtime, CancellationToken ct)
    {
        if (body.ApplicationIds is not { Count: > 0 and <= MaxReleaseBatch } ids || ids.Any(string.IsNullOrWhiteSpace))
        {
            return Problems.Validation("applicationIds", $"applicationIds must list 1 to {MaxReleaseBatch} application ids.");
        }
        var commandId = IdempotencyKeys.CommandId(request, "release");
        var results = new List<ReleaseResultView>(ids.Count);
        foreach (var id in ids.Select(i => i!).Distinct(StringComparer.Ordinal))
        {
            if (!ApplicantApi.IsApplicationId(id))
            {
                results.Add(ReleaseResultView.Failed(id, StatusCodes.Status404NotFound, "not-found"));
                continue;
            }
            var result = await runtime.ExecuteAsync(id, new ReleaseDecision($"{commandId}:{id}", ActorStaff), ct);
            results.Add(result switch
            {
                CommandApplied applied => new ReleaseResultView(id, StatusCodes.Status200OK, applied.State.Stage, applied.State.Version, null, null),
                CommandRefused refused => ReleaseResultView.Failed(id, refused.Refusal.HttpStatus, refused.Refusal.Code, refused.Refusal.Message),
                _ => ReleaseResultView.Failed(id, StatusCodes.Status404NotFound, "not-found"),
            });
        }
        return TypedResults.Ok(new ReleaseDecisionsView(results));
    }

    private static async Task<Results<Ok<AcceptedCommand>, ProblemHttpResult>> OverrideAsync(string id, ScreeningOverrideRequest body, HttpRequest request, ApplicationCommands runtime, CancellationToken ct)
    {
        if (!ApplicantApi.IsApplicationId(id))
        {
            return Problems.NotFound();
        }
        var v = new Validation();
        if (body.Outcome is null)
        {
            v.Add("outcome", "outcome is required: pass or fail.");
        }
        var note = v.Text("note", body.Note, 4000);
        if (!v.IsValid)
        {
            return Problems.Validation(v.Errors);
        }
        var command = new OverrideScreening(IdempotencyKeys.CommandId(request, "override"), ActorStaff, body.Outcome!.Value, note);
        return Answer(await runtime.ExecuteAsync(id, command, ct));
    }

    /// <summary>Fills open review slots now, e.g. after "no mentor left" once mentors were added or freed.</summary>
    private static async Task<Results<Ok<AcceptedCommand>, ProblemHttpResult>> AssignMentorsAsync(string id, HttpRequest request, ApplicationCommands work, CancellationToken ct)
    {
        if (!ApplicantApi.IsApplicationId(id))
        {
            return Problems.NotFound();
        }
        return Answer(await work.AssignMentorsNowAsync(id, IdempotencyKeys.CommandId(request, "assign"), ct));
    }

    private static async Task<Results<Ok<AcceptedCommand>, ProblemHttpResult>> ResolveAttentionAsync(string id, ResolveAttentionRequest body, HttpRequest request, ApplicationCommands runtime, CancellationToken ct)
    {
        if (!ApplicantApi.IsApplicationId(id))
        {
            return Problems.NotFound();
        }
        var v = new Validation();
        var reason = v.Line("reason", body.Reason, 2000);
        if (!v.IsValid)
        {
            return Problems.Validation(v.Errors);
        }
        return Answer(await runtime.ExecuteAsync(id, new ResolveNeedsAttention(IdempotencyKeys.CommandId(request, "resolve"), ActorStaff, reason), ct));
    }

    private static async Task<Results<Ok<ProgramDashboard>, ProblemHttpResult>> DashboardAsync(string? programId, ApplicationCommands runtime, ApplicationQueries queries, CancellationToken ct)
    {
        if (ProgramProblem(programId, runtime) is { } problem)
        {
            return problem;
        }
        return TypedResults.Ok(await queries.GetDashboardAsync(programId!, ct));
    }

    /// <summary>
    /// UTF-8 with a byte-order mark, so Excel opens Chinese names and titles correctly. The calibrated score is the last
    /// column, so files read by column position keep theirs. <c>sort</c> orders the rows as in the listing (within the
    /// whole program); without it, the index's order.
    /// </summary>
    private static async Task<Results<FileContentHttpResult, ProblemHttpResult>> ExportCsvAsync(string? programId, string? sort, ApplicationCommands runtime, ApplicationQueries queries, CancellationToken ct)
    {
        if (ProgramProblem(programId, runtime) is { } problem)
        {
            return problem;
        }
        var order = ParseSort(sort, out var sortProblem);
        if (sortProblem is not null)
        {
            return sortProblem;
        }
        var summaries = new List<ApplicationSummary>();
        await foreach (var summary in queries.ListProgramAsync(programId!, ct))
        {
            summaries.Add(summary);
        }
        var scores = queries.Calibrate(programId!, summaries);
        IReadOnlyList<ScoredSummary> rows = [.. summaries.Select(s => ApplicationQueries.Scored(s, scores))];
        if (order is { } o)
        {
            rows = SortedListing.Order(o, rows);
        }
        var csv = new StringBuilder();
        csv.Append("applicationId,stage,track,projectTitle,applicantName,school,projectLanguage,createdAt,submittedAt,weightedScore,needsAttention,calibratedScore\r\n");
        foreach (var (s, calibrated) in rows)
        {
            csv.AppendJoin(',', [
                Csv(s.ApplicationId), Csv(s.Stage), Csv(s.Track), Csv(s.ProjectTitle), Csv(s.ApplicantName), Csv(s.School), Csv(s.ProjectLanguage),
                Csv(s.CreatedAt.ToString("O", CultureInfo.InvariantCulture)), Csv(s.SubmittedAt?.ToString("O", CultureInfo.InvariantCulture) ?? ""),
                Csv(s.WeightedScore?.ToString("0.###", CultureInfo.InvariantCulture) ?? ""), Csv(s.NeedsAttention ? "yes" : "no"),
                Csv(calibrated?.ToString("0.###", CultureInfo.InvariantCulture) ?? "")]);
            csv.Append("\r\n");
        }
        var bytes = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(csv.ToString())).ToArray();
        return TypedResults.File(bytes, "text/csv; charset=utf-8", $"{programId}-applications.csv");
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

    private static ProblemHttpResult? ProgramProblem(string? programId, ApplicationCommands runtime) =>
        string.IsNullOrWhiteSpace(programId)
            ? Problems.Validation("programId", "programId is required.")
            : runtime.Programs.Get(programId) is null
                ? Problems.Validation("programId", $"There is no program '{programId}'.")
                : null;

    private static Results<Ok<AcceptedCommand>, ProblemHttpResult> Answer(CommandResult result) => result is CommandApplied applied
        ? TypedResults.Ok(new AcceptedCommand(applied.State.Id, applied.State.Stage, applied.State.Version))
        : Problems.FromFailure(result);

}
