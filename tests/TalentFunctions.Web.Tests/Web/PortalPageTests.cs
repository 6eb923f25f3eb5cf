using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using TalentFunctions.Domain.Programs;
using TalentFunctions.Web.Tests.Infrastructure;
using TalentFunctions.TestSupport;

namespace TalentFunctions.Web.Tests.Web;

/// <summary>The applicant portal's pages (issue 11): the open programs, the form, the form from the resume link, the script.</summary>
[Collection(AzuriteFixture.Collection)]
public sealed partial class PortalPageTests(AzuriteFixture azurite)
{
    private static async Task<(HttpResponseMessage Response, string Html)> GetAsync(TestApp app, string url, string? acceptLanguage = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (acceptLanguage is not null)
        {
            request.Headers.Add("Accept-Language", acceptLanguage);
        }
        var response = await app.Client.SendAsync(request);
        return (response, await response.Content.ReadAsStringAsync());
    }

    private static string Csp(HttpResponseMessage response) => response.Headers.GetValues("Content-Security-Policy").Single();

    [Fact]
    public async Task The_home_page_lists_the_open_programs_in_the_visitors_language_with_the_deadline_in_UTC_for_the_script()
    {
        await using var app = await TestApp.StartAsync(azurite);
        var hina = app.Get<ProgramCatalog>().Get("hina-directors")!;

        var (response, html) = await GetAsync(app, "/", "zh-CN,zh;q=0.9,en;q=0.8");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("<html lang=\"zh-Hans\">", html);
        Assert.Contains(hina.Name.Zh, html);
        Assert.Contains(hina.Name.En, html);
        Assert.Contains("href=\"/apply/hina-directors\"", html);
        Assert.Contains($"<time datetime=\"{hina.Deadline.UtcDateTime:yyyy-MM-dd'T'HH:mm:ss'Z'}\" data-local>", html);
        Assert.Contains("作品集视频", html); // required materials, named in the page's language
        Assert.Contains("<script src=\"/assets/portal.js\" defer></script>", html);
        Assert.Contains("script-src 'self'", Csp(response));
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());

