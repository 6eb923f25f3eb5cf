using System.Net;
using System.Text.RegularExpressions;
using TalentFunctions.Domain.Applications;
using TalentFunctions.TestSupport;
using TalentFunctions.Web.Pages;
using TalentFunctions.Web.Tests.Infrastructure;

namespace TalentFunctions.Web.Tests.Web;

[Collection(AzuriteFixture.Collection)]
public sealed partial class MentorReviewsTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task A_mentor_lists_their_open_reviews_saves_a_draft_and_declines_for_lack_of_time()
    {
        await using var app = await TestApp.StartAsync(azurite);
        var (first, _, _) = await WebKit.InReviewAsync(app, "zh");
        var (second, _, _) = await WebKit.InReviewAsync(app, "en");
        var mentorId = (await app.StateAsync(first)).Assignments[0].MentorId;
        var mine = new List<(string Id, ReviewAssignment Assignment)>();
        var others = new List<(string Id, ReviewAssignment Assignment)>();
        foreach (var id in new[] { first, second })
        {
            foreach (var a in (await app.StateAsync(id)).Assignments.Where(a => a.Status == AssignmentStatus.Open))
            {
                (a.MentorId == mentorId ? mine : others).Add((id, a));
            }
        }
        var (appId, assignment) = mine[0];
        var reviewUrl = "/review/" + WebKit.ReviewToken(app, appId, assignment);

        // The review page links to "my reviews", a link made on the server.
        var reviewPage = await app.Client.GetStringAsync(reviewUrl);
        var myReviews = WebUtility.HtmlDecode(MyReviewsLink().Match(reviewPage).Groups[1].Value);
        Assert.StartsWith("/mentor/", myReviews);
        // The review request email links to the same list.
        var mentorEmail = WebKit.Program(app).FindMentor(mentorId)!.Email;
        var request = (await WebKit.MailAsync(app, mentorEmail, appId)).Single(m => m.Kind == "MentorReviewRequest");
        Assert.Contains("http://localhost:7071" + myReviews, request.Text);
        var before = await app.VersionAndEventCountAsync(appId);

        var list = await app.Client.GetAsync(myReviews);
        var html = await list.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        Assert.Equal("no-store", list.Headers.CacheControl?.ToString());
        foreach (var (id, a) in mine)
        {
            Assert.Contains($"href=\"/review/{WebKit.ReviewToken(app, id, a)}\"", html);
        }
        foreach (var (id, a) in others)
        {
            Assert.DoesNotContain(WebKit.ReviewToken(app, id, a), html);
        }
        Assert.Equal(mine.Count, Regex.Matches(html, "id=\"review-\\d+\"").Count);
        Assert.Contains("雨季 The Rainy Season", html); // the project, as on the review page
        Assert.DoesNotContain("林小雨", html);       // never the applicant (blind program)
        Assert.DoesNotContain("@example.com", html);
        Assert.Equal(before, await app.VersionAndEventCountAsync(appId));

        // Save as draft: kept, shown again, nothing recorded; saving twice is the same as once.
        var draft = WebKit.ReviewForm(app, score: 4, comment: "草稿 — half written");
        draft["intent"] = "draft";
        draft.Remove("recommendation");
        for (var i = 0; i < 2; i++)
        {
            var saved = await WebKit.PostFormAsync(app.Client, reviewUrl, draft);
            Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
            Assert.Contains("id=\"draft-saved\"", await saved.Content.ReadAsStringAsync());
        }
        Assert.Equal(before, await app.VersionAndEventCountAsync(appId));
        var reopened = await app.Client.GetStringAsync(reviewUrl);
        Assert.Contains("草稿 — half written</textarea>", reopened);
        Assert.Contains("value=\"4\" required checked>", reopened);
        Assert.Contains("id=\"save-draft\"", reopened);
        Assert.Contains(MentorText.For(PageText.For(WebKit.Program(app).FindMentor(mentorId)!.PreferredLanguage)).StateDraft,
            await app.Client.GetStringAsync(myReviews));

        // Submitting the review removes the draft.
        var submitted = await WebKit.PostFormAsync(app.Client, reviewUrl, WebKit.ReviewForm(app));
        Assert.Equal(HttpStatusCode.OK, submitted.StatusCode);
        Assert.Null(await app.Get<ReviewDraftStore>().GetAsync(appId, assignment.AssignmentId, CancellationToken.None));
        // "My reviews" keeps it, as submitted, below the open ones; its link shows what was recorded.
        await app.SettleAsync();
        var afterSubmit = await app.Client.GetStringAsync(myReviews);
        var text = MentorText.For(PageText.For(WebKit.Program(app).FindMentor(mentorId)!.PreferredLanguage));
        Assert.Contains($"<td>{text.StateSubmitted}</td><td><a href=\"/review/{WebKit.ReviewToken(app, appId, assignment)}\">{text.SeeReview}</a>", afterSubmit);
        Assert.Equal(mine.Count - 1, Regex.Matches(afterSubmit, "id=\"review-\\d+\"").Count);

        // Declining for lack of time gives the review back: it goes to another mentor, as for a conflict.
        var (otherApp, otherAssignment) = others[0];
        var declined = await WebKit.PostFormAsync(app.Client, "/review/" + WebKit.ReviewToken(app, otherApp, otherAssignment),
            new Dictionary<string, string> { ["intent"] = "no-time" });
        Assert.Equal(HttpStatusCode.OK, declined.StatusCode);
        await app.SettleAsync();
        var state = await app.StateAsync(otherApp);
        Assert.Equal(AssignmentStatus.Conflict, state.FindAssignment(otherAssignment.AssignmentId)!.Status);
        Assert.Contains(state.Assignments, a => a.ReplacesAssignmentId == otherAssignment.AssignmentId);
        var again = await WebKit.PostFormAsync(app.Client, "/review/" + WebKit.ReviewToken(app, otherApp, otherAssignment),
            new Dictionary<string, string> { ["intent"] = "no-time" });
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);

        // A review link is not a "my reviews" link.
        Assert.Equal(HttpStatusCode.Forbidden, (await app.Client.GetAsync("/mentor/" + WebKit.ReviewToken(app, appId, assignment))).StatusCode);
    }

    [GeneratedRegex("<a id=\"my-reviews\" href=\"([^\"]+)\"")]
    private static partial Regex MyReviewsLink();
}
