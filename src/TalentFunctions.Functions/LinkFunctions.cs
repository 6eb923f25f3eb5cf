using TalentFunctions.Functions.Hosting;

namespace TalentFunctions.Functions;

/// <summary>What mentors and applicants reach through signed links (ReviewApi, OfferApi): the pages, their forms and the JSON answers. Each function runs the route of the same name.</summary>
public sealed class LinkFunctions(RouteInvoker routes)
{
    [Function("ReviewPage")]
    public Task<IResult> ReviewPage([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "review/{token}")] HttpRequest request) =>
        routes.InvokeAsync(request, "ReviewPage");

    [Function("ReviewPageSubmit")]
    public Task<IResult> ReviewPageSubmit(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "review/{token}")] HttpRequest request,
        [DurableClient] DurableTaskClient durable) =>
        routes.InvokeAsync(request, "ReviewPageSubmit", durable);

    [Function("MentorReviewsPage")]
    public Task<IResult> MentorReviewsPage([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "mentor/{token}")] HttpRequest request) =>
        routes.InvokeAsync(request, "MentorReviewsPage");

    [Function("SubmitReview")]
    public Task<IResult> SubmitReview(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/reviews/{token}")] HttpRequest request,
        [DurableClient] DurableTaskClient durable) =>
        routes.InvokeAsync(request, "SubmitReview", durable);

    [Function("OfferPage")]
    public Task<IResult> OfferPage([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "offer/{token}")] HttpRequest request) =>
        routes.InvokeAsync(request, "OfferPage");

    [Function("OfferPageSubmit")]
    public Task<IResult> OfferPageSubmit(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "offer/{token}")] HttpRequest request,
        [DurableClient] DurableTaskClient durable) =>
        routes.InvokeAsync(request, "OfferPageSubmit", durable);

    [Function("RespondToOffer")]
    public Task<IResult> RespondToOffer(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/offers/{token}")] HttpRequest request,
        [DurableClient] DurableTaskClient durable) =>
        routes.InvokeAsync(request, "RespondToOffer", durable);
}
