using TalentFunctions.Web.Security;
using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using TalentFunctions.Domain.Applications;
using TalentFunctions.Domain.Programs;
using TalentFunctions.Web.Api;
using TalentFunctions.Workflow;
using TalentFunctions.Workflow.Commands;
using TalentFunctions.Workflow.Index;
using TalentFunctions.Workflow.Queries;
using TalentFunctions.Workflow.Seats;

namespace TalentFunctions.Web.Endpoints;

/// <summary>What the staff actions need from the app (bound with <c>[AsParameters]</c>).</summary>
public sealed record StaffServices(ApplicationCommands Runtime, ApplicationQueries Queries, SeatLedger Seats);

/// <summary>
/// The query of the staff listing (<c>GET /api/staff/applications</c> and the console's list page), as sent: every value
/// text, so that a bad one is a 422 naming it (not a binding failure).
/// </summary>
/// <param name="Track">A track id of the program.</param>
/// <param name="School">The applicant's school as written (case and spacing do not matter).</param>
/// <param name="Language">The project's language tag, e.g. <c>zh</c> (case does not matter).</param>
/// <param name="MinScore">The lowest weighted score listed (1–5, inclusive); applications without a score are left out.</param>
/// <param name="MaxScore">The highest weighted score listed (1–5, inclusive); applications without a score are left out.</param>
public sealed record StaffListQuery(
    string? ProgramId = null, string? Stage = null, string? Track = null, string? School = null, string? Language = null,
    string? MinScore = null, string? MaxScore = null, string? Sort = null, string? ContinuationToken = null, string? PageSize = null);

/// <summary>
/// Every staff action once: the input's validation, the command, and the mapping of failures to problems. The JSON
/// endpoints (<see cref="StaffApi"/>) and the console's forms (<see cref="ApplicationsConsoleApi"/>) both call these; a
/// form route only turns its fields into the same request record and the answer into a page.
/// </summary>
public static class StaffActions
{
    /// <summary>
    /// Who a staff action is recorded as (the actor of its events): the signed-in member's address, or
    /// <see cref="StaffActor.ApiKey"/> for the API key. The one place the actor is chosen.
    /// </summary>
    public static string Actor(HttpContext context) => StaffActor.Of(context.User);

    /// <summary>Most note and reason lengths the staff actions take.</summary>
    public const int MaxNoteLength = 4000;

    /// <summary>The code of an offer refused because every seat of the cohort is held (409).</summary>
    public const string CohortFull = "cohort-full";

    /// <summary>The most applications one release request may name.</summary>
    public const int MaxReleaseBatch = 200;

    /// <summary>A page of the staff listing, filtered and sorted as asked (see <see cref="StaffListQuery"/>).</summary>
    public static async Task<Results<Ok<SummaryPageView>, ProblemHttpResult>> ListAsync(StaffListQuery query, StaffServices services, CancellationToken ct)
    {
        if (ProgramProblem(query.ProgramId, services.Runtime) is { } problem)
        {
            return problem;
        }
        var program = services.Runtime.Programs.Get(query.ProgramId!)!;
        // One stage, by name: Enum.TryParse would also take numbers and comma lists ("Draft,Submitted" is Submitted).
        if (ParseStage(query.Stage) is not { } stage)
        {
            return Problems.Validation("stage", $"stage is required, one of: {string.Join(", ", Enum.GetNames<Stage>())}.");
        }
        // Bound as text, so that a non-number is a 422 like every other invalid parameter (not a binding failure).
        int? size = null;
        if (query.PageSize is not null)
        {
            if (!int.TryParse(query.PageSize, NumberStyles.None, CultureInfo.InvariantCulture, out var parsedSize) || parsedSize is < 1 or > 200)
            {
                return Problems.Validation("pageSize", "pageSize must be a number between 1 and 200.");
            }
            size = parsedSize;
        }
        var order = ParseSort(query.Sort, out var sortProblem);
        if (sortProblem is not null)
        {
            return sortProblem;
        }
        if (ParseFilter(program, query.Track, query.School, query.Language, query.MinScore, query.MaxScore, out var filter) is { } filterProblem)
        {
            return filterProblem;
        }
        if (query.ContinuationToken is { Length: > 2000 })
        {
            return Problems.Validation("continuationToken", "continuationToken is not one this API issued.");
        }
        try
        {
            var page = await services.Queries.ListScoredAsync(program.Id, stage, size ?? 50, query.ContinuationToken, order, filter, ct);
            return TypedResults.Ok(new SummaryPageView([.. page.Items.Select(StaffSummaryView.From)], page.ContinuationToken, ScoreCalibrationView.Current));
        }
        catch (Exception ex) when (query.ContinuationToken is not null && ex is FormatException or ArgumentException)
        {
            return Problems.Validation("continuationToken", "continuationToken is not one this API issued (tokens are good only for the listing, filters included, that issued them).");
        }
        catch (SortedListingTooLargeException ex)
        {
            return Problems.Validation("sort", ex.Message + " List without sort.");
        }
    }

