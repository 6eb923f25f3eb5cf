using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using TalentFunctions.Domain.Applications;
using TalentFunctions.Domain.Programs;
using TalentFunctions.Web.Pages;
using TalentFunctions.Web.Tests.Api;
using TalentFunctions.Web.Tests.Infrastructure;
using TalentFunctions.Web.Tests.Web;
using TalentFunctions.Workflow.Commands;
using TalentFunctions.TestSupport;

namespace TalentFunctions.Web.Tests.StaffConsole;

/// <summary>
/// The staff console's application pages (issue 11): the filtered list with raw and calibrated scores and the bulk
/// release, the detail page with media through read-only SAS, and the action forms, which answer as the JSON endpoints do.
/// </summary>
[Collection(AzuriteFixture.Collection)]
public sealed partial class ConsoleApplicationsTests(AzuriteFixture azurite)
{
    private const string Reviewed = "/console/applications?programId=hina-directors&stage=Reviewed";

    [Fact]
    public async Task The_list_shows_raw_and_calibrated_scores_filters_in_both_languages_and_releases_recorded_decisions()
    {
        var catalog = TestApp.Programs("hina-directors", p => p with { Decisions = new DecisionSettings(TestApp.Start + TimeSpan.FromDays(30)) });
        await using var app = await TestApp.StartAsync(azurite, services: s => s.AddSingleton(catalog));
        var high = await StaffReportTests.SubmittedToReviewAsync(app, "console.high@example.com");
        var low = await StaffReportTests.SubmittedToReviewAsync(app, "console.low@example.com");
        await StaffReportTests.ReviewAllAsync(app, high, [4, 4]);
        await StaffReportTests.ReviewAllAsync(app, low, [2, 2]);
        await app.SettleAsync();
        var json = await app.Staff.GetFromJsonAsync<JsonElement>("/api/staff/applications?programId=hina-directors&stage=Reviewed");

        var (en, enResponse) = await PageAsync(app.Staff, Reviewed + "&lang=en");
        Assert.Equal(HttpStatusCode.OK, enResponse.StatusCode);
        Assert.Contains("<html lang=\"en\"", en);
        Assert.Contains("default-src 'none'", enResponse.Headers.GetValues("Content-Security-Policy").Single());
        Assert.Contains("tf-lang=en", string.Join(';', enResponse.Headers.GetValues("Set-Cookie")));
        foreach (var item in json.GetProperty("items").EnumerateArray())
        {
            var row = Row(en, item.GetProperty("applicationId").GetString()!);
            Assert.Contains($"class=\"score\">{item.GetProperty("weightedScore").GetDouble().ToString("0.00", CultureInfo.InvariantCulture)}<", row);
            Assert.Contains($"class=\"calibrated-score\">{item.GetProperty("calibratedScore").GetDouble().ToString("0.00", CultureInfo.InvariantCulture)}<", row);
        }
        Assert.Contains(Html.Encode(ScoreCalibrationExplanation("en")), en);
        foreach (var id in new[] { "filters", "programId", "stage", "track", "school", "language", "minScore", "maxScore", "sort", "apply-filters", "export-csv", "sort-score", "sort-calibrated", "language-switch" })
        {
            Assert.Contains($"id=\"{id}\"", en);
        }

        var (zh, _) = await PageAsync(app.Staff, Reviewed + "&lang=zh");
        Assert.Contains("<html lang=\"zh-Hans\"", zh);
        Assert.Contains(ConsoleApplicationsText.Zh.ListTitle, zh);
        Assert.Contains(Html.Encode(ScoreCalibrationExplanation("zh")), zh);
        Assert.Contains("class=\"score\">4.00<", Row(zh, high));

        // Filters: the same as the API's; the CSV link carries them.
        var (filtered, _) = await PageAsync(app.Staff, Reviewed + "&minScore=3&track=&school=&sort=calibratedScore&lang=en");
        Assert.Contains($"id=\"row-{high}\"", filtered);
        Assert.DoesNotContain($"id=\"row-{low}\"", filtered);
        Assert.Contains("href=\"/api/staff/applications.csv?programId=hina-directors&amp;stage=Reviewed&amp;minScore=3&amp;sort=calibratedScore\"", filtered);
        var (bad, badResponse) = await PageAsync(app.Staff, Reviewed + "&minScore=abc&lang=en");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, badResponse.StatusCode);
        Assert.Contains("id=\"problem\"", bad);
        Assert.Contains("minScore must be a number", bad);
        Assert.Equal(HttpStatusCode.OK, (await app.Staff.GetAsync("/console/applications")).StatusCode); // defaults: the first program, Reviewed
        Assert.Equal(HttpStatusCode.Redirect, (await app.CreateBrowser().GetAsync(Reviewed)).StatusCode); // to the sign-in page

