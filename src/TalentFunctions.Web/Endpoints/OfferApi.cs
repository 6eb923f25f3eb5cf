using Microsoft.Extensions.Options;
using TalentFunctions.Domain.Applications;
using TalentFunctions.Web.Api;
using TalentFunctions.Web.Settings;
using TalentFunctions.Web.Hosting;
using TalentFunctions.Web.Pages;

namespace TalentFunctions.Web.Endpoints;

/// <summary>What <c>POST /api/offers/{token}</c> answers when the answer is recorded.</summary>
public sealed record OfferAnsweredView(string OfferId, string Response, Stage Stage);

/// <summary>
/// Applicants answer an offer through the signed link in their email: <c>GET /offer/{token}</c> shows it (never
/// answering it: mail scanners open links), <c>POST /offer/{token}</c> with <c>response=accept|decline</c> answers,
/// and <c>POST /api/offers/{token}</c> does the same with JSON.
/// </summary>
public static class OfferApi
{
    public static IEndpointRouteBuilder MapOfferApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/offer/{token}", ShowAsync).WithName("OfferPage")
            .WithTags("Applicants").ExcludeFromDescription().WithTokenHeaders().RequireRateLimiting(RateLimits.Public);
        app.MapPost("/offer/{token}", PostFormAsync).WithName("OfferPageSubmit")
            .WithTags("Applicants").ExcludeFromDescription().WithTokenHeaders().RequireRateLimiting(RateLimits.Public);
        app.MapPost("/api/offers/{token}", PostJsonAsync).WithName("RespondToOffer")
            .WithTags("Applicants").WithTokenHeaders().RequireRateLimiting(RateLimits.Public)
            .Accepts<OfferResponseRequest>("application/json").Produces<OfferAnsweredView>()
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        return app;
    }

    private static async Task<IResult> ShowAsync(string token, [AsParameters] OfferServices services, CancellationToken ct)
    {
        var (context, problem) = await OfferResponses.OpenAsync(services, token, ct);
        if (problem is not null)
        {
            return problem.ToPage();
        }
        return context!.Availability == OfferAvailability.Open
            ? OfferPage.Show(context)
            : OfferPage.Outcome(context, OfferResponses.Settled(context.Availability), posted: false);
    }

    private static async Task<IResult> PostFormAsync(
        string token, HttpRequest request, [AsParameters] OfferServices services, IOptions<LinksOptions> links, CancellationToken ct)
    {
        if (SameOrigin.IsCrossSite(request, links.Value.PublicBaseUrl))
        {
            return PageProblem.CrossSite.ToPage();
        }
        var (context, problem) = await OfferResponses.OpenAsync(services, token, ct);
        if (problem is not null)
        {
            return problem.ToPage();
        }
        if (await TokenPages.ReadFormAsync(request, ct) is not { } form)
        {
            return PageProblem.UnsupportedForm.ToPage();
        }
        if (context!.Availability != OfferAvailability.Open)
        {
            return OfferPage.Outcome(context, OfferResponses.Settled(context.Availability), posted: true);
        }
        if (ParseResponse(form["response"].ToString()) is not { } accept)
        {
            return OfferPage.Show(context, context.Text.ResponseMissing);
        }
        return OfferPage.Outcome(context, await OfferResponses.RespondAsync(services, context, accept, ct), posted: true);
    }

    private static async Task<IResult> PostJsonAsync(
        string token, OfferResponseRequest body, HttpRequest request, [AsParameters] OfferServices services, IOptions<LinksOptions> links, CancellationToken ct)
    {
        if (SameOrigin.IsCrossSite(request, links.Value.PublicBaseUrl))
        {
            return PageProblem.CrossSite.ToProblem();
        }
        var (context, problem) = await OfferResponses.OpenAsync(services, token, ct);
        if (problem is not null)
        {
            return problem.ToProblem();
        }
        if (context!.Availability != OfferAvailability.Open)
        {
            return Answer(context, OfferResponses.Settled(context.Availability));
        }
        if (ParseResponse(body.Response) is not { } accept)
        {
            return Problems.Validation("response", "response is required: \"accept\" or \"decline\".");
        }
        return Answer(context, await OfferResponses.RespondAsync(services, context, accept, ct));
    }

    private static bool? ParseResponse(string? response) => response?.Trim().ToLowerInvariant() switch
    {
        "accept" => true,
        "decline" => false,
        _ => null,
    };

    private static IResult Answer(OfferContext context, OfferOutcomeKind outcome) => outcome switch
    {
        OfferOutcomeKind.Accepted => Results.Json(new OfferAnsweredView(context.OfferId, "accept", Stage.Accepted), ApiJson.Options),
        OfferOutcomeKind.Declined => Results.Json(new OfferAnsweredView(context.OfferId, "decline", Stage.OfferDeclined), ApiJson.Options),
        OfferOutcomeKind.AlreadyAccepted or OfferOutcomeKind.AlreadyDeclined => Problems.Create(StatusCodes.Status409Conflict, RefusalCodes.AlreadyRecorded,
            "This offer has already been answered.", outcome == OfferOutcomeKind.AlreadyAccepted ? "It was accepted. Nothing was changed." : "It was declined. Nothing was changed."),
        OfferOutcomeKind.Expired => Problems.Create(StatusCodes.Status409Conflict, RefusalCodes.OfferExpired,
            "The offer has expired.", "It can no longer be answered."),
        OfferOutcomeKind.Closed => Problems.Create(StatusCodes.Status409Conflict, RefusalCodes.NoOpenOffer,
            "The offer is no longer open.", "Nothing was changed."),
        _ => Problems.NotFound("offer"),
    };
}
