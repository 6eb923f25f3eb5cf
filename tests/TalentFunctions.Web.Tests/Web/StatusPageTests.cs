using System.Net;
using TalentFunctions.Web.Tests.Infrastructure;
using TalentFunctions.Notifications.Links;
using TalentFunctions.TestSupport;

namespace TalentFunctions.Web.Tests.Web;

[Collection(AzuriteFixture.Collection)]
public sealed class StatusPageTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task The_resume_link_shows_the_status_in_the_applicants_language_with_a_switch_to_the_other()
    {
        await using var app = await TestApp.StartAsync(azurite);
        var email = WebKit.UniqueEmail("status");
        var (id, _) = await app.CreateAsync(email);
        var started = Assert.Single(await WebKit.MailAsync(app, email, id), m => m.Kind == "DraftStarted");
        var url = WebKit.AppPath(Assert.Single(started.Links, l => l.Contains("/applications/", StringComparison.Ordinal)))!;
        var before = await app.VersionAndEventCountAsync(id);

        var response = await app.Client.GetAsync(url);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("<html lang=\"zh-Hans\">", html);
        Assert.Contains("您的申请：雨季 The Rainy Season", html);
        Assert.Contains("草稿（尚未提交）", html);
        Assert.Contains("2027-03-31 23:59 (Asia/Shanghai)", html); // the program's deadline, in the applicant's time zone
        Assert.Contains("尚缺材料", html);
        Assert.Contains("<li>作品集视频</li>", html);
        Assert.Contains("已开始申请。", html);
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());

        var switchLink = System.Text.RegularExpressions.Regex.Match(html, "<a href=\"([^\"]+)\" hreflang=\"en\"").Groups[1].Value;
        var english = await app.Client.GetStringAsync(WebUtility.HtmlDecode(switchLink));
        Assert.Contains("<html lang=\"en\">", english);
        Assert.Contains("Your application: 雨季 The Rainy Season", english);
        Assert.Contains("Draft (not submitted yet)", english);
        Assert.Contains("Application started.", english);
        Assert.Contains("hreflang=\"zh-Hans\"", english);
        Assert.Equal(before, await app.VersionAndEventCountAsync(id));
    }

    [Fact]
    public async Task A_link_for_another_application_or_page_is_refused_in_both_languages()
    {
        await using var app = await TestApp.StartAsync(azurite);
        var (id, _) = await app.CreateAsync(WebKit.UniqueEmail("status"));
        var (otherId, _) = await app.CreateAsync(WebKit.UniqueEmail("status"));
        var tokens = app.Get<LinkTokenService>();
        var expires = app.Clock.GetUtcNow().AddDays(30);

        var other = await app.Client.GetAsync($"/applications/{id}?token={tokens.Create(LinkPurpose.Resume, otherId, otherId, expires)}");
        Assert.Equal(HttpStatusCode.Forbidden, other.StatusCode);
        var html = await other.Content.ReadAsStringAsync();
        Assert.Contains("此链接与本页面不匹配", html);
        Assert.Contains("This link does not belong to this page", html);
        var offerToken = await app.Client.GetAsync($"/applications/{id}?token={tokens.Create(LinkPurpose.Offer, id, id, expires)}");
        Assert.Equal(HttpStatusCode.Forbidden, offerToken.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await app.Client.GetAsync($"/applications/{id}")).StatusCode);

        app.Clock.Advance(TimeSpan.FromDays(31));
        var expired = await app.Client.GetAsync($"/applications/{id}?token={tokens.Create(LinkPurpose.Resume, id, id, expires)}");
        Assert.Equal(HttpStatusCode.Gone, expired.StatusCode);
        Assert.Contains("链接已过期", await expired.Content.ReadAsStringAsync());
    }
}