        // A decision before the release date is recorded; the list offers to release it now.
        var staff = app.StaffWithoutRedirects();
        var (detail, _) = await PageAsync(staff, $"/console/applications/{high}?lang=en");
        var offer = await PostAsync(staff, $"/console/applications/{high}/decision", detail, "decision-form", new() { ["decision"] = "offer" });
        Assert.Equal(HttpStatusCode.SeeOther, offer.StatusCode);
        Assert.Equal(StaffDecision.Offer, (await app.StateAsync(high)).PendingDecision?.Decision);
        var (pending, _) = await PageAsync(staff, $"/console/applications/{high}?done=offer&lang=en");
        Assert.Contains("id=\"pending-decision\"", pending);
        Assert.Contains("id=\"release-date\"", pending);
        Assert.Contains("id=\"flash\"", pending);
        await app.SettleAsync();
        var (releasable, _) = await PageAsync(staff, Reviewed + "&lang=en");
        Assert.Contains($"id=\"select-{high}\"", releasable);
        Assert.DoesNotContain($"id=\"select-{low}\"", releasable);
        Assert.Contains("id=\"release-selected\"", releasable);

        // No GET changed anything.
        var before = (await app.VersionAndEventCountAsync(high), await app.VersionAndEventCountAsync(low));
        foreach (var url in new[] { Reviewed, Reviewed + "&sort=score", $"/console/applications/{high}?done=offer", $"/console/applications/{low}", "/console/applications?programId=hina-directors&stage=Reviewed&minScore=3" })
        {
            await app.Staff.GetAsync(url);
        }
        Assert.Equal(before, (await app.VersionAndEventCountAsync(high), await app.VersionAndEventCountAsync(low)));

