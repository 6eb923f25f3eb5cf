using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using TalentFunctions.Domain.Applications;
using TalentFunctions.Web.Api;
using TalentFunctions.Web.Security;
using TalentFunctions.Workflow;
using TalentFunctions.Workflow.Commands;
using TalentFunctions.Workflow.Decisions;
using TalentFunctions.Workflow.Queries;

namespace TalentFunctions.Web.Endpoints;

/// <summary>The new announcement date, as an ISO 8601 date and time with its offset, e.g. <c>2027-05-20T10:00:00+08:00</c>.</summary>
public sealed record DecisionReleaseDateRequest(string? ReleaseAt) : JsonRequest<DecisionReleaseDateRequest>;

/// <summary>The program's announcement date after the move, and how many pending decisions now wait for it.</summary>
public sealed record DecisionReleaseDateView(string ProgramId, DateTimeOffset ReleaseAt, int PendingDecisionsMoved);

/// <summary>
/// <c>POST /api/staff/programs/{programId}/decisions/release-at</c>: staff move the program's announcement date before
/// it passes (issue 12, ADR 0013). The date is kept (<see cref="ReleaseCalendar"/>), later decisions wait for it, and every
/// decision already recorded gets its release timer moved. Sending the same date again changes nothing; a request cut
/// off half-way is finished by sending it again.
/// </summary>
public static class DecisionDateApi
{
    public static IEndpointRouteBuilder MapDecisionDateApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/staff/programs/{programId}/decisions/release-at", MoveAsync).WithName("StaffMoveDecisionRelease").WithTags("Staff")
            .RequireAuthorization(ApiAuthentication.StaffPolicy).RequireAuthorization(ApiAuthentication.StaffDeciderPolicy)
            .Accepts<DecisionReleaseDateRequest>("application/json")
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(400).ProducesProblem(404).ProducesProblem(409).ProducesProblem(422);
        return app;
    }

    private static async Task<Results<Ok<DecisionReleaseDateView>, ProblemHttpResult>> MoveAsync(
        string programId, DecisionReleaseDateRequest body, HttpContext context, ApplicationCommands runtime, ApplicationQueries queries, ReleaseCalendar calendar,
        TimeProvider time, CancellationToken ct)
    {
        if (runtime.Programs.Get(programId) is not { } program)
        {
            return Problems.NotFound("program");
        }
        if (!TryParseWithOffset(body.ReleaseAt, out var releaseAt))
        {
            return Problems.Validation("releaseAt", "releaseAt is required: a date and time with its offset, e.g. 2027-05-20T10:00:00+08:00.");
        }
        var now = time.GetUtcNow();
        if (releaseAt <= now || releaseAt <= program.OpensAt)
        {
            return Problems.Validation("releaseAt", "releaseAt must be in the future and after the program opens. To announce now, release the decisions.");
        }
        if (await calendar.GetAsync(programId, ct) is { } current && current <= now)
        {
            return Problems.Create(StatusCodes.Status409Conflict, "release-date-passed", "The announcement date has passed.",
                $"Decisions of this program were announced at {current:O}; that date can no longer move.");
        }

        var actor = StaffActions.Actor(context);
        await calendar.SetAsync(programId, releaseAt, actor, now, ct);
        // Every decision recorded so far waits in an application that can be decided (reviewed or waitlisted).
        var commandId = "release-at:" + releaseAt.UtcTicks.ToString(CultureInfo.InvariantCulture);
        var moved = 0;
        await foreach (var summary in queries.ListProgramAsync(programId, ct))
        {
            if (!Enum.TryParse<Stage>(summary.Stage, out var stage) || !StageRules.CanDecide(stage))
            {
                continue;
            }
            var result = await runtime.ExecuteAsync(summary.ApplicationId, new MoveDecisionRelease($"{commandId}:{summary.ApplicationId}", actor, releaseAt), ct);
            if (result is CommandApplied { State.PendingDecision: not null })
            {
                moved++;
            }
        }
        return TypedResults.Ok(new DecisionReleaseDateView(programId, releaseAt, moved));
    }

    /// <summary>ISO 8601 with an explicit offset (<c>Z</c> or <c>±hh:mm</c>): a time without one would depend on the server's zone.</summary>
    private static bool TryParseWithOffset(string? text, out DateTimeOffset value)
    {
        value = default;
        text = text?.Trim();
        return text is { Length: >= 16 }
               && System.Text.RegularExpressions.Regex.IsMatch(text, @"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,7})?)?(Z|[+-]\d{2}:\d{2})$")
               && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out value);
    }
}