    /// <summary>A stage by its name in any case; null for anything else (numbers, comma lists, unknown names).</summary>
    public static Stage? ParseStage(string? stage) =>
        Enum.GetNames<Stage>().FirstOrDefault(n => n.Equals(stage, StringComparison.OrdinalIgnoreCase)) is { } name ? Enum.Parse<Stage>(name) : null;

    /// <summary>
    /// The listing's filters from their query values (blank means "any"): <c>track</c> one of the program's track ids,
    /// <c>school</c> a line of at most 200 characters, <c>language</c> a language tag, <c>minScore</c>/<c>maxScore</c>
    /// numbers from 1 to 5 with the minimum not above the maximum. Every bad value is named in the one 422.
    /// </summary>
    public static ProblemHttpResult? ParseFilter(ProgramDefinition program, string? track, string? school, string? language, string? minScore, string? maxScore, out ListingFilter filter)
    {
        var v = new Validation();
        var trackId = v.Line("track", track, 100, required: false);
        if (trackId.Length > 0 && program.FindTrack(trackId) is null)
        {
            v.Add("track", $"track must be one of: {string.Join(", ", program.Tracks.Select(t => t.Id))}.");
        }
        var schoolName = v.Line("school", school, 200, required: false);
        var languageTag = v.Line("language", language, 35, required: false);
        if (languageTag.Length > 0 && !Validation.IsLanguageTag(languageTag.ToLowerInvariant()))
        {
            v.Add("language", "language must be a language tag such as zh, en or zh-Hant.");
        }
        var min = Score(v, "minScore", minScore);
        var max = Score(v, "maxScore", maxScore);
        if (min is { } lowest && max is { } highest && lowest > highest)
        {
            v.Add("minScore", "minScore must not be above maxScore.");
        }
        filter = new ListingFilter(
            trackId.Length > 0 ? trackId : null, schoolName.Length > 0 ? schoolName : null, languageTag.Length > 0 ? languageTag : null, min, max);
        return v.IsValid ? null : Problems.Validation(v.Errors);
    }

