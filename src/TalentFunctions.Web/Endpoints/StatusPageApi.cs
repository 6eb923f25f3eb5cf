using TalentFunctions.Domain.Applications;
using TalentFunctions.Web.Api;
using TalentFunctions.Web.Pages;
using TalentFunctions.Notifications.Links;
using TalentFunctions.Workflow;
using TalentFunctions.Workflow.Queries;

using TalentFunctions.Workflow.Commands;

namespace TalentFunctions.Web.Endpoints;

/// <summary>
/// <c>GET /applications/{id}?token=…[&amp;lang=zh|en]</c>: the applicant's status page, opened with the signed status
/// link from their emails (purpose Resume, made for this application). Reading only.
/// </summary>
public static class StatusPageApi
{
    public static IEndpointRouteBuilder MapStatusPage(this IEndpointRouteBuilder app)
    {
        app.MapGet("/applications/{id}", ShowAsync).WithName("ApplicationStatusPage")
            .WithTags("Applicants").ExcludeFromDescription().WithTokenHeaders().RequireRateLimiting(RateLimits.Public);
        return app;
    }

    private static async Task<IResult> ShowAsync(
        string id, string? token, string? lang, ApplicationQueries queries, ApplicationCommands runtime, LinkTokenService tokens, TimeProvider time, CancellationToken ct)
    {
        var link = CheckedLink.Check(tokens, token, LinkPurpose.Resume);
        if (link.Problem is not null)
        {
            return link.Problem.ToPage();
        }
        if (link.Token!.ApplicationId != id || link.Token.SubjectId != id)
        {
            return PageProblem.LinkMismatch.ToPage();
        }
        var state = await queries.GetAsync(id, ct);
        if (state is null)
        {
            return PageProblem.NotFound.ToPage();
        }

        var text = PageText.For(lang is PageText.English or PageText.Chinese ? lang : state.Applicant.PreferredLanguage);
        var history = await queries.GetHistoryAsync(id, ct);
        string? offerUrl = null;
        if (state.Stage == Stage.Offered && state.Offer is { } offer && time.GetUtcNow() < offer.ExpiresAt)
        {
            offerUrl = "/offer/" + tokens.Create(LinkPurpose.Offer, id, offer.OfferId, offer.ExpiresAt);
        }
        var other = text == PageText.Zh ? PageText.English : PageText.Chinese;
        var switchUrl = $"/applications/{Uri.EscapeDataString(id)}?token={Uri.EscapeDataString(token!)}&lang={other}";
        var editUrl = state.Stage == Stage.Draft ? $"/applications/{Uri.EscapeDataString(id)}/edit?token={Uri.EscapeDataString(token!)}" : null;
        return StatusPage.Render(text, state, runtime.Programs.Get(state.ProgramId), history, offerUrl, switchUrl, editUrl);
    }
}
