using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using TalentFunctions.Domain.Applications;
using TalentFunctions.Web.Api;
using TalentFunctions.Web.Materials;
using TalentFunctions.Web.Pages;
using TalentFunctions.Web.Security;
using TalentFunctions.Web.Settings;
using TalentFunctions.Workflow;
using TalentFunctions.Workflow.Commands;
using TalentFunctions.Workflow.Queries;
using TalentFunctions.Workflow.Seats;

namespace TalentFunctions.Web.Endpoints;

/// <summary>What the console's application pages need from the app (bound with <c>[AsParameters]</c>).</summary>
public sealed record ConsoleServices(
    ApplicationCommands Runtime, ApplicationQueries Queries, SeatLedger Seats, MaterialStorage Materials, TimeProvider Time, IOptions<LinksOptions> Links)
{
    public StaffServices Staff() => new(Runtime, Queries, Seats);
}

/// <summary>
/// The staff console's application pages (issue 11): <c>GET /console/applications</c> (filters, raw and calibrated
/// scores, paging, CSV export, the bulk release of recorded decisions), <c>GET /console/applications/{id}</c> (everything
/// staff see, and the actions), and the form posts of the actions. Every action runs the same code as its JSON endpoint
/// (<see cref="StaffActions"/>): a form route turns its fields into the endpoint's request record and the answer into a
/// redirect to the detail page (303, <c>?done=</c>) or the page again with the API's problem. Forms sent from another
/// site are refused (<see cref="SameOrigin"/>). Pages in English or Chinese (<see cref="PageLanguage"/>).
/// </summary>
public static class ApplicationsConsoleApi
{
    public static IEndpointRouteBuilder MapApplicationsConsole(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/console").WithTags("Console").ExcludeFromDescription().RequireAuthorization(ApiAuthentication.StaffPolicy);
        group.MapGet("/applications", ListAsync).WithName("ConsoleApplications");
        group.MapGet("/applications/{id}", DetailAsync).WithName("ConsoleApplication");
        group.MapPost("/applications/{id}/decision", DecideAsync).WithName("ConsoleDecide").RequireAuthorization(ApiAuthentication.StaffDeciderPolicy);
        group.MapPost("/applications/{id}/screening-override", OverrideAsync).WithName("ConsoleOverrideScreening").RequireAuthorization(ApiAuthentication.StaffDeciderPolicy);
        group.MapPost("/applications/{id}/assign-mentors", AssignMentorsAsync).WithName("ConsoleAssignMentors").RequireAuthorization(ApiAuthentication.StaffDeciderPolicy);
        group.MapPost("/applications/{id}/resolve-attention", ResolveAttentionAsync).WithName("ConsoleResolveAttention").RequireAuthorization(ApiAuthentication.StaffAdminPolicy);
        group.MapPost("/decisions/release", ReleaseAsync).WithName("ConsoleReleaseDecisions").RequireAuthorization(ApiAuthentication.StaffDeciderPolicy);
        return app;
    }

    /// <summary>The stage the list shows when none is chosen: where decisions are made.</summary>
    public const Stage DefaultStage = Stage.Reviewed;

    private static async Task<IResult> ListAsync([AsParameters] StaffListQuery query, HttpContext context, [AsParameters] ConsoleServices services, CancellationToken ct)
    {
        var t = PageLanguage.Resolve(context);
        PageLanguage.Remember(context);
        var programs = services.Runtime.Programs;
        // A form leaves unused fields blank: blank is "any" here (the JSON API refuses a blank sort, as it always has).
        query = new StaffListQuery(
            Blank(query.ProgramId) ?? programs.All[0].Id, Blank(query.Stage) ?? DefaultStage.ToString(), Blank(query.Track), Blank(query.School),
            Blank(query.Language), Blank(query.MinScore), Blank(query.MaxScore), Blank(query.Sort), Blank(query.ContinuationToken), Blank(query.PageSize));
        var program = programs.Get(query.ProgramId) ?? programs.All[0];
        var result = await StaffActions.ListAsync(query, services.Staff(), ct);
        return result.Result switch
        {
            Ok<SummaryPageView> ok => ConsoleApplicationsPage.List(context.Request, t, programs, program, query, ok.Value, null),
            ProblemHttpResult problem => ConsoleApplicationsPage.List(context.Request, t, programs, program, query, null, problem.ProblemDetails),
            _ => throw new InvalidOperationException("The listing answered neither a page nor a problem."),
        };
    }

