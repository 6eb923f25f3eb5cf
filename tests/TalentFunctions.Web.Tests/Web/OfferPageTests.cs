using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using TalentFunctions.Domain.Applications;
using TalentFunctions.Web.Tests.Infrastructure;
using TalentFunctions.TestSupport;

namespace TalentFunctions.Web.Tests.Web;

[Collection(AzuriteFixture.Collection)]
public sealed class OfferPageTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task The_offer_link_shows_the_offer_in_the_applicants_language_and_the_accept_form_accepts_it_once()
    {
        await using var app = await TestApp.StartAsync(azurite);
        var (id, _, email) = await WebKit.OfferedAsync(app, "zh");
        var offer = (await app.StateAsync(id)).Offer!;
        var mail = Assert.Single(await WebKit.MailAsync(app, email, id), m => m.Kind == "OfferMade");
        var url = WebKit.AppPath(Assert.Single(mail.Links, l => l.Contains("/offer/", StringComparison.Ordinal)))!;
        var before = await app.VersionAndEventCountAsync(id);

        var page = await app.Client.GetAsync(url);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("<html lang=\"zh-Hans\">", html);
        Assert.Contains("录取通知", html);
        Assert.Contains("《雨季 The Rainy Season》", html);
        Assert.Contains("欢迎加入！&lt;b&gt;Welcome&lt;/b&gt;", html);
        Assert.Contains(ReviewPageTests.PageTime(offer.ExpiresAt, "Asia/Shanghai"), html);
        Assert.Contains("<input type=\"hidden\" name=\"response\" value=\"accept\"><button type=\"submit\">接受录取</button>", html);
        Assert.Contains("<input type=\"hidden\" name=\"response\" value=\"decline\">", html);
        Assert.Equal("no-store", page.Headers.CacheControl?.ToString());
        Assert.Equal("no-referrer", page.Headers.GetValues("Referrer-Policy").Single());
        Assert.Equal(before, await app.VersionAndEventCountAsync(id));

        var accepted = await WebKit.PostFormAsync(app.Client, url, new Dictionary<string, string> { ["response"] = "accept" });
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        Assert.Contains("欢迎加入！", await accepted.Content.ReadAsStringAsync());
        Assert.Equal(Stage.Accepted, (await app.StateAsync(id)).Stage);
        Assert.Single(await WebKit.MailAsync(app, WebKit.Program(app).StaffEmail, id), m => m.Kind == "StaffOfferAccepted");
        var after = await app.VersionAndEventCountAsync(id);

        var changedMind = await WebKit.PostFormAsync(app.Client, url, new Dictionary<string, string> { ["response"] = "decline" });
        Assert.Equal(HttpStatusCode.Conflict, changedMind.StatusCode);
        Assert.Contains("您此前已接受该录取", await changedMind.Content.ReadAsStringAsync());
        var again = await app.Client.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Contains("您此前已接受该录取", await again.Content.ReadAsStringAsync());
        Assert.Equal(after, await app.VersionAndEventCountAsync(id));
        Assert.Equal(Stage.Accepted, (await app.StateAsync(id)).Stage);
    }

    [Fact]
    public async Task The_decline_form_declines_in_english_and_a_form_without_a_response_is_shown_again()
    {
        await using var app = await TestApp.StartAsync(azurite);
        var (id, _, _) = await WebKit.OfferedAsync(app, "en");
        var url = "/offer/" + await WebKit.OfferTokenAsync(app, id);

        var page = await app.Client.GetStringAsync(url);
        Assert.Contains("<html lang=\"en\">", page);
        Assert.Contains("Accept the offer", page);
        Assert.Contains("Decline the offer", page);

        var nothing = await WebKit.PostFormAsync(app.Client, url, new Dictionary<string, string> { ["response"] = "maybe" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, nothing.StatusCode);
        Assert.Contains("Choose accept or decline.", await nothing.Content.ReadAsStringAsync());
        Assert.Equal(Stage.Offered, (await app.StateAsync(id)).Stage);

        var declined = await WebKit.PostFormAsync(app.Client, url, new Dictionary<string, string> { ["response"] = "decline" });
        Assert.Equal(HttpStatusCode.OK, declined.StatusCode);
        Assert.Contains("You have declined the offer.", await declined.Content.ReadAsStringAsync());
        Assert.Equal(Stage.OfferDeclined, (await app.StateAsync(id)).Stage);
        Assert.Single(await WebKit.MailAsync(app, WebKit.Program(app).StaffEmail, id), m => m.Kind == "StaffOfferDeclined");
    }

    [Fact]
    public async Task The_json_api_accepts_and_declines_and_answers_409_once_answered_and_422_for_a_bad_body()
    {
        await using var app = await TestApp.StartAsync(azurite);
        var (acceptId, _, _) = await WebKit.OfferedAsync(app, "zh");
        var (declineId, _, _) = await WebKit.OfferedAsync(app, "en");
        var acceptUrl = "/api/offers/" + await WebKit.OfferTokenAsync(app, acceptId);
        var declineUrl = "/api/offers/" + await WebKit.OfferTokenAsync(app, declineId);

        var bad = await app.Client.PostAsJsonAsync(declineUrl, new { response = "perhaps" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, bad.StatusCode);
        Assert.True((await bad.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("response", out _));
        var missing = await app.Client.PostAsJsonAsync(declineUrl, new { });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, missing.StatusCode);
        Assert.Equal(Stage.Offered, (await app.StateAsync(declineId)).Stage);

        var accepted = await app.Client.PostAsJsonAsync(acceptUrl, new { response = "accept" });
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        var body = await accepted.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("accept", body.GetProperty("response").GetString());
        Assert.Equal("Accepted", body.GetProperty("stage").GetString());
        Assert.Equal(Stage.Accepted, (await app.StateAsync(acceptId)).Stage);
        var after = await app.VersionAndEventCountAsync(acceptId);
        var again = await app.Client.PostAsJsonAsync(acceptUrl, new { response = "decline" });
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal("/problems/already-recorded", (await again.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("type").GetString());
        Assert.Equal(after, await app.VersionAndEventCountAsync(acceptId));

        var declined = await app.Client.PostAsJsonAsync(declineUrl, new { response = "decline" });
        Assert.Equal(HttpStatusCode.OK, declined.StatusCode);
        Assert.Equal("OfferDeclined", (await declined.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("stage").GetString());
        Assert.Equal(Stage.OfferDeclined, (await app.StateAsync(declineId)).Stage);

        var reviewToken = WebKit.ReviewToken(app, acceptId, (await app.StateAsync(acceptId)).Assignments[0]);
        var wrongPurpose = await app.Client.PostAsJsonAsync("/api/offers/" + reviewToken, new { response = "accept" });
        Assert.Equal(HttpStatusCode.Forbidden, wrongPurpose.StatusCode);
        Assert.Equal("/problems/link-wrong-page", (await wrongPurpose.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("type").GetString());
    }

    [Fact]
    public async Task An_expired_offer_cannot_be_answered_by_page_or_json()
    {
        await using var app = await TestApp.StartAsync(azurite);
        var (id, _, _) = await WebKit.OfferedAsync(app, "zh");
        var token = await WebKit.OfferTokenAsync(app, id);
        app.Clock.Advance((await app.StateAsync(id)).Offer!.ExpiresAt - app.Clock.GetUtcNow() + TimeSpan.FromMinutes(1));
        var before = await app.VersionAndEventCountAsync(id);

        var page = await app.Client.GetAsync("/offer/" + token);
        Assert.Equal(HttpStatusCode.Gone, page.StatusCode);
        Assert.Contains("录取已过期", await page.Content.ReadAsStringAsync());
        var post = await WebKit.PostFormAsync(app.Client, "/offer/" + token, new Dictionary<string, string> { ["response"] = "accept" });
        Assert.Equal(HttpStatusCode.Gone, post.StatusCode);
        var json = await app.Client.PostAsJsonAsync("/api/offers/" + token, new { response = "accept" });
        Assert.Equal(HttpStatusCode.Conflict, json.StatusCode);
        Assert.Equal("/problems/offer-expired", (await json.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("type").GetString());
        Assert.Equal(before, await app.VersionAndEventCountAsync(id));

        // The expiry timer was set for the offer's real 14 days; the record, read again on the moved clock, is overdue.
        await app.WakeAsync(id);
        Assert.Equal(Stage.OfferExpired, (await app.StateAsync(id)).Stage);
        var later = await app.Client.GetAsync("/offer/" + token);
        Assert.Equal(HttpStatusCode.Gone, later.StatusCode);
        Assert.Contains("该录取通知已过期", await later.Content.ReadAsStringAsync());
    }
}