        var released = await PostAsync(staff, "/console/decisions/release", releasable, "release-form", new() { ["applicationIds"] = high });
        var releasedPage = await released.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, released.StatusCode);
        Assert.Contains(ConsoleApplicationsText.En.Released, Between(releasedPage, $"id=\"released-{high}\"", "</tr>"));
        Assert.Equal(Stage.Offered, (await app.StateAsync(high)).Stage);
        // The same form sent again is the same release; another release finds nothing pending.
        var version = (await app.StateAsync(high)).Version;
        var resent = await PostAsync(staff, "/console/decisions/release", releasable, "release-form", new() { ["applicationIds"] = high });
        Assert.Contains(ConsoleApplicationsText.En.Released, Between(await resent.Content.ReadAsStringAsync(), $"id=\"released-{high}\"", "</tr>"));
        Assert.Equal(version, (await app.StateAsync(high)).Version);
        var again = await WebKit.PostFormAsync(staff, "/console/decisions/release", new Dictionary<string, string> { ["applicationIds"] = high });
        Assert.Contains(ConsoleApplicationsText.En.NotReleased, Between(await again.Content.ReadAsStringAsync(), $"id=\"released-{high}\"", "</tr>"));
        var none = await WebKit.PostFormAsync(staff, "/console/decisions/release", new Dictionary<string, string> { ["programId"] = "hina-directors" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, none.StatusCode);
        Assert.Contains("applicationIds must list", await none.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_detail_page_shows_profile_project_reviews_scores_and_timeline_and_plays_the_materials_through_read_only_SAS()
    {
        await using var app = await TestApp.StartAsync(azurite);
        var (id, _, email) = await WebKit.InReviewAsync(app, "zh");
        await StaffReportTests.ReviewAllAsync(app, id, [4, 2]);
        await app.SettleAsync();
        var json = await app.Staff.GetFromJsonAsync<JsonElement>($"/api/staff/applications/{id}");

        var (en, response) = await PageAsync(app.Staff, $"/console/applications/{id}?lang=en");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        foreach (var text in new[] { "林小雨", email, "雨季 The Rainy Season", "USC", "很好。", ConsoleApplicationsText.En.Reviews, PageText.En.MaterialsHeading,
                     ConsoleApplicationsText.En.ConsentLabel, TalentFunctions.Domain.Applications.PrivacyNotice.Version })
        {
            Assert.Contains(Html.Encode(text), en);
        }
        Assert.Contains("id=\"weighted-score\">3.00<", en);
        Assert.Contains($"id=\"calibrated-score\">{json.GetProperty("scores").GetProperty("calibratedScore").GetDouble().ToString("0.00", CultureInfo.InvariantCulture)}<", en);
        Assert.Contains(Html.Encode(ScoreCalibrationExplanation("en")), en);
        foreach (var mentor in (await app.StateAsync(id)).Assignments.Select(a => WebKit.Program(app).FindMentor(a.MentorId)!.Name))
        {
            Assert.Contains(Html.Encode(mentor), en);
        }
        Assert.Contains("id=\"timeline\"", en);
        Assert.Contains("<span class=\"actor\">applicant</span>", en);

        // The reel plays and the script reads through short-lived read-only SAS from the storage origin the CSP allows.
        var sources = WebKit.MediaSources(en);
        Assert.Equal(2, sources.Count);
        var csp = response.Headers.GetValues("Content-Security-Policy").Single();
        foreach (var source in sources)
        {
            var url = new Uri(source);
            Assert.Contains("sp=r&", url.Query + "&");
            Assert.Contains($"media-src {url.GetLeftPart(UriPartial.Authority)}", csp);
            Assert.Contains($"frame-src {url.GetLeftPart(UriPartial.Authority)}", csp);
            Assert.Equal(HttpStatusCode.OK, (await TestApp.Storage.GetAsync(url)).StatusCode);
        }
        Assert.Contains("<video", en);
        Assert.Contains("<iframe", en);

        var (zh, _) = await PageAsync(app.Staff, $"/console/applications/{id}?lang=zh");
        Assert.Contains("<html lang=\"zh-Hans\"", zh);
        Assert.Contains(PageText.Zh.MaterialsHeading, zh);
        Assert.Contains(ConsoleApplicationsText.Zh.CalibratedScore, zh);
        Assert.Contains(Html.Encode(ScoreCalibrationExplanation("zh")), zh);

        foreach (var missing in new[] { "/console/applications/app-0000000000000000000000", "/console/applications/not-an-id" })
        {
            var (page, notFound) = await PageAsync(app.Staff, missing + "?lang=en");
            Assert.Equal(HttpStatusCode.NotFound, notFound.StatusCode);
            Assert.Contains(ConsoleApplicationsText.En.NotFoundTitle, page);
        }
    }

    [Fact]
    public async Task Each_form_action_answers_as_its_JSON_endpoint_and_cross_site_posts_are_refused()
    {
        var catalog = TestApp.Programs("hina-directors", p => p with { CohortCapacity = 1 });
        await using var app = await TestApp.StartAsync(azurite, services: s => s.AddSingleton(catalog));
        var first = await StaffReportTests.SubmittedToReviewAsync(app, "form.first@example.com");
        var second = await StaffReportTests.SubmittedToReviewAsync(app, "form.second@example.com");
        await StaffReportTests.ReviewAllAsync(app, first, [4, 4]);
        await StaffReportTests.ReviewAllAsync(app, second, [3, 3]);
        await app.SettleAsync();
        var staff = app.StaffWithoutRedirects();

        // Offer: 303 back to the page, which says so; the timeline names the staff actor.
        var (page, _) = await PageAsync(staff, $"/console/applications/{first}?lang=en");
        Assert.Contains(Html.Encode(ConsoleApplicationsText.En.SeatsLeft(free: 1, capacity: 1)), page);
        var offer = await PostAsync(staff, $"/console/applications/{first}/decision", page, "decision-form", new() { ["decision"] = "offer", ["note"] = "欢迎！" });
        Assert.Equal(HttpStatusCode.SeeOther, offer.StatusCode);
        Assert.Equal($"/console/applications/{first}?done=offer", offer.Headers.Location?.OriginalString);
        Assert.Equal(Stage.Offered, (await app.StateAsync(first)).Stage);
        var (after, _) = await PageAsync(staff, offer.Headers.Location!.OriginalString + "&lang=en");
        Assert.Contains(Html.Encode(ConsoleApplicationsText.En.DoneMessage("offer")!), after);
        Assert.Contains($"<span class=\"actor\">{Security.StaffActor.ApiKey}</span>", after);

        // The cohort is full: the same problem as the JSON endpoint's, nothing written.
        (page, _) = await PageAsync(staff, $"/console/applications/{second}?lang=en");
        var version = (await app.StateAsync(second)).Version;
        var full = await PostAsync(staff, $"/console/applications/{second}/decision", page, "decision-form", new() { ["decision"] = "offer" });
        var api = await app.Staff.PostAsJsonAsync($"/api/staff/applications/{second}/decision", new { decision = "offer" });
        await AssertSameProblemAsync(api, full, "cohort-full");
        Assert.Equal(version, (await app.StateAsync(second)).Version);
        Assert.Equal(1, (await app.Staff.GetFromJsonAsync<JsonElement>("/api/staff/dashboard?programId=hina-directors")).GetProperty("seatsHeld").GetInt32());

        // No decision chosen: the JSON endpoint's 422.
        await AssertSameProblemAsync(
            await app.Staff.PostAsJsonAsync($"/api/staff/applications/{second}/decision", new { note = "" }),
            await PostAsync(staff, $"/console/applications/{second}/decision", page, "decision-form", new() { ["decision"] = "maybe" }), "validation-failed");

        // Waitlist, sent twice from the same form: one command.
        var waitlist = await PostAsync(staff, $"/console/applications/{second}/decision", page, "decision-form", new() { ["decision"] = "waitlist" });
        Assert.Equal(HttpStatusCode.SeeOther, waitlist.StatusCode);
        var waitlisted = await app.StateAsync(second);
        Assert.Equal(Stage.Waitlisted, waitlisted.Stage);
        var twice = await PostAsync(staff, $"/console/applications/{second}/decision", page, "decision-form", new() { ["decision"] = "waitlist" });
        Assert.Equal(HttpStatusCode.SeeOther, twice.StatusCode);
        Assert.Equal(waitlisted.Version, (await app.StateAsync(second)).Version);

        // Resolve attention: what the JSON endpoint does, and refuses.
        Assert.IsType<CommandApplied>(await app.Get<ApplicationCommands>().ExecuteAsync(second, new FlagNeedsAttention("flag-test", "runtime", "email-failed", NotifyStaff: false)));
        (page, _) = await PageAsync(staff, $"/console/applications/{second}?lang=en");
        Assert.Contains("id=\"resolve-0\"", page);
        var resolve = await PostAsync(staff, $"/console/applications/{second}/resolve-attention", page, "resolve-form-0", []);
        Assert.Equal(HttpStatusCode.SeeOther, resolve.StatusCode);
        Assert.Empty((await app.StateAsync(second)).NeedsAttention);
        await AssertSameProblemAsync(
            await app.Staff.PostAsJsonAsync($"/api/staff/applications/{second}/resolve-attention", new { reason = " " }),
            await WebKit.PostFormAsync(staff, $"/console/applications/{second}/resolve-attention", new Dictionary<string, string> { ["reason"] = " " }), "validation-failed");

        // Screening override and assigning mentors: refused here as by the JSON endpoints (an offered application).
        (page, _) = await PageAsync(staff, $"/console/applications/{first}?lang=en");
        await AssertSameProblemAsync(
            await app.Staff.PostAsJsonAsync($"/api/staff/applications/{first}/screening-override", new { outcome = "pass" }),
            await PostAsync(staff, $"/console/applications/{first}/screening-override", page, "override-form", new() { ["outcome"] = "pass", ["note"] = "" }), "validation-failed");
        await AssertSameProblemAsync(
            await app.Staff.PostAsJsonAsync($"/api/staff/applications/{first}/screening-override", new { outcome = "pass", note = "Checked the transcript." }),
            await PostAsync(staff, $"/console/applications/{first}/screening-override", page, "override-form", new() { ["outcome"] = "pass", ["note"] = "Checked the transcript." }), null);
        var assignApi = await app.Staff.PostAsync($"/api/staff/applications/{first}/assign-mentors", null);
        var assignForm = await PostAsync(staff, $"/console/applications/{first}/assign-mentors", page, "assign-form", []);
        if (assignApi.StatusCode == HttpStatusCode.OK)
        {
            Assert.Equal(HttpStatusCode.SeeOther, assignForm.StatusCode);
        }
        else
        {
            await AssertSameProblemAsync(assignApi, assignForm, null);
        }

        // From another site, or not a form: refused, nothing changes. An unknown application: the not-found page.
        version = (await app.StateAsync(second)).Version;
        foreach (var (header, value) in new[] { ("Sec-Fetch-Site", "cross-site"), ("Origin", "https://evil.example") })
        {
            var crossSite = await WebKit.PostFormAsync(staff, $"/console/applications/{second}/decision", new Dictionary<string, string> { ["decision"] = "reject" },
                new Dictionary<string, string> { [header] = value });
            Assert.Equal(HttpStatusCode.Forbidden, crossSite.StatusCode);
            Assert.Contains(ConsoleApplicationsText.En.CrossSiteTitle, await crossSite.Content.ReadAsStringAsync());
            var crossRelease = await WebKit.PostFormAsync(staff, "/console/decisions/release", new Dictionary<string, string> { ["applicationIds"] = second },
                new Dictionary<string, string> { [header] = value });
            Assert.Equal(HttpStatusCode.Forbidden, crossRelease.StatusCode);
        }
        var notForm = await staff.PostAsJsonAsync($"/console/applications/{second}/decision", new { decision = "reject" });
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, notForm.StatusCode);
        Assert.Equal(version, (await app.StateAsync(second)).Version);
        var unknown = await WebKit.PostFormAsync(staff, "/console/applications/app-0000000000000000000000/decision", new Dictionary<string, string> { ["decision"] = "reject" });
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect,
            (await WebKit.PostFormAsync(app.CreateBrowser(), $"/console/applications/{second}/decision", new Dictionary<string, string> { ["decision"] = "reject" })).StatusCode);
        Assert.Equal(version, (await app.StateAsync(second)).Version);
    }

    [Fact]
    public async Task A_refusal_on_a_Chinese_console_page_is_explained_in_Chinese()
    {
        await using var app = await TestApp.StartAsync(azurite);
        var (id, _, _) = await WebKit.InReviewAsync(app, "zh");
        var staff = app.StaffWithoutRedirects();

        // Deciding an application still in review: the domain refuses (not-reviewed); the page is in Chinese (the choice
        // is remembered from ?lang=zh), so is the reason.
        var (page, _) = await PageAsync(staff, $"/console/applications/{id}?lang=zh");
        var version = (await app.StateAsync(id)).Version;
        var refused = await PostAsync(staff, $"/console/applications/{id}/decision", page, "decision-form", new() { ["decision"] = "reject" });

        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        var html = await refused.Content.ReadAsStringAsync();
        Assert.Contains("<html lang=\"zh-Hans\"", html);
        var alert = Between(html, "id=\"problem\"", "</section>");
        Assert.Contains($"data-code=\"{RefusalCodes.NotReviewed}\"", "id=\"problem\"" + alert);
        var texts = PageProblem.ForRefusal(RefusalCodes.NotReviewed)!;
        Assert.Contains(Html.Encode(ConsoleApplicationsText.Zh.Refused + "：" + texts.Title.Zh), alert);
        Assert.Contains(Html.Encode(texts.Message.Zh), alert);
        Assert.DoesNotContain("Only a reviewed", alert, StringComparison.Ordinal); // the domain's English sentence
        Assert.Equal(version, (await app.StateAsync(id)).Version);

        // The bulk release of an application with no recorded decision: its row says why, in Chinese.
        var released = await WebKit.PostFormAsync(staff, "/console/decisions/release", new Dictionary<string, string> { ["applicationIds"] = id, ["programId"] = "hina-directors" },
            new Dictionary<string, string> { ["Sec-Fetch-Site"] = "same-origin" });
        Assert.Equal(HttpStatusCode.OK, released.StatusCode);
        var row = Between(await released.Content.ReadAsStringAsync(), $"id=\"released-{id}\"", "</tr>");
        Assert.Contains(Html.Encode(PageProblem.ForRefusal(RefusalCodes.NoPendingDecision)!.Title.Zh), row);
        Assert.DoesNotContain("There is no decision", row, StringComparison.Ordinal);

        // The same refusal on an English page keeps the API's own words.
        (page, _) = await PageAsync(staff, $"/console/applications/{id}?lang=en");
        var english = await (await PostAsync(staff, $"/console/applications/{id}/decision", page, "decision-form", new() { ["decision"] = "reject" })).Content.ReadAsStringAsync();
        Assert.Contains("Only a reviewed", Between(english, "id=\"problem\"", "</section>"), StringComparison.Ordinal);
    }

    /// <summary>The console page shows the JSON endpoint's problem: same status, its title and detail in the alert.</summary>
    private static async Task AssertSameProblemAsync(HttpResponseMessage api, HttpResponseMessage form, string? code)
    {
        var problem = await api.Content.ReadFromJsonAsync<JsonElement>();
        var page = await form.Content.ReadAsStringAsync();
        Assert.True((int)api.StatusCode >= 400, $"the JSON endpoint answered {(int)api.StatusCode}: {problem}");
        Assert.Equal(api.StatusCode, form.StatusCode);
        if (code is not null)
        {
            Assert.Equal("/problems/" + code, problem.GetProperty("type").GetString());
        }
        var alert = Between(page, "id=\"problem\"", "</section>");
        Assert.Contains($"data-code=\"{problem.GetProperty("code").GetString()}\"", "id=\"problem\"" + alert);
        Assert.Contains(Html.Encode(problem.GetProperty("title").GetString()), alert);
        if (problem.TryGetProperty("detail", out var detail))
        {
            Assert.Contains(Html.Encode(detail.GetString()), alert);
        }
    }

    private static async Task<(string Html, HttpResponseMessage Response)> PageAsync(HttpClient client, string url)
    {
        var response = await client.GetAsync(url);
        return (await response.Content.ReadAsStringAsync(), response);
    }

    /// <summary>Posts the form <paramref name="formId"/> of <paramref name="page"/> as a browser would: its hidden fields, plus <paramref name="fields"/>.</summary>
    private static Task<HttpResponseMessage> PostAsync(HttpClient client, string action, string page, string formId, Dictionary<string, string> fields)
    {
        var form = Between(page, $"id=\"{formId}\"", "</form>");
        var values = HiddenField().Matches(form).ToDictionary(m => WebUtility.HtmlDecode(m.Groups["name"].Value), m => WebUtility.HtmlDecode(m.Groups["value"].Value));
        foreach (var (name, value) in fields)
        {
            values[name] = value;
        }
        Assert.Contains($"action=\"{action}\"", page);
        return WebKit.PostFormAsync(client, action, values, new Dictionary<string, string> { ["Sec-Fetch-Site"] = "same-origin" });
    }

    private static string Row(string html, string id) => Between(html, $"id=\"row-{id}\"", "</tr>");

    private static string Between(string html, string start, string end)
    {
        var from = html.IndexOf(start, StringComparison.Ordinal);
        Assert.True(from >= 0, $"no {start} in the page");
        var to = html.IndexOf(end, from, StringComparison.Ordinal);
        return html[from..(to < 0 ? html.Length : to)];
    }

    private static string ScoreCalibrationExplanation(string language) => TalentFunctions.Web.Api.ScoreCalibrationView.Current.Explanation.For(language);

    [GeneratedRegex("<input type=\"hidden\" name=\"(?<name>[^\"]+)\" value=\"(?<value>[^\"]*)\">")]
    private static partial Regex HiddenField();
}