    private static async Task<IResult> DetailAsync(string id, string? done, HttpContext context, [AsParameters] ConsoleServices services, CancellationToken ct)
    {
        var t = PageLanguage.Resolve(context);
        PageLanguage.Remember(context);
        return await PageAsync(id, context.Request, t, services, done, null, ct);
    }

    private static Task<IResult> DecideAsync(string id, HttpRequest request, [AsParameters] ConsoleServices services, CancellationToken ct) =>
        ActAsync(id, request, services, "decide", ct, async (form, commandId, actor) =>
        {
            var decision = ParseEnum<StaffDecision>(form["decision"]);
            var body = new DecisionRequest(decision, form["note"], form["allowOverCapacity"] == "true" ? true : null);
            return ((await StaffActions.DecideAsync(id, body, commandId, actor, services.Staff(), ct)).Result, decision?.ToString().ToLowerInvariant());
        });

    private static Task<IResult> OverrideAsync(string id, HttpRequest request, [AsParameters] ConsoleServices services, CancellationToken ct) =>
        ActAsync(id, request, services, "override", ct, async (form, commandId, actor) =>
        {
            var body = new ScreeningOverrideRequest(ParseEnum<ScreeningOutcome>(form["outcome"]), form["note"]);
            return ((await StaffActions.OverrideScreeningAsync(id, body, commandId, actor, services.Staff(), ct)).Result, "screening-override");
        });

    private static Task<IResult> AssignMentorsAsync(string id, HttpRequest request, [AsParameters] ConsoleServices services, CancellationToken ct) =>
        ActAsync(id, request, services, "assign", ct, async (_, commandId, _) =>
            ((await StaffActions.AssignMentorsAsync(id, commandId, services.Staff(), ct)).Result, "assign-mentors"));

    private static Task<IResult> ResolveAttentionAsync(string id, HttpRequest request, [AsParameters] ConsoleServices services, CancellationToken ct) =>
        ActAsync(id, request, services, "resolve", ct, async (form, commandId, actor) =>
            ((await StaffActions.ResolveAttentionAsync(id, new ResolveAttentionRequest(form["reason"]), commandId, actor, services.Staff(), ct)).Result, "resolve-attention"));

    /// <summary>The bulk release: the checked applications' recorded decisions go out now, as <c>POST /api/staff/decisions/release</c>.</summary>
    private static async Task<IResult> ReleaseAsync(HttpRequest request, [AsParameters] ConsoleServices services, CancellationToken ct)
    {
        var t = PageLanguage.Resolve(request.HttpContext);
        if (await FormAsync(request, t, services, ct) is not { } form)
        {
            return Refusal(request, t, services);
        }
        var back = ConsoleApplicationsPage.WithQuery(request, ConsoleApplicationsPage.ListPath,
            new StaffListQuery(services.Runtime.Programs.Get(form["programId"])?.Id, StaffActions.ParseStage(form["stage"])?.ToString()));
        var body = new ReleaseDecisionsRequest([.. form["applicationIds"]]);
        var result = await StaffActions.ReleaseDecisionsAsync(body, CommandId(form, "release"), StaffActions.Actor(request.HttpContext), services.Staff(), ct);
        return result.Result switch
        {
            Ok<ReleaseDecisionsView> ok => ConsoleApplicationsPage.Released(request, t, ok.Value, null, back),
            ProblemHttpResult problem => ConsoleApplicationsPage.Released(request, t, null, problem.ProblemDetails, back),
            _ => throw new InvalidOperationException("The release answered neither results nor a problem."),
        };
    }

    /// <summary>
    /// A form post of one application's action: refused from another site or when not a form; else the action runs
    /// (<paramref name="act"/>, with the form's command id and the actor) and the answer becomes a redirect to the
    /// detail page with <c>?done=</c>, or the detail page with the problem (404: the not-found page).
    /// </summary>
    private static async Task<IResult> ActAsync(string id, HttpRequest request, ConsoleServices services, string verb, CancellationToken ct,
        Func<IFormCollection, string, string, Task<(IResult Result, string? Done)>> act)
    {
        var t = PageLanguage.Resolve(request.HttpContext);
        if (await FormAsync(request, t, services, ct) is not { } form)
        {
            return Refusal(request, t, services);
        }
        var (result, done) = await act(form, CommandId(form, verb), StaffActions.Actor(request.HttpContext));
        if (result is ProblemHttpResult problem)
        {
            return await PageAsync(id, request, t, services, null, problem.ProblemDetails, ct);
        }
        return new SeeOther(ConsoleApplicationsPage.DetailPath(id) + (done is null ? "" : "?done=" + Uri.EscapeDataString(done)));
    }

