using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using TalentFunctions.Domain.Applications;
using TalentFunctions.Web.Tests.Infrastructure;
using TalentFunctions.Notifications.Links;
using TalentFunctions.TestSupport;

namespace TalentFunctions.Web.Tests.Web;

[Collection(AzuriteFixture.Collection)]
public sealed class ReviewPageTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task A_zh_mentor_sees_the_application_in_chinese_with_materials_that_download_and_the_visit_changes_nothing()
    {
        // Not blind: the page shows the applicant's school, graduation year and awards as it always did (ADR 0012).
        await using var app = await TestApp.StartAsync(azurite, services: s => s.AddSingleton(WebKit.NotBlind()));
        var (id, _, email) = await WebKit.InReviewAsync(app, "zh");
        var assignment = (await app.StateAsync(id)).Assignments[0];
        Assert.Equal("zh", WebKit.Program(app).FindMentor(assignment.MentorId)!.PreferredLanguage);
        var before = await app.VersionAndEventCountAsync(id);

        var response = await app.Client.GetAsync("/review/" + WebKit.ReviewToken(app, id, assignment));
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("<html lang=\"zh-Hans\">", html);
        Assert.Contains("Hina青年导演国际计划", html);
        Assert.Contains("导师评审", html);
        Assert.Contains("雨季 The Rainy Season", html);
        Assert.Contains("一个女孩在雨季回到故乡。", html);
        Assert.Contains("短片", html); // format
        Assert.Contains("原创IP项目孵化", html); // track, in the mentor's language
        Assert.Contains("USC", html);
        Assert.Contains("2024", html);
        Assert.Contains("Student Academy Award", html);
        Assert.DoesNotContain(email, html);
        foreach (var criterion in WebKit.Program(app).Rubric)
        {
            Assert.Contains($"<legend>{criterion.Name.Zh}</legend>", html);
            for (var score = 1; score <= 5; score++)
            {
                Assert.Contains($"<label for=\"score-{criterion.Id}-{score}\"><input type=\"radio\" id=\"score-{criterion.Id}-{score}\" name=\"scores.{criterion.Id}\" value=\"{score}\" required>", html);
            }
        }
        Assert.Contains("name=\"recommendation\" value=\"advance\"", html);
        Assert.Contains("<label for=\"comment\">", html);
        Assert.Contains("我与该申请存在利益冲突", html);
        Assert.Contains(PageTime(assignment.DueAt, "Asia/Shanghai"), html);
        Assert.DoesNotContain(" action=", html); // the forms post back to the same URL

        Assert.Contains("<video controls", html);
        Assert.Contains("<iframe", html);
        var sources = WebKit.MediaSources(html);
        Assert.Equal(2, sources.Count);
        var downloads = await Task.WhenAll(sources.Select(url => TestApp.Storage.GetByteArrayAsync(url)));
        Assert.Contains(downloads, bytes => bytes.SequenceEqual(TestApp.Mp4));
        Assert.Contains(downloads, bytes => bytes.SequenceEqual(TestApp.Pdf));
        using (var write = new HttpRequestMessage(HttpMethod.Put, sources[0]) { Content = new ByteArrayContent([1, 2, 3]) })
        {
            write.Headers.Add("x-ms-blob-type", "BlockBlob");
            Assert.Equal(HttpStatusCode.Forbidden, (await TestApp.Storage.SendAsync(write)).StatusCode); // read-only
        }

        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        Assert.Equal("no-referrer", response.Headers.GetValues("Referrer-Policy").Single());
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        var csp = response.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("default-src 'none'", csp);
        Assert.Contains("form-action 'self'", csp);
        Assert.Contains(new Uri(sources[0]).GetLeftPart(UriPartial.Authority), csp);
        Assert.DoesNotContain("unsafe-inline", csp);

        Assert.Equal(before, await app.VersionAndEventCountAsync(id));
    }

    [Fact]
    public async Task An_en_mentor_sees_the_page_in_english()
    {
        await using var app = await TestApp.StartAsync(azurite);
        var (id, _, _) = await WebKit.InReviewAsync(app, "en");
        var assignment = (await app.StateAsync(id)).Assignments[0];
        Assert.Equal("en", WebKit.Program(app).FindMentor(assignment.MentorId)!.PreferredLanguage);

        var html = await app.Client.GetStringAsync("/review/" + WebKit.ReviewToken(app, id, assignment));

        Assert.Contains("<html lang=\"en\">", html);
        Assert.Contains("Hina International Young Directors Program", html);
        Assert.Contains("Mentor review", html);
        Assert.Contains("<legend>Directing craft</legend>", html);
        Assert.Contains("Original IP project support", html);
        Assert.Contains("I have a conflict of interest", html);
        Assert.DoesNotContain("导师评审", html);
    }

    [Fact]
    public async Task A_posted_review_is_recorded_once_and_a_second_post_says_already_recorded_and_changes_nothing()
    {
        await using var app = await TestApp.StartAsync(azurite);
        var (id, _, _) = await WebKit.InReviewAsync(app, "zh");
        var assignment = (await app.StateAsync(id)).Assignments[0];
        var url = "/review/" + WebKit.ReviewToken(app, id, assignment);

        var first = await WebKit.PostFormAsync(app.Client, url, WebKit.ReviewForm(app, score: 5, comment: "Outstanding <script>alert(1)</script>"));
        var thanks = await first.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Contains("感谢您", thanks);

        var recorded = (await app.StateAsync(id)).FindAssignment(assignment.AssignmentId)!;
        Assert.Equal(AssignmentStatus.Completed, recorded.Status);
        Assert.All(recorded.Review!.Scores.Values, s => Assert.Equal(5, s));
        Assert.Equal(Recommendation.Advance, recorded.Review.Recommendation);
        Assert.Equal("Outstanding <script>alert(1)</script>", recorded.Review.Comment);
        var after = await app.VersionAndEventCountAsync(id);

        var second = await WebKit.PostFormAsync(app.Client, url, WebKit.ReviewForm(app, score: 1, recommendation: "decline"));
        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
        Assert.Contains("已记录", await second.Content.ReadAsStringAsync());
        var page = await app.Client.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("该评审此前已记录", await page.Content.ReadAsStringAsync());
        var json = await app.Client.PostAsJsonAsync("/api/reviews/" + WebKit.ReviewToken(app, id, assignment),
            new { scores = WebKit.Program(app).Rubric.ToDictionary(c => c.Id, _ => 1), recommendation = "decline", comment = "again" });
        Assert.Equal(HttpStatusCode.Conflict, json.StatusCode);
        Assert.Equal("/problems/already-recorded", (await json.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("type").GetString());

        Assert.Equal(after, await app.VersionAndEventCountAsync(id));
        Assert.All((await app.StateAsync(id)).FindAssignment(assignment.AssignmentId)!.Review!.Scores.Values, s => Assert.Equal(5, s));
    }

    [Fact]
    public async Task A_form_with_a_missing_score_is_shown_again_with_the_errors_and_the_values_entered()
    {
        await using var app = await TestApp.StartAsync(azurite);
        var (id, _, _) = await WebKit.InReviewAsync(app, "zh");
        var assignment = (await app.StateAsync(id)).Assignments[0];
        var before = await app.VersionAndEventCountAsync(id);
        var form = WebKit.ReviewForm(app, score: 3, comment: "半成品 & <draft>");
        form.Remove("scores.craft");
        form["scores.voice"] = "9";
        form.Remove("recommendation");

        var response = await WebKit.PostFormAsync(app.Client, "/review/" + WebKit.ReviewToken(app, id, assignment), form);
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains("请为“导演技法”选择 1 到 5 分。", html);
        Assert.Contains("请为“个人风格”选择 1 到 5 分。", html);
        Assert.Contains("请选择推荐意见", html);
        Assert.DoesNotContain("“故事”", html);
        Assert.Contains("半成品 &amp; &lt;draft&gt;</textarea>", html);
        Assert.Contains("value=\"3\" required checked>", html);
        Assert.Contains("role=\"alert\"", html);
        Assert.Equal(before, await app.VersionAndEventCountAsync(id));
    }

    [Fact]
    public async Task A_conflict_of_interest_reassigns_the_slot_to_a_new_mentor_who_is_emailed_and_the_old_link_is_no_longer_yours()
    {
        await using var app = await TestApp.StartAsync(azurite);
        var (id, _, _) = await WebKit.InReviewAsync(app, "zh");
        var assignment = (await app.StateAsync(id)).Assignments[0];
        var url = "/review/" + WebKit.ReviewToken(app, id, assignment);

        var unticked = await WebKit.PostFormAsync(app.Client, url, new Dictionary<string, string> { ["intent"] = "conflict", ["reason"] = "朋友" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, unticked.StatusCode);
        Assert.Contains("请勾选", await unticked.Content.ReadAsStringAsync());

        var declared = await WebKit.PostFormAsync(app.Client, url,
            new Dictionary<string, string> { ["intent"] = "conflict", ["conflictOfInterest"] = "yes", ["reason"] = "I taught this applicant." });
        Assert.Equal(HttpStatusCode.OK, declared.StatusCode);
        Assert.Contains("利益冲突声明已记录", await declared.Content.ReadAsStringAsync());
        Assert.Equal(AssignmentStatus.Conflict, (await app.StateAsync(id)).FindAssignment(assignment.AssignmentId)!.Status);

        await app.SettleAsync();
        var state = await app.StateAsync(id);
        var replacement = Assert.Single(state.Assignments, a => a.ReplacesAssignmentId == assignment.AssignmentId);
        Assert.Equal(AssignmentStatus.Open, replacement.Status);
        Assert.NotEqual(assignment.MentorId, replacement.MentorId);
        var mentor = WebKit.Program(app).FindMentor(replacement.MentorId)!;
        var request = Assert.Single(await WebKit.MailAsync(app, mentor.Email, id), m => m.Kind == "MentorReviewRequest");
        var link = Assert.Single(request.Links, l => l.Contains("/review/", StringComparison.Ordinal));
        var newPage = await app.Client.GetAsync(WebKit.AppPath(link));
        Assert.Equal(HttpStatusCode.OK, newPage.StatusCode);
        Assert.Contains("name=\"scores.story\"", await newPage.Content.ReadAsStringAsync());

        var before = await app.VersionAndEventCountAsync(id);
        var old = await app.Client.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, old.StatusCode);
        Assert.Contains("评审已不属于您", await old.Content.ReadAsStringAsync());
        var oldPost = await WebKit.PostFormAsync(app.Client, url, WebKit.ReviewForm(app));
        Assert.Equal(HttpStatusCode.Conflict, oldPost.StatusCode);
        Assert.Contains("评审已不属于您", await oldPost.Content.ReadAsStringAsync());
        Assert.Equal(before, await app.VersionAndEventCountAsync(id));
    }

    [Fact]
    public async Task Tampered_expired_wrong_purpose_and_malformed_links_get_4xx_pages_in_both_languages()
    {
        await using var app = await TestApp.StartAsync(azurite);
        var (id, _, _) = await WebKit.InReviewAsync(app, "zh");
        var assignment = (await app.StateAsync(id)).Assignments[0];
        var token = WebKit.ReviewToken(app, id, assignment);
        var tampered = token[..^2] + (token[^2] == 'A' ? 'B' : 'A') + token[^1];
        var offerToken = app.Get<LinkTokenService>().Create(LinkPurpose.Offer, id, assignment.AssignmentId, assignment.DueAt);
        var before = await app.VersionAndEventCountAsync(id);

        await AssertBilingualAsync(app, HttpMethod.Get, "/review/" + tampered, HttpStatusCode.Forbidden, "链接已被篡改", "This link has been altered");
        await AssertBilingualAsync(app, HttpMethod.Post, "/review/" + tampered, HttpStatusCode.Forbidden, "链接已被篡改", "This link has been altered");
        await AssertBilingualAsync(app, HttpMethod.Get, "/review/" + offerToken, HttpStatusCode.Forbidden, "此链接不适用于本页面", "This link is for another page");
        await AssertBilingualAsync(app, HttpMethod.Get, "/review/not-a-token", HttpStatusCode.BadRequest, "链接无效", "This link is not valid");

        app.Clock.Advance(assignment.DueAt - app.Clock.GetUtcNow() + TimeSpan.FromDays(8));
        await AssertBilingualAsync(app, HttpMethod.Get, "/review/" + token, HttpStatusCode.Gone, "链接已过期", "This link has expired");
        await AssertBilingualAsync(app, HttpMethod.Post, "/review/" + token, HttpStatusCode.Gone, "链接已过期", "This link has expired");

        var json = await app.Client.PostAsJsonAsync("/api/reviews/" + tampered, new { });
        Assert.Equal(HttpStatusCode.Forbidden, json.StatusCode);
        Assert.Equal("/problems/link-tampered", (await json.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("type").GetString());
        var expired = await app.Client.PostAsJsonAsync("/api/reviews/" + token, new { });
        Assert.Equal(HttpStatusCode.Gone, expired.StatusCode);
        Assert.Equal("/problems/link-expired", (await expired.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("type").GetString());

        Assert.Equal(before, await app.VersionAndEventCountAsync(id));
    }

    [Fact]
    public async Task The_json_api_records_a_review_and_answers_409_when_recorded_and_422_naming_the_criterion()
    {
        await using var app = await TestApp.StartAsync(azurite);
        var (id, _, _) = await WebKit.InReviewAsync(app, "en");
        var state = await app.StateAsync(id);
        var rubric = WebKit.Program(app).Rubric;
        var url = "/api/reviews/" + WebKit.ReviewToken(app, id, state.Assignments[0]);

        var missing = await app.Client.PostAsJsonAsync(url, new { scores = rubric.Skip(1).ToDictionary(c => c.Id, _ => 3), recommendation = "advance", comment = "ok" });
        await AssertValidationAsync(missing, "scores.story", "Story");
        var outOfRange = await app.Client.PostAsJsonAsync(url, new { scores = rubric.ToDictionary(c => c.Id, c => c.Id == "craft" ? 6 : 3), recommendation = "advance", comment = "ok" });
        await AssertValidationAsync(outOfRange, "scores.craft", "Directing craft");
        var unknown = await app.Client.PostAsJsonAsync(url, new { scores = rubric.ToDictionary(c => c.Id, _ => 3).Append(new("pacing", 3)).ToDictionary(), recommendation = "decline", comment = "ok" });
        await AssertValidationAsync(unknown, "scores.pacing", "pacing");
        var noRecommendation = await app.Client.PostAsJsonAsync(url, new { scores = rubric.ToDictionary(c => c.Id, _ => 3), comment = "ok" });
        await AssertValidationAsync(noRecommendation, "recommendation", "advance or decline");
        Assert.Equal(state.Version, (await app.StateAsync(id)).Version);

        var ok = await app.Client.PostAsJsonAsync(url, new { scores = rubric.ToDictionary(c => c.Id, _ => 4), recommendation = "decline", comment = "Not yet.", conflictOfInterest = false });
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        var body = await ok.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(state.Assignments[0].AssignmentId, body.GetProperty("assignmentId").GetString());
        Assert.Equal("review", body.GetProperty("recorded").GetString());
        Assert.Equal("no-store", ok.Headers.CacheControl?.ToString());
        Assert.Equal(Recommendation.Decline, (await app.StateAsync(id)).Assignments[0].Review!.Recommendation);

        var again = await app.Client.PostAsJsonAsync(url, new { scores = rubric.ToDictionary(c => c.Id, _ => 4), recommendation = "decline", comment = "Not yet." });
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);

        var conflictUrl = "/api/reviews/" + WebKit.ReviewToken(app, id, state.Assignments[1]);
        var conflict = await app.Client.PostAsJsonAsync(conflictUrl, new { conflictOfInterest = true, comment = "Former student." });
        Assert.Equal(HttpStatusCode.OK, conflict.StatusCode);
        Assert.Equal("conflict-of-interest", (await conflict.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("recorded").GetString());
        var late = await app.Client.PostAsJsonAsync(conflictUrl, new { scores = rubric.ToDictionary(c => c.Id, _ => 4), recommendation = "advance", comment = "x" });
        Assert.Equal(HttpStatusCode.Conflict, late.StatusCode);
        Assert.Equal("/problems/no-longer-yours", (await late.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("type").GetString());
    }

    [Fact]
    public async Task Posts_from_another_site_are_refused_and_change_nothing()
    {
        await using var app = await TestApp.StartAsync(azurite);
        var (id, _, _) = await WebKit.InReviewAsync(app, "zh");
        var assignment = (await app.StateAsync(id)).Assignments[0];
        var url = "/review/" + WebKit.ReviewToken(app, id, assignment);
        var before = await app.VersionAndEventCountAsync(id);

        var crossSite = await WebKit.PostFormAsync(app.Client, url, WebKit.ReviewForm(app), new Dictionary<string, string> { ["Sec-Fetch-Site"] = "cross-site" });
        Assert.Equal(HttpStatusCode.Forbidden, crossSite.StatusCode);
        Assert.Contains("已拒绝：请求来自其他网站", await crossSite.Content.ReadAsStringAsync());
        var foreignOrigin = await WebKit.PostFormAsync(app.Client, url, WebKit.ReviewForm(app), new Dictionary<string, string> { ["Origin"] = "https://evil.example" });
        Assert.Equal(HttpStatusCode.Forbidden, foreignOrigin.StatusCode);
        using var json = new HttpRequestMessage(HttpMethod.Post, "/api/reviews/" + WebKit.ReviewToken(app, id, assignment))
        {
            Content = JsonContent.Create(new { conflictOfInterest = true }),
        };
        json.Headers.Add("Sec-Fetch-Site", "same-site");
        Assert.Equal(HttpStatusCode.Forbidden, (await app.Client.SendAsync(json)).StatusCode);
        Assert.Equal(before, await app.VersionAndEventCountAsync(id));

        // A browser posting the page's own form: same-origin, and Origin "null" because the page sets no-referrer.
        var own = await WebKit.PostFormAsync(app.Client, url, WebKit.ReviewForm(app),
            new Dictionary<string, string> { ["Sec-Fetch-Site"] = "same-origin", ["Origin"] = "null" });
        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
    }

    private static async Task AssertValidationAsync(HttpResponseMessage response, string field, string mentioned)
    {
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(response.StatusCode == HttpStatusCode.UnprocessableEntity, body.ToString());
        var messages = body.GetProperty("errors").GetProperty(field).EnumerateArray().Select(e => e.GetString()!).ToList();
        Assert.Contains(messages, m => m.Contains(mentioned, StringComparison.Ordinal));
    }

    private static async Task AssertBilingualAsync(TestApp app, HttpMethod method, string url, HttpStatusCode status, string zh, string en)
    {
        using var request = new HttpRequestMessage(method, url);
        if (method == HttpMethod.Post)
        {
            request.Content = new FormUrlEncodedContent(WebKit.ReviewForm(app));
        }
        var response = await app.Client.SendAsync(request);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(zh, html);
        Assert.Contains(en, html);
        Assert.Contains("lang=\"zh-Hans\"", html);
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
    }

    internal static string PageTime(DateTimeOffset at, string zone) =>
        TimeZoneInfo.ConvertTime(at, TimeZoneInfo.FindSystemTimeZoneById(zone)).ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture) + $" ({zone})";
}
