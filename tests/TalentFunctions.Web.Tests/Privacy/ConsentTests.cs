using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using TalentFunctions.Domain.Applications;
using TalentFunctions.Web.Tests.Infrastructure;
using TalentFunctions.TestSupport;
using static TalentFunctions.Web.Tests.Api.ApiTestKit;

namespace TalentFunctions.Web.Tests.Privacy;

/// <summary>
/// Consent (issue 13): a create must name the current privacy notice's version (<c>consent.privacyNotice</c>), partial drafts
/// too; it is recorded with the time and shown in the staff detail, its history and the export; <c>GET /api/programs</c>
/// lists the version; <c>/privacy</c> is the notice, in both languages; the portal form asks for it.
/// </summary>
[Collection(AzuriteFixture.Collection)]
public sealed class ConsentTests(AzuriteFixture azurite)
{
    private const string Apps = "/api/applications";

    private static async Task<JsonElement> RefusedAsync(TestApp app, JsonObject body, string because)
    {
        var problem = await AssertProblemAsync(await app.Client.SendAsync(Json(HttpMethod.Post, Apps, body)), 422, "validation-failed", because);
        Assert.True(problem.GetProperty("errors").TryGetProperty("consent.privacyNotice", out var messages), $"{because}: {problem}");
        var message = messages[0].GetString()!;
        Assert.Contains(PrivacyNotice.Version, message, StringComparison.Ordinal); // says the current version
        Assert.Contains("/privacy", message, StringComparison.Ordinal);              // and where to read it
        return problem;
    }

    [Fact]
    public async Task A_create_without_the_current_notice_is_refused_naming_consent_privacyNotice_and_creates_nothing()
    {
        await using var app = await TestApp.StartAsync(azurite);

        var none = TestApp.CreateBody("consent-none@example.com");
        none.Remove("consent");
        await RefusedAsync(app, none, "no consent");

        var empty = TestApp.CreateBody("consent-empty@example.com");
        empty["consent"] = new JsonObject();
        await RefusedAsync(app, empty, "consent without a version");

        var old = TestApp.CreateBody("consent-old@example.com");
        old["consent"] = new JsonObject { ["privacyNotice"] = "2025-01" };
        var problem = await RefusedAsync(app, old, "an older notice");
        Assert.Contains("2025-01", problem.GetProperty("errors").GetProperty("consent.privacyNotice")[0].GetString()!, StringComparison.Ordinal);

        var partial = new JsonObject
        {
            ["programId"] = "hina-directors",
            ["partial"] = true,
            ["applicant"] = new JsonObject { ["email"] = "consent-partial@example.com" },
        };
        await RefusedAsync(app, partial, "a partial draft without consent");

        // Nothing was created: the address is still free for an application (one per email), which accepts the notice.
        none["consent"] = new JsonObject { ["privacyNotice"] = PrivacyNotice.Version };
        using var accepted = await app.Client.SendAsync(Json(HttpMethod.Post, Apps, none));
        Assert.Equal(HttpStatusCode.Created, accepted.StatusCode);
    }