    private static double? Score(Validation v, string field, string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }
        if (double.TryParse(value.Trim(), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var score)
            && score is >= RubricCriterion.MinScore and <= RubricCriterion.MaxScore)
        {
            return score;
        }
        v.Add(field, $"{field} must be a number from {RubricCriterion.MinScore} to {RubricCriterion.MaxScore}, such as 3.5.");
        return null;
    }

    /// <summary>
    /// The sort values of the listing and the CSV export, as clients write them: <c>score</c> and
    /// <c>calibratedScore</c> (highest first), <c>submittedAt</c> (oldest first), in any case like <c>stage</c>; without one, application id order.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, ApplicationSort> SortValues =
        Enum.GetValues<ApplicationSort>().ToDictionary(s => System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(s.ToString()), s => s, StringComparer.OrdinalIgnoreCase);

    public static ApplicationSort? ParseSort(string? sort, out ProblemHttpResult? problem)
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

    public static ProblemHttpResult? ProgramProblem(string? programId, ApplicationCommands runtime) =>
        string.IsNullOrWhiteSpace(programId)
            ? Problems.Validation("programId", "programId is required.")
            : runtime.Programs.Get(programId) is null
                ? Problems.Validation("programId", $"There is no program '{programId}'.")
                : null;

    /// <summary>
    /// Offers, waitlists or rejects. An offer holds a cohort seat first, atomically (two offers at the same instant cannot
    /// both take the last one: <c>409 cohort-full</c> unless <c>allowOverCapacity</c>), and gives it back if no offer results.
    /// </summary>
    public static async Task<Results<Ok<AcceptedCommand>, ProblemHttpResult>> DecideAsync(
        string id, DecisionRequest body, string commandId, string actor, StaffServices services, CancellationToken ct)
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
        var note = v.Text("note", body.Note, MaxNoteLength, required: false);
        if (!v.IsValid)
        {
            return Problems.Validation(v.Errors);
        }
        var (runtime, queries, seats) = services;
        var overCapacity = body.AllowOverCapacity == true;
        var command = new Decide(commandId, actor, body.Decision!.Value, note, overCapacity);
        if (body.Decision != StaffDecision.Offer || await queries.GetAsync(id, ct) is not { } state || runtime.Programs.Get(state.ProgramId) is not { } program)
        {
            return Answer(await runtime.ExecuteAsync(id, command, ct));
        }

        var seat = await seats.HoldAsync(program.Id, state.Cycle, program.CohortCapacity, id, overCapacity, ct);
        if (seat.Outcome == SeatHoldOutcome.Full)
        {
            return Problems.Create(StatusCodes.Status409Conflict, CohortFull, "The cohort is full.",
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

    /// <summary>
    /// Sends the pending decisions of the named applications now, before the program's release date: one answer per
    /// application, in the order given (200 with the new stage, or the problem's status and code: 404 <c>not-found</c>,
    /// 409 <c>no-pending-decision</c>). The request itself is 200 unless the list is invalid.
    /// </summary>
    public static async Task<Results<Ok<ReleaseDecisionsView>, ProblemHttpResult>> ReleaseDecisionsAsync(
        ReleaseDecisionsRequest body, string commandId, string actor, StaffServices services, CancellationToken ct)
    {
        if (body.ApplicationIds is not { Count: > 0 and <= MaxReleaseBatch } ids || ids.Any(string.IsNullOrWhiteSpace))
        {
            return Problems.Validation("applicationIds", $"applicationIds must list 1 to {MaxReleaseBatch} application ids.");
        }
        var results = new List<ReleaseResultView>(ids.Count);
        foreach (var id in ids.Select(i => i!).Distinct(StringComparer.Ordinal))
        {
            if (!ApplicantApi.IsApplicationId(id))
            {
                results.Add(ReleaseResultView.Failed(id, StatusCodes.Status404NotFound, "not-found"));
                continue;
            }
            var result = await services.Runtime.ExecuteAsync(id, new ReleaseDecision($"{commandId}:{id}", actor), ct);
            results.Add(result switch
            {
                CommandApplied applied => new ReleaseResultView(id, StatusCodes.Status200OK, applied.State.Stage, applied.State.Version, null, null),
                CommandRefused refused => ReleaseResultView.Failed(id, refused.Refusal.HttpStatus, refused.Refusal.Code, refused.Refusal.Message),
                _ => ReleaseResultView.Failed(id, StatusCodes.Status404NotFound, "not-found"),
            });
        }
        return TypedResults.Ok(new ReleaseDecisionsView(results));
    }

    public static async Task<Results<Ok<AcceptedCommand>, ProblemHttpResult>> OverrideScreeningAsync(
        string id, ScreeningOverrideRequest body, string commandId, string actor, StaffServices services, CancellationToken ct)
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
        var note = v.Text("note", body.Note, MaxNoteLength);
        if (!v.IsValid)
        {
            return Problems.Validation(v.Errors);
        }
        return Answer(await services.Runtime.ExecuteAsync(id, new OverrideScreening(commandId, actor, body.Outcome!.Value, note), ct));
    }

    /// <summary>Fills open review slots now, e.g. after "no mentor left" once mentors were added or freed.</summary>
    public static async Task<Results<Ok<AcceptedCommand>, ProblemHttpResult>> AssignMentorsAsync(string id, string commandId, StaffServices services, CancellationToken ct)
    {
        if (!ApplicantApi.IsApplicationId(id))
        {
            return Problems.NotFound();
        }
        return Answer(await services.Runtime.AssignMentorsNowAsync(id, commandId, ct));
    }

    public static async Task<Results<Ok<AcceptedCommand>, ProblemHttpResult>> ResolveAttentionAsync(
        string id, ResolveAttentionRequest body, string commandId, string actor, StaffServices services, CancellationToken ct)
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
        return Answer(await services.Runtime.ExecuteAsync(id, new ResolveNeedsAttention(commandId, actor, reason), ct));
    }

    private static Results<Ok<AcceptedCommand>, ProblemHttpResult> Answer(CommandResult result) => result is CommandApplied applied
        ? TypedResults.Ok(new AcceptedCommand(applied.State.Id, applied.State.Stage, applied.State.Version))
        : Problems.FromFailure(result);
}
