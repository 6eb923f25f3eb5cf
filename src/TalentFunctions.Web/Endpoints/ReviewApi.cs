using Microsoft.Extensions.Options;
using TalentFunctions.Domain.Applications;
using TalentFunctions.Web.Api;
using TalentFunctions.Web.Settings;
using TalentFunctions.Web.Hosting;
using TalentFunctions.Web.Pages;

namespace TalentFunctions.Web.Endpoints;

/// <summary>What <c>POST /api/reviews/{token}</c> answers when the review or the conflict is recorded.</summary>
public sealed record ReviewRecordedView(string AssignmentId, string Recorded, Stage Stage);

/// <summary>
/// Mentors act through the signed link in their email: <c>GET /review/{token}</c> shows the application and the
/// rubric (and never changes anything: mail scanners open links), <c>POST /review/{token}</c> records the review or
/// a conflict of interest, <c>POST /api/reviews/{token}</c> does the same with JSON.
/// </summary>
public static class ReviewApi
{
    public static IEndpointRouteBuilder MapReviewApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/review/{token}", ShowAsync).WithName("ReviewPage")
            .WithTags("Mentors").ExcludeFromDescription().WithTokenHeaders().RequireRateLimiting(RateLimits.Public);
        app.MapPost("/review/{token}", PostFormAsync).WithName("ReviewPageSubmit")
            .WithTags("Mentors").ExcludeFromDescription().WithTokenHeaders().RequireRateLimiting(RateLimits.Public);
        app.MapGet("/mentor/{token}", MyReviewsAsync).WithName("MentorReviewsPage")
            .WithTags("Mentors").ExcludeFromDescription().WithTokenHeaders().RequireRateLimiting(RateLimits.Public);
        app.MapPost("/api/reviews/{token}", PostJsonAsync).WithName("SubmitReview")
            .WithTags("Mentors").WithTokenHeaders().RequireRateLimiting(RateLimits.Public)
            .Accepts<ReviewRequest>("application/json").Produces<ReviewRecordedView>()
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        return app;
    }

    private static async Task<IResult> ShowAsync(string token, [AsParameters] ReviewServices services, CancellationToken ct)
    {
        var (context, problem) = await MentorReviews.OpenAsync(services, token, ct);
        if (problem is not null)
        {
            return problem.ToPage();
        }
        if (context!.Availability != ReviewAvailability.Open)
        {
            return ReviewPage.Outcome(context, Refusal(context.Availability), posted: false);
        }
        // A saved draft fills the form in (reading only).
        var draft = await services.Drafts.GetAsync(context.Application.Id, context.Assignment.AssignmentId, ct);
        return await FormAsync(context, services, draft, null, ct);
    }

    /// <summary>
    /// The mentor's reviews, open and closed, in every program where the mentor of the link (by address) mentors: each
    /// with its due date, state and its review link, made here. Reads the mentor-load read model and each application; shows the
    /// project only (no applicant), as a blind review page does.
    /// </summary>
    private static async Task<IResult> MyReviewsAsync(string token, [AsParameters] ReviewServices services, CancellationToken ct)
    {
        var link = CheckedLink.Check(services.Tokens, token, Notifications.Links.LinkPurpose.MentorReviews);
        if (link.Problem is not null)
        {
            return link.Problem.ToPage();
        }
        var programs = services.Runtime.Programs;
        if (programs.Get(link.Token!.ApplicationId)?.FindMentor(link.Token.SubjectId) is not { } mentor)
        {
            return PageProblem.NotFound.ToPage();
        }
        var now = services.Time.GetUtcNow();
        var rows = new List<MentorReviewRow>();
        foreach (var program in programs.All)
        {
            foreach (var same in program.Mentors.Where(m => string.Equals(m.Email, mentor.Email, StringComparison.OrdinalIgnoreCase)))
            {
                // Every assignment (the history), and the open ones (assignments older than the history have only those).
                var assigned = (await services.MentorLoad.ListAssignedToMentorAsync(program.Id, same.Id, ct))
                    .Concat(await services.MentorLoad.ListOpenForMentorAsync(program.Id, same.Id, ct))
                    .DistinctBy(r => (r.ApplicationId, r.AssignmentId));
                foreach (var review in assigned)
                {
                    var state = await services.Queries.GetAsync(review.ApplicationId, ct);
                    if (state?.FindAssignment(review.AssignmentId) is not { } assignment || assignment.MentorId != same.Id)
                    {
                        continue; // erased, or the read model is ahead of a record being written
                    }
                    var status = await RowStateAsync(services, state, assignment, now, ct);
                    var path = status is MentorReviewState.Reassigned or MentorReviewState.Cancelled or MentorReviewState.Declined
                        ? null
                        : MentorReviews.ReviewPath(services, state.Id, assignment.AssignmentId, assignment.DueAt);
                    rows.Add(new MentorReviewRow(program, state.Project.Title, assignment.DueAt, status, path));
                }
            }
        }
        return MentorReviewsPage.Render(PageText.For(mentor.PreferredLanguage), mentor.Name, rows);
    }

    private static async Task<MentorReviewState> RowStateAsync(
        ReviewServices services, ApplicationState state, ReviewAssignment assignment, DateTimeOffset now, CancellationToken ct) => assignment.Status switch
    {
        AssignmentStatus.Completed => MentorReviewState.Submitted,
        AssignmentStatus.Conflict => MentorReviewState.Declined,
        AssignmentStatus.Reassigned => MentorReviewState.Reassigned,
        AssignmentStatus.Cancelled => MentorReviewState.Cancelled,
        _ when state.Stage != Stage.InReview => MentorReviewState.Cancelled,
        _ when assignment.DueAt <= now => MentorReviewState.Overdue,
        _ => await services.Drafts.GetAsync(state.Id, assignment.AssignmentId, ct) is not null ? MentorReviewState.Draft : MentorReviewState.Open,
    };

    private static async Task<IResult> PostFormAsync(
        string token, HttpRequest request, [AsParameters] ReviewServices services, IOptions<LinksOptions> links, CancellationToken ct)
    {
        if (SameOrigin.IsCrossSite(request, links.Value.PublicBaseUrl))
        {
            return PageProblem.CrossSite.ToPage();
        }
        var (context, problem) = await MentorReviews.OpenAsync(services, token, ct);
        if (problem is not null)
        {
            return problem.ToPage();
        }
        if (await TokenPages.ReadFormAsync(request, ct) is not { } form)
        {
            return PageProblem.UnsupportedForm.ToPage();
        }
        if (context!.Availability != ReviewAvailability.Open)
        {
            return ReviewPage.Outcome(context, Refusal(context.Availability), posted: true);
        }

        var intents = form["intent"];
        if (intents.Contains("no-time"))
        {
            var declined = await MentorReviews.SubmitAsync(services, context, ReviewInput.FromForm(form, context.Program), ct, noTime: true);
            return ReviewPage.Outcome(context, declined.Kind, posted: true);
        }
        var input = ReviewInput.FromForm(form, context.Program);
        if (intents.Contains("draft"))
        {
            // A draft keeps whatever is filled in; only its length is checked. Saving again replaces it.
            if (DraftRules.Length(input.Comment) > DraftRules.MaxCommentLength)
            {
                return await FormAsync(context, services, input,
                    [new ReviewInputError("comment", t => t.TooLong(t.CommentLabel, DraftRules.MaxCommentLength))], ct);
            }
            var draft = input with { ConflictOfInterest = false };
            await services.Drafts.SaveAsync(context.Application.Id, context.Assignment.AssignmentId, draft, ct);
            return await FormAsync(context, services, draft, null, ct, draftSaved: true);
        }
        var errors = input.Validate(context.Program, rejectUnknownCriteria: false);
        if (errors.Count > 0)
        {
            return await FormAsync(context, services, input, errors, ct);
        }
        var outcome = await MentorReviews.SubmitAsync(services, context, input, ct);
        return outcome.Kind == ReviewOutcomeKind.Invalid
            ? await FormAsync(context, services, input, [.. (outcome.Details ?? []).Select(d => new ReviewInputError("review", _ => d))], ct)
            : ReviewPage.Outcome(context, outcome.Kind, posted: true);
    }

    private static async Task<IResult> FormAsync(
        ReviewContext context, ReviewServices services, ReviewInput? input, IReadOnlyList<ReviewInputError>? errors, CancellationToken ct,
        bool draftSaved = false) =>
        ReviewPage.Form(context, await services.Materials.ReadUrlsAsync(context.Materials, context.Blind, ct),
            await MentorReviews.TranslationAsync(services, context, ct), input, errors, MentorReviews.MyReviewsPath(services, context), draftSaved);

    private static async Task<IResult> PostJsonAsync(
        string token, ReviewRequest body, HttpRequest request, [AsParameters] ReviewServices services, IOptions<LinksOptions> links, CancellationToken ct)
    {
        if (SameOrigin.IsCrossSite(request, links.Value.PublicBaseUrl))
        {
            return PageProblem.CrossSite.ToProblem();
        }
        var (context, problem) = await MentorReviews.OpenAsync(services, token, ct);
        if (problem is not null)
        {
            return problem.ToProblem();
        }
        if (context!.Availability != ReviewAvailability.Open)
        {
            return Answer(context, new ReviewOutcome(Refusal(context.Availability)));
        }

        var review = body;
        var conflict = review.ConflictOfInterest == true;
        var input = new ReviewInput(
            conflict,
            (review.Scores ?? new Dictionary<string, int>()).ToDictionary(s => s.Key, s => (int?)s.Value, StringComparer.Ordinal),
            review.Recommendation?.ToString(),
            conflict ? null : review.Comment,
            conflict ? review.Comment : null);
        var errors = input.Validate(context.Program, rejectUnknownCriteria: true);
        if (errors.Count > 0)
        {
            // In JSON the conflict's reason travels in "comment".
            return Problems.Validation(errors
                .GroupBy(e => e.Field == "reason" ? "comment" : e.Field, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => g.Select(e => e.Message(PageText.En)).ToArray(), StringComparer.Ordinal));
        }
        return Answer(context, await MentorReviews.SubmitAsync(services, context, input, ct));
    }

    private static IResult Answer(ReviewContext context, ReviewOutcome outcome) => outcome.Kind switch
    {
        ReviewOutcomeKind.ReviewRecorded or ReviewOutcomeKind.ConflictRecorded => Results.Json(
            new ReviewRecordedView(context.Assignment.AssignmentId, outcome.Kind == ReviewOutcomeKind.ReviewRecorded ? "review" : "conflict-of-interest",
                outcome.State?.Stage ?? context.Application.Stage),
            ApiJson.Options),
        ReviewOutcomeKind.AlreadyRecorded => Problems.Create(StatusCodes.Status409Conflict, RefusalCodes.AlreadyRecorded,
            "This review has already been recorded.", "Nothing was changed."),
        ReviewOutcomeKind.NoLongerYours => Problems.Create(StatusCodes.Status409Conflict, RefusalCodes.NoLongerYours,
            "This review is no longer assigned to you.", "It was reassigned, a conflict of interest was declared, or it is no longer needed. Nothing was changed."),
        ReviewOutcomeKind.Closed => Problems.Create(StatusCodes.Status409Conflict, RefusalCodes.NotInReview,
            "The application is no longer in review.", "Nothing was changed."),
        ReviewOutcomeKind.Invalid => Problems.Create(StatusCodes.Status422UnprocessableEntity, RefusalCodes.InvalidInput,
            "The review is not complete.", string.Join("; ", outcome.Details ?? []),
            new Dictionary<string, object?> { ["details"] = outcome.Details ?? [] }),
        _ => Problems.NotFound("review assignment"),
    };

    private static ReviewOutcomeKind Refusal(ReviewAvailability availability) => availability switch
    {
        ReviewAvailability.AlreadyRecorded => ReviewOutcomeKind.AlreadyRecorded,
        ReviewAvailability.NoLongerYours => ReviewOutcomeKind.NoLongerYours,
        _ => ReviewOutcomeKind.Closed,
    };
}