    /// <summary>The detail page, or the not-found page for an absent (or erased) application or an ill-formed id.</summary>
    private static async Task<IResult> PageAsync(string id, HttpRequest request, PageText t, ConsoleServices services, string? done, ProblemDetails? problem, CancellationToken ct)
    {
        var c = ConsoleApplicationsText.For(t);
        if (!ApplicantApi.IsApplicationId(id) || await services.Queries.GetAsync(id, ct) is not { } state
            || services.Runtime.Programs.Get(state.ProgramId) is not { } program)
        {
            return ConsoleApplicationsPage.Message(request, t, StatusCodes.Status404NotFound, c.NotFoundTitle, c.NotFoundText);
        }
        var history = await services.Queries.GetHistoryAsync(id, ct);
        var scores = await services.Queries.CalibrateAsync(state.ProgramId, ct);
        var seats = await services.Seats.CountAsync(program.Id, program.Cycle, program.CohortCapacity, ct);
        var urls = new Dictionary<string, Uri>(StringComparer.Ordinal);
        foreach (var material in state.Materials.Where(m => m.Status == MaterialStatus.Verified))
        {
            urls[material.BlobName] = await services.Materials.ReadUrlAsync(material.BlobName, ct);
        }
        var releaseAt = program.Decisions.ReleaseAt is { } at && at > services.Time.GetUtcNow() ? at : (DateTimeOffset?)null;
        var model = new ConsoleApplication(state, program, history, scores.For(state), seats, urls, releaseAt);
        return ConsoleApplicationsPage.Detail(request, t, model, done, problem);
    }

    /// <summary>The posted form; null when it comes from another site or is not a form (<see cref="Refusal"/> says which).</summary>
    private static async Task<IFormCollection?> FormAsync(HttpRequest request, PageText t, ConsoleServices services, CancellationToken ct) =>
        SameOrigin.IsCrossSite(request, services.Links.Value.PublicBaseUrl) ? null : await TokenPages.ReadFormAsync(request, ct);

    private static HtmlPage Refusal(HttpRequest request, PageText t, ConsoleServices services)
    {
        var c = ConsoleApplicationsText.For(t);
        return SameOrigin.IsCrossSite(request, services.Links.Value.PublicBaseUrl)
            ? ConsoleApplicationsPage.Message(request, t, StatusCodes.Status403Forbidden, c.CrossSiteTitle, c.CrossSiteText)
            : ConsoleApplicationsPage.Message(request, t, StatusCodes.Status415UnsupportedMediaType, c.UnsupportedFormTitle, c.UnsupportedFormText);
    }

    /// <summary>
    /// The command id of a form post: the form's <c>requestId</c> (one per rendered form, so the same form sent twice is
    /// one command), else unique to the post.
    /// </summary>
    private static string CommandId(IFormCollection form, string verb) =>
        form["requestId"].ToString() is { Length: > 0 and <= 64 } requestId && requestId.All(char.IsAsciiLetterOrDigit)
            ? $"{verb}:console-{requestId}"
            : $"{verb}:{Guid.NewGuid():N}";

    /// <summary>A form's choice by its enum name in any case; null for anything else, which the action's validation names.</summary>
    private static TEnum? ParseEnum<TEnum>(string? value) where TEnum : struct, Enum =>
        Enum.GetNames<TEnum>().FirstOrDefault(n => n.Equals(value?.Trim(), StringComparison.OrdinalIgnoreCase)) is { } name ? Enum.Parse<TEnum>(name) : null;

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;

    /// <summary>303 See Other: after a form post, the browser GETs the page it is sent to.</summary>
    private sealed class SeeOther(string location) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.StatusCode = StatusCodes.Status303SeeOther;
            httpContext.Response.Headers.Location = location;
            PageHeaders.Apply(httpContext.Response);
            return Task.CompletedTask;
        }
    }
}
