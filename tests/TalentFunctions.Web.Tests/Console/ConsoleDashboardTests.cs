using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using TalentFunctions.Domain.Applications;
using TalentFunctions.TestSupport;
using TalentFunctions.Web.Security;
using TalentFunctions.Web.Tests.Infrastructure;
using TalentFunctions.Web.Tests.Web;

namespace TalentFunctions.Web.Tests.Console;

[Collection(AzuriteFixture.Collection)]
public sealed class ConsoleDashboardTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Staff_actions_record_who_did_them_and_the_dashboard_shows_the_funnel_in_both_languages()
    {
        var team = StaffTeam.Unique();
        await using var app = await TestApp.StartAsync(azurite, team.Settings());
        var (rejected, _, _) = await WebKit.InReviewAsync(app, "zh");
        await WebKit.ReviewAllAsync(app, rejected, score: 2, recommendation: "decline", comment: "Not yet.");
        var (inReview, _, _) = await WebKit.InReviewAsync(app, "en");
        await WebKit.DraftAsync(app);

        // The decider decides through the JSON API with the console session (a same-origin fetch).
        var decider = await StaffTeam.SignedInAsync(app, team.Decider);
        using var decide = new HttpRequestMessage(HttpMethod.Post, $"/api/staff/applications/{rejected}/decision")
        {
            Content = JsonContent.Create(new { decision = "reject", note = "Thank you." }),
        };
        decide.Headers.Add("Sec-Fetch-Site", "same-origin");
        Assert.Equal(HttpStatusCode.OK, (await decider.SendAsync(decide)).StatusCode);
        // Automation with the API key is recorded as such.
        var overrideResponse = await app.Staff.PostAsJsonAsync($"/api/staff/applications/{inReview}/screening-override", new { outcome = "fail", note = "Not eligible after all." });
        await app.SettleAsync();

        var history = (await app.Staff.GetFromJsonAsync<JsonElement>($"/api/staff/applications/{rejected}")).GetProperty("history");
        var actors = history.EnumerateArray().Select(e => $"{e.GetProperty("type").GetString()}={e.GetProperty("actor").GetString()}").ToList();
        Assert.Contains($"Rejected={team.Decider}", actors);
        Assert.Equal(HttpStatusCode.OK, overrideResponse.StatusCode);
        var overridden = (await app.Staff.GetFromJsonAsync<JsonElement>($"/api/staff/applications/{inReview}")).GetProperty("history")
            .EnumerateArray().Select(e => $"{e.GetProperty("type").GetString()}={e.GetProperty("actor").GetString()}").ToList();
        Assert.Contains($"ScreeningOverridden={StaffActor.ApiKey}", overridden);

        // The dashboard: 3 started, 2 submitted, 1 screened in, reviewed and rejected, 1 screened out by the override.
        var reader = await StaffTeam.SignedInAsync(app, team.Reader);
        var en = await reader.GetAsync("/console?programId=hina-directors&lang=en");
        var html = await en.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, en.StatusCode);
        Assert.Contains("<html lang=\"en\">", html);
        Assert.Contains("<svg class=\"funnel\" role=\"img\" aria-labelledby=\"funnel-title funnel-desc\"", html);
        Assert.Contains("<title id=\"funnel-title\">Funnel</title>", html);
        Assert.Contains("Drafts started: 3; Submitted: 2; Screened in: 1; Reviewed: 1; Offered: 0; Accepted: 0; Screened out: 1; Rejected: 1", html);
        Assert.Contains("<tr id=\"count-started\"><th scope=\"row\">Drafts started</th><td class=\"num\">3</td></tr>", html);
        Assert.Contains("<tr id=\"count-rejected\"><th scope=\"row\">Rejected</th><td class=\"num\">1</td></tr>", html);
        Assert.Contains("<span id=\"reviews-open\">0</span>", html);
        Assert.Contains("<span id=\"capacity\">", html);
        Assert.Contains("id=\"no-attention\"", html);
        Assert.Contains("reader", html);
        Assert.Contains("id=\"language-switch\"", html);
        Assert.DoesNotContain("<script", html);
        Assert.Contains(Pages.HtmlPage.StylesheetHash, en.Headers.GetValues("Content-Security-Policy").Single());

        var zh = await reader.GetStringAsync("/console?programId=hina-directors&lang=zh");
        Assert.Contains("<html lang=\"zh-Hans\">", zh);
        Assert.Contains("<title id=\"funnel-title\">申请漏斗</title>", zh);
        Assert.Contains("<tr id=\"count-screened-in\"><th scope=\"row\">通过资格审核</th><td class=\"num\">1</td></tr>", zh);
        Assert.Contains("查看者", zh);
        // The language chosen is remembered.
        Assert.Contains("<html lang=\"zh-Hans\">", await reader.GetStringAsync("/console"));

        Assert.Equal(HttpStatusCode.NotFound, (await reader.GetAsync("/console?programId=nope")).StatusCode);
    }
}