    [Fact]
    public async Task The_notice_accepted_is_recorded_with_the_time_in_the_state_the_staff_detail_and_the_export()
    {
        await using var app = await TestApp.StartAsync(azurite);
        var (id, token) = await app.CreateAsync("consent-given@example.com");

        var state = (await app.Get<TalentFunctions.Workflow.Queries.ApplicationQueries>().GetAsync(id))!;
        Assert.Equal(PrivacyNotice.Version, state.Consent!.PrivacyNotice);
        Assert.Equal(state.CreatedAt, state.Consent.AcceptedAt);

        using var detailResponse = await app.Client.SendAsync(Staff(HttpMethod.Get, $"/api/staff/applications/{id}"));
        var detail = await detailResponse.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(PrivacyNotice.Version, detail.GetProperty("application").GetProperty("consent").GetProperty("privacyNotice").GetString());
        var created = detail.GetProperty("history").EnumerateArray().Single(e => e.GetProperty("type").GetString() == "DraftCreated");
        Assert.Equal(PrivacyNotice.Version, created.GetProperty("data").GetProperty("consent").GetProperty("privacyNotice").GetString());

        using var exportResponse = await app.Client.SendAsync(TestApp.As(token, HttpMethod.Get, $"{Apps}/{id}/export"));
        Assert.Equal(HttpStatusCode.OK, exportResponse.StatusCode);
        var consent = (await exportResponse.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("consent");
        Assert.Equal(PrivacyNotice.Version, consent.GetProperty("privacyNotice").GetString());
        Assert.Equal(state.Consent.AcceptedAt, consent.GetProperty("acceptedAt").GetDateTimeOffset());
    }

    [Fact]
    public async Task The_programs_list_the_notice_to_accept()
    {
        await using var app = await TestApp.StartAsync(azurite);
        var programs = await app.Client.GetFromJsonAsync<JsonElement>("/api/programs");
        Assert.Equal(JsonValueKind.Array, programs.ValueKind);
        Assert.NotEmpty(programs.EnumerateArray());
        foreach (var program in programs.EnumerateArray())
        {
            var notice = program.GetProperty("privacyNotice");
            Assert.Equal(PrivacyNotice.Version, notice.GetProperty("version").GetString());
            Assert.Equal("/privacy", notice.GetProperty("url").GetString());
        }
    }

    [Fact]
    public async Task The_notice_page_says_what_is_collected_who_sees_it_how_long_and_what_goes_abroad_in_both_languages()
    {
        await using var app = await TestApp.StartAsync(azurite);

        using var en = await app.Client.GetAsync("/privacy?lang=en");
        Assert.Equal(HttpStatusCode.OK, en.StatusCode);
        var english = await en.Content.ReadAsStringAsync();
        Assert.Contains("<html lang=\"en\">", english);
        Assert.Contains($"Version {PrivacyNotice.Version}", english);
        foreach (var words in new[] { "What we collect", "Who sees it", "blind", "cycle closes", "/api/applications/{id}/export",
                     "/api/applications/{id}/erasure", "SendGrid", "United States", "Azure AI Translator", "Azure region" })
        {
            Assert.Contains(words, english);
        }
        Assert.DoesNotContain("<script", english);

        using var zh = await app.Client.GetAsync("/privacy?lang=zh");
        var chinese = await zh.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, zh.StatusCode);
        Assert.Contains("<html lang=\"zh-Hans\">", chinese);
        foreach (var words in new[] { "隐私声明", $"版本 {PrivacyNotice.Version}", "我们收集哪些信息", "匿名评审", "境外", "SendGrid", "美国", "Azure AI Translator" })
        {
            Assert.Contains(words, chinese);
        }
        Assert.Contains("href=\"/privacy?lang=en\"", chinese); // the language switch
    }

    [Fact]
    public async Task The_form_asks_for_consent_with_a_checkbox_whose_label_links_to_the_notice()
    {
        await using var app = await TestApp.StartAsync(azurite);
        foreach (var (lang, words) in new[] { ("en", "privacy notice"), ("zh", "隐私声明") })
        {
            var html = await app.Client.GetStringAsync($"/apply/hina-directors?lang={lang}");
            Assert.Contains($"<input type=\"checkbox\" id=\"consent-privacyNotice\" name=\"consent.privacyNotice\" value=\"{PrivacyNotice.Version}\"", html);
            var label = System.Text.RegularExpressions.Regex.Match(html, "<label for=\"consent-privacyNotice\">(.*?)</label>", System.Text.RegularExpressions.RegexOptions.Singleline);
            Assert.True(label.Success, "no label for the consent checkbox");
            Assert.Contains($">{words}</a>", label.Groups[1].Value);
            Assert.Contains("href=\"/privacy\"", label.Groups[1].Value);
            Assert.Contains("\"consentNeeded\":", html); // the script's text for an unticked box
        }
    }
}
