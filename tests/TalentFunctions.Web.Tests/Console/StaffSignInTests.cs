using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using TalentFunctions.Web.Tests.Infrastructure;
using TalentFunctions.Web.Tests.Web;
using TalentFunctions.TestSupport;

namespace TalentFunctions.Web.Tests.Console;

[Collection(AzuriteFixture.Collection)]
public sealed class StaffSignInTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task A_member_signs_in_through_the_emailed_link_uses_the_console_and_the_staff_api_and_signs_out()
    {
        var team = StaffTeam.Unique();
        await using var app = await TestApp.StartAsync(azurite, team.Settings());
        var browser = app.CreateBrowser();

        // Not signed in: console pages send to the sign-in page, the API keeps its 401 problem.
        var console = await browser.GetAsync("/console");
        Assert.Equal(HttpStatusCode.Redirect, console.StatusCode);
        Assert.Equal("/console/sign-in", console.Headers.Location!.OriginalString);
        var api = await browser.GetAsync("/api/staff/dashboard?programId=hina-directors");
        Assert.Equal(HttpStatusCode.Unauthorized, api.StatusCode);
        Assert.Equal("/problems/unauthorized", (await api.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("type").GetString());

        var form = await browser.GetStringAsync("/console/sign-in");
        Assert.Contains("id=\"email\" name=\"email\"", form);
        Assert.Contains("id=\"send-link\"", form);

        // The link arrives in the language of the page it was asked from.
        var link = await StaffTeam.RequestLinkAsync(app, browser, team.Admin, lang: "zh");
        var mail = Assert.Single(await StaffTeam.SignInMailAsync(app, team.Admin));
        Assert.Contains("登录", mail.Subject);
        Assert.Equal("", mail.ApplicationId);

        // Opening the link shows a button and changes nothing: no cookie, and the link still works afterwards.
        var page = await browser.GetAsync(link);
        var pageHtml = await page.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("id=\"sign-in-confirm\"", pageHtml);
        Assert.Contains($"action=\"{link}\"", pageHtml);
        Assert.False(page.Headers.Contains("Set-Cookie"));
        Assert.Equal(HttpStatusCode.Redirect, (await browser.GetAsync("/console")).StatusCode);

        // The button's post signs in: an HttpOnly, SameSite=Strict session cookie, and off to the dashboard.
        var confirm = await WebKit.PostFormAsync(browser, link, new Dictionary<string, string>(), StaffTeam.SameSite);
        Assert.Equal(HttpStatusCode.SeeOther, confirm.StatusCode);
        Assert.Equal("/console", confirm.Headers.Location!.OriginalString);
        var cookie = Assert.Single(confirm.Headers.GetValues("Set-Cookie"), c => c.StartsWith("tf-staff=", StringComparison.Ordinal));
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("path=/", cookie, StringComparison.OrdinalIgnoreCase);

        var dashboard = await browser.GetAsync("/console");
        var html = await dashboard.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, dashboard.StatusCode);
        Assert.Contains("Admin 管理员", html);
        Assert.Contains("id=\"sign-out\"", html);
        Assert.Contains("href=\"/console/applications\"", html);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/api/staff/dashboard?programId=hina-directors")).StatusCode);

        // The link works once.
        var again = await WebKit.PostFormAsync(app.CreateBrowser(), link, new Dictionary<string, string>(), StaffTeam.SameSite);
        Assert.Equal(HttpStatusCode.Gone, again.StatusCode);
        Assert.Contains("id=\"link-unusable\"", await again.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Gone, (await app.CreateBrowser().GetAsync(link)).StatusCode);

        // Signing out ends the session on the server: the old cookie no longer works, even replayed.
        var sessionCookie = cookie.Split(';')[0];
        var signOut = await WebKit.PostFormAsync(browser, "/console/sign-out", new Dictionary<string, string>(), StaffTeam.SameSite);
        Assert.Equal(HttpStatusCode.OK, signOut.StatusCode);
        Assert.Contains("id=\"signed-out\"", await signOut.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Redirect, (await browser.GetAsync("/console")).StatusCode);
        using var replay = new HttpRequestMessage(HttpMethod.Get, "/api/staff/dashboard?programId=hina-directors");
        replay.Headers.Add("Cookie", sessionCookie);
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.Client.SendAsync(replay)).StatusCode);
    }

    [Fact]
    public async Task Any_address_gets_the_same_answer_and_only_staff_get_a_link()
    {
        var team = StaffTeam.Unique();
        await using var app = await TestApp.StartAsync(azurite, team.Settings());
        var stranger = "stranger-" + Guid.NewGuid().ToString("N")[..10] + "@example.org";

        async Task<string> AskAsync(string email)
        {
            var response = await WebKit.PostFormAsync(app.CreateBrowser(), "/console/sign-in", new Dictionary<string, string> { ["email"] = email }, StaffTeam.SameSite);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            return await response.Content.ReadAsStringAsync();
        }

        Assert.Equal(await AskAsync(team.Reader), await AskAsync(stranger));
        Assert.Contains("id=\"check-inbox\"", await AskAsync(stranger));
        Assert.Single(await StaffTeam.SignInMailAsync(app, team.Reader));
        Assert.Empty(await StaffTeam.SignInMailAsync(app, stranger));

        var invalid = await WebKit.PostFormAsync(app.CreateBrowser(), "/console/sign-in", new Dictionary<string, string> { ["email"] = "not an address" }, StaffTeam.SameSite);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, invalid.StatusCode);
        Assert.Contains("id=\"error-email\"", await invalid.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Asking_for_links_is_rate_limited()
    {
        var team = StaffTeam.Unique();
        var settings = team.Settings();
        settings["RateLimiting:SignInPermitsPerMinute"] = "2";
        await using var app = await TestApp.StartAsync(azurite, settings);
        var answers = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
        {
            answers.Add((await WebKit.PostFormAsync(app.CreateBrowser(), "/console/sign-in",
                new Dictionary<string, string> { ["email"] = "x@example.org" }, StaffTeam.SameSite)).StatusCode);
        }
        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], answers);
    }

    [Fact]
    public async Task Expired_links_and_sessions_are_refused()
    {
        var team = StaffTeam.Unique();
        await using var app = await TestApp.StartAsync(azurite, team.Settings());

        var browser = app.CreateBrowser();
        var link = await StaffTeam.RequestLinkAsync(app, browser, team.Reader);
        app.Clock.Advance(TimeSpan.FromMinutes(16));
        Assert.Equal(HttpStatusCode.Gone, (await browser.GetAsync(link)).StatusCode);
        Assert.Equal(HttpStatusCode.Gone, (await WebKit.PostFormAsync(browser, link, new Dictionary<string, string>(), StaffTeam.SameSite)).StatusCode);

        var signedIn = await StaffTeam.SignedInAsync(app, team.Reader);
        Assert.Equal(HttpStatusCode.OK, (await signedIn.GetAsync("/console")).StatusCode);
        app.Clock.Advance(TimeSpan.FromHours(12) + TimeSpan.FromMinutes(1));
        Assert.Equal(HttpStatusCode.Redirect, (await signedIn.GetAsync("/console")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await signedIn.GetAsync("/api/staff/dashboard?programId=hina-directors")).StatusCode);
    }

    [Fact]
    public async Task Roles_limit_what_a_member_may_do_and_cross_site_posts_are_refused()
    {
        var team = StaffTeam.Unique();
        await using var app = await TestApp.StartAsync(azurite, team.Settings());
        var reader = await StaffTeam.SignedInAsync(app, team.Reader);
        var decision = new { decision = "reject", note = "No." };

        // A reader reads, but may not decide: 403 forbidden, as a problem on the API.
        Assert.Equal(HttpStatusCode.OK, (await reader.GetAsync("/api/staff/dashboard?programId=hina-directors")).StatusCode);
        using var decide = new HttpRequestMessage(HttpMethod.Post, "/api/staff/applications/app-unknown/decision") { Content = JsonContent.Create(decision) };
        decide.Headers.Add("Sec-Fetch-Site", "same-origin");
        var forbidden = await reader.SendAsync(decide);
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        Assert.Equal("forbidden", (await forbidden.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());

        // A decider may decide; but not from another site, nor without saying where the post comes from.
        var decider = await StaffTeam.SignedInAsync(app, team.Decider);
        foreach (var headers in new Dictionary<string, string>[] { new() { ["Sec-Fetch-Site"] = "cross-site" }, new() { ["Origin"] = "https://evil.example" }, new() })
        {
            using var post = new HttpRequestMessage(HttpMethod.Post, "/api/staff/applications/app-unknown/decision") { Content = JsonContent.Create(decision) };
            foreach (var (name, value) in headers)
            {
                post.Headers.Add(name, value);
            }
            var refused = await decider.SendAsync(post);
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
            Assert.Equal("cross-site-request", (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
        }
        using var sameOrigin = new HttpRequestMessage(HttpMethod.Post, "/api/staff/applications/app-unknown/decision") { Content = JsonContent.Create(decision) };
        sameOrigin.Headers.Add("Origin", "http://localhost");
        Assert.Equal(HttpStatusCode.NotFound, (await decider.SendAsync(sameOrigin)).StatusCode); // authorized; no such application

        // The API key is not a cookie: no origin needed.
        Assert.Equal(HttpStatusCode.NotFound, (await app.Staff.PostAsJsonAsync("/api/staff/applications/app-unknown/decision", decision)).StatusCode);
        // Sign-out from another site is refused too.
        Assert.Equal(HttpStatusCode.Forbidden, (await WebKit.PostFormAsync(decider, "/console/sign-out", new Dictionary<string, string>(),
            new Dictionary<string, string> { ["Sec-Fetch-Site"] = "cross-site" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await decider.GetAsync("/console")).StatusCode);
    }
}