        var (_, english) = await GetAsync(app, "/");
        Assert.Contains("<html lang=\"en\">", english); // no Accept-Language: English
        Assert.Contains("Apply to a film talent program", english);
        var (_, chosen) = await GetAsync(app, "/?lang=zh");
        Assert.Contains("申请电影人才计划", chosen);
    }

    [Fact]
    public async Task The_form_names_fields_by_JSON_path_labels_every_input_and_allows_scripts_and_uploads_only_on_its_page()
    {
        await using var app = await TestApp.StartAsync(azurite);

        var (response, html) = await GetAsync(app, "/apply/hina-directors?lang=en");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        foreach (var name in new[] { "applicant.name", "applicant.email", "applicant.preferredLanguage", "applicant.school", "applicant.graduationYear",
                     "track", "project.title", "project.logline", "project.synopsis", "project.language", "project.format", "reel", "consent.privacyNotice" })
        {
            var id = Regex.Match(html, $"name=\"{Regex.Escape(name)}\"").Success
                ? Regex.Match(html, $"id=\"([^\"]+)\" name=\"{Regex.Escape(name)}\"").Groups[1].Value
                : "";
            Assert.False(id.Length == 0, $"no input named {name}");
            Assert.Contains($"<label for=\"{id}\"", html);
        }
        Assert.Contains("id=\"save-status\" role=\"status\" aria-live=\"polite\"", html);
        Assert.Contains("id=\"submit-application\"", html);
        Assert.Contains("id=\"withdraw-application\"", html);
        Assert.Contains("Please keep your name off the script", html); // a blind program's note
        Assert.Contains("<option value=\"short-drama\">", html);

        var csp = Csp(response);
        Assert.Contains("script-src 'self'", csp);
        Assert.Matches(@"connect-src 'self' http://127\.0\.0\.1:\d+;", csp);
        Assert.DoesNotContain("unsafe", csp);

        var (missing, missingHtml) = await GetAsync(app, "/apply/no-such-program");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Contains("未找到", missingHtml);
    }

    [Fact]
    public async Task A_Chinese_form_gives_its_script_the_Chinese_explanation_of_each_problem_code_and_an_English_one_none()
    {
        await using var app = await TestApp.StartAsync(azurite);

        var chinese = ScriptTexts((await GetAsync(app, "/apply/hina-directors?lang=zh")).Html);
        var english = ScriptTexts((await GetAsync(app, "/apply/hina-directors?lang=en")).Html);

        var refusals = chinese["refusals"]!.AsObject();
        Assert.Equal(TalentFunctions.Web.Pages.PageProblem.Refusals.Count, refusals.Count);
        Assert.Equal("文件上传后未通过检查，已被删除。请检查文件后重新上传。", (string?)refusals["material-rejected"]);
        Assert.Equal("本期申请的截止时间已过。", (string?)refusals["deadline-passed"]);
        Assert.Equal("未保存：", (string?)chinese["saveRefused"]);
        Assert.Empty(english["refusals"]!.AsObject()); // the API's own English is the English page's text
        Assert.Equal("Not saved:", (string?)english["saveRefused"]);
    }

    private static JsonObject ScriptTexts(string html) =>
        JsonNode.Parse(Regex.Match(html, "<script type=\"application/json\" id=\"portal-text\">(.*?)</script>", RegexOptions.Singleline).Groups[1].Value)!.AsObject();

    [Fact]
    public async Task The_resume_link_opens_the_form_prefilled_with_the_draft_encoded_and_changes_nothing()
    {
        await using var app = await TestApp.StartAsync(azurite);
        var email = WebKit.UniqueEmail("portal");
        var body = TestApp.CreateBody(email);
        body["applicant"]!["name"] = "林<b>\"小雨\"</b>";
        body["project"]!["title"] = "雨季 <script>alert(1)</script>";
        using var created = await app.Client.PostAsJsonAsync("/api/applications", body);
        var id = (await created.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<string>();
        var started = Assert.Single(await WebKit.MailAsync(app, email, id), m => m.Kind == "DraftStarted");
        var statusUrl = WebKit.AppPath(Assert.Single(started.Links, l => l.Contains("/applications/", StringComparison.Ordinal)))!;
        var before = await app.VersionAndEventCountAsync(id);

        var (statusResponse, status) = await GetAsync(app, statusUrl);
        Assert.DoesNotContain("script-src", Csp(statusResponse)); // other pages keep their strict policy
        var editUrl = WebUtility.HtmlDecode(Regex.Match(status, "id=\"continue-application\" href=\"([^\"]+)\"").Groups[1].Value);
        Assert.StartsWith($"/applications/{id}/edit?token=", editUrl);

        var (response, html) = await GetAsync(app, editUrl);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("<html lang=\"zh-Hans\">", html); // the applicant's language
        Assert.Contains($"data-application-id=\"{id}\"", html);
        Assert.Contains("value=\"林&lt;b&gt;&quot;小雨&quot;&lt;/b&gt;\"", html);
        Assert.Contains("雨季 &lt;script&gt;alert(1)&lt;/script&gt;", html);
        Assert.DoesNotContain("<script>alert(1)", html);
        Assert.Contains("<option value=\"short\" selected>", html);
        Assert.Contains("<option value=\"original-ip\" selected>", html);
        Assert.Contains("value=\"2024\"", html);
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        var (english, englishHtml) = await GetAsync(app, editUrl + "&lang=en");
        Assert.Contains("<html lang=\"en\">", englishHtml);

        var (tampered, _) = await GetAsync(app, $"/applications/{id}/edit?token=nope");
        Assert.Equal(HttpStatusCode.BadRequest, tampered.StatusCode);
        Assert.Equal(before, await app.VersionAndEventCountAsync(id));
    }

    [Fact]
    public async Task The_asset_route_serves_only_its_list_with_type_and_caching_headers()
    {
        await using var app = await TestApp.StartAsync(azurite);

        using var script = await app.Client.GetAsync("/assets/portal.js");
        Assert.Equal(HttpStatusCode.OK, script.StatusCode);
        Assert.Equal("text/javascript", script.Content.Headers.ContentType?.MediaType);
        Assert.Equal("public, max-age=3600", script.Headers.CacheControl?.ToString());
        Assert.NotNull(script.Headers.ETag);
        Assert.Equal("nosniff", script.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Contains("comp=blocklist", await script.Content.ReadAsStringAsync());

        using var again = new HttpRequestMessage(HttpMethod.Get, "/assets/portal.js");
        again.Headers.IfNoneMatch.Add(script.Headers.ETag!);
        Assert.Equal(HttpStatusCode.NotModified, (await app.Client.SendAsync(again)).StatusCode);

        foreach (var name in new[] { "nope.js", "PORTAL.JS", "..%2Fappsettings.json", "TalentFunctions.Web.dll" })
        {
            using var response = await app.Client.GetAsync("/assets/" + name);
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        }
    }
}
