using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using TalentFunctions.Web.Tests.Infrastructure;
using TalentFunctions.TestSupport;

namespace TalentFunctions.Web.Tests.Api;

/// <summary>
/// The staff listing's and the CSV export's filters (issue 11): track, school, project language and a weighted score
/// range, served by the index query; bad values are 422 naming the parameter; a continuation token is good only for the
/// filter that issued it.
/// </summary>
[Collection(AzuriteFixture.Collection)]
public sealed class StaffListingFilterTests(AzuriteFixture azurite)
{
    private const string Drafts = "/api/staff/applications?programId=hina-directors&stage=Draft";

    [Fact]
    public async Task Track_school_and_language_filter_the_listing_and_the_CSV_alone_and_combined()
    {
        await using var app = await TestApp.StartAsync(azurite);
        var uscZh = await CreateAsync(app, "original-ip", "USC", "zh");
        var uscEn = await CreateAsync(app, "second-unit", "  usc ", "en");
        var uclaZh = await CreateAsync(app, "second-unit", "UCLA", "zh");
        var writer = await CreateAsync(app, "series-room", "USC", "zh", "chunm-writers");
        await app.SettleAsync();

        Same([uscZh, uscEn, uclaZh], await IdsAsync(app, Drafts));
        Same([uscEn, uclaZh], await IdsAsync(app, Drafts + "&track=second-unit"));
        Same([uscZh, uscEn], await IdsAsync(app, Drafts + "&school=usc"));
        Assert.Equal([uscEn], await IdsAsync(app, Drafts + "&language=EN"));
        Assert.Equal([uclaZh], await IdsAsync(app, Drafts + "&track=second-unit&language=zh"));
        Assert.Equal([uscEn], await IdsAsync(app, Drafts + "&track=second-unit&school=USC&language=en&sort=submittedAt"));
        Assert.Empty(await IdsAsync(app, Drafts + "&track=original-ip&school=UCLA"));
        Assert.DoesNotContain(writer, await IdsAsync(app, Drafts + "&school=usc"));

        // The CSV export: the same filters, over the whole program or one stage.
        Same([uscEn, uclaZh], (await CsvAsync(app, "&track=second-unit")).Select(r => r["applicationId"]));
        Assert.Equal([uscEn], (await CsvAsync(app, "&stage=draft&school=USC&language=en")).Select(r => r["applicationId"]));
        Assert.Empty(await CsvAsync(app, "&stage=Reviewed"));
        Assert.Equal(3, (await CsvAsync(app, "")).Count);
    }

    [Fact]
    public async Task A_score_range_lists_reviewed_applications_by_weighted_score_sorted_or_not()
    {
        await using var app = await TestApp.StartAsync(azurite);
        var high = await StaffReportTests.SubmittedToReviewAsync(app, "score.high@example.com");
        var low = await StaffReportTests.SubmittedToReviewAsync(app, "score.low@example.com");
        await StaffReportTests.ReviewAllAsync(app, high, [4, 4]);
        await StaffReportTests.ReviewAllAsync(app, low, [2, 2]);
        await app.SettleAsync();
        const string reviewed = "/api/staff/applications?programId=hina-directors&stage=Reviewed";

        Assert.Equal([high], await IdsAsync(app, reviewed + "&minScore=3"));
        Assert.Equal([high], await IdsAsync(app, reviewed + "&minScore=4"));
        Assert.Equal([low], await IdsAsync(app, reviewed + "&maxScore=3.5"));
        Assert.Equal([low], await IdsAsync(app, reviewed + "&maxScore=2"));
        Assert.Equal([high, low], await IdsAsync(app, reviewed + "&minScore=1&maxScore=5&sort=score"));
        Assert.Equal([high], await IdsAsync(app, reviewed + "&minScore=2.5&sort=calibratedScore"));
        Assert.Empty(await IdsAsync(app, reviewed + "&minScore=4.5"));
        // Applications without a score are never in a range.
        Assert.Empty(await IdsAsync(app, "/api/staff/applications?programId=hina-directors&stage=InReview&minScore=1"));

        // A filtered row keeps the calibrated score it has unfiltered (calibration reads the whole program).
        var all = await app.Staff.GetFromJsonAsync<JsonElement>(reviewed);
        var filtered = await app.Staff.GetFromJsonAsync<JsonElement>(reviewed + "&minScore=3");
        Assert.Equal(Calibrated(all, high), Calibrated(filtered, high));
        Assert.Equal([high], (await CsvAsync(app, "&minScore=3")).Select(r => r["applicationId"]));
        Assert.Equal(Calibrated(all, high)!.Value.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture),
            (await CsvAsync(app, "&minScore=3")).Single()["calibratedScore"]);
    }

    [Fact]
    public async Task A_bad_filter_value_is_a_422_naming_the_parameter_in_the_listing_and_the_CSV()
    {
        await using var app = await TestApp.StartAsync(azurite);
        foreach (var (query, field) in new[]
                 {
                     ("&track=no-such-track", "track"), ("&track=series-room", "track"), // a track of the other program
                     ("&school=%01bad", "school"), ("&language=Chinese!", "language"),
                     ("&minScore=abc", "minScore"), ("&minScore=0.5", "minScore"), ("&maxScore=6", "maxScore"), ("&maxScore=-1", "maxScore"),
                     ("&minScore=NaN", "minScore"), ("&minScore=1e0", "minScore"), ("&minScore=4&maxScore=3", "minScore"),
                 })
        {
            foreach (var url in new[] { Drafts + query, "/api/staff/applications.csv?programId=hina-directors" + query })
            {
                using var response = await app.Staff.GetAsync(url);
                var problem = await ApiTestKit.AssertProblemAsync(response, 422, "validation-failed", url);
                Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"{url}: {problem}");
            }
        }
        using var stage = await app.Staff.GetAsync("/api/staff/applications.csv?programId=hina-directors&stage=1");
        await ApiTestKit.AssertProblemAsync(stage, 422, "validation-failed", "a CSV stage by number");
    }

    [Fact]
    public async Task A_continuation_token_is_good_only_for_the_filter_that_issued_it()
    {
        await using var app = await TestApp.StartAsync(azurite);
        for (var i = 0; i < 3; i++)
        {
            await CreateAsync(app, "second-unit", "USC", "zh");
        }
        await app.SettleAsync();

        foreach (var sort in new[] { "", "&sort=submittedAt" })
        {
            var filtered = Drafts + "&track=second-unit&pageSize=1" + sort;
            var first = await app.Staff.GetFromJsonAsync<JsonElement>(filtered);
            var token = Uri.EscapeDataString(first.GetProperty("continuationToken").GetString()!);

            using (var same = await app.Staff.GetAsync(filtered + "&continuationToken=" + token))
            {
                Assert.Equal(HttpStatusCode.OK, same.StatusCode);
            }
            foreach (var other in new[] { Drafts + "&pageSize=1" + sort, Drafts + "&track=second-unit&school=USC&pageSize=1" + sort, Drafts + "&track=original-ip&pageSize=1" + sort })
            {
                using var refused = await app.Staff.GetAsync(other + "&continuationToken=" + token);
                var problem = await ApiTestKit.AssertProblemAsync(refused, 422, "validation-failed", other);
                Assert.True(problem.GetProperty("errors").TryGetProperty("continuationToken", out _));
            }
        }
    }

    internal static async Task<string> CreateAsync(TestApp app, string track, string school, string language, string programId = "hina-directors")
    {
        var body = TestApp.CreateBody(WebTestEmail(), programId, track, school);
        body["project"]!["language"] = language;
        using var response = await app.Client.PostAsJsonAsync("/api/applications", body);
        var json = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(response.StatusCode == HttpStatusCode.Created, json.ToString());
        return json.GetProperty("id").GetString()!;
    }

    private static void Same(IEnumerable<string> expected, IEnumerable<string> actual) =>
        Assert.Equal(expected.Order(StringComparer.Ordinal), actual.Order(StringComparer.Ordinal));

    private static string WebTestEmail() => $"filter-{Guid.NewGuid():N}"[..20] + "@example.com";

    private static async Task<List<string>> IdsAsync(TestApp app, string url)
    {
        using var response = await app.Staff.GetAsync(url);
        var page = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{url}: {page}");
        return [.. page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("applicationId").GetString()!)];
    }

    private static double? Calibrated(JsonElement page, string id) =>
        page.GetProperty("items").EnumerateArray().Single(i => i.GetProperty("applicationId").GetString() == id).GetProperty("calibratedScore").GetDouble();

    private static async Task<List<Dictionary<string, string>>> CsvAsync(TestApp app, string query)
    {
        using var response = await app.Staff.GetAsync("/api/staff/applications.csv?programId=hina-directors" + query);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        var rows = StaffReportTests.ParseCsv(Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3));
        return [.. rows.Skip(1).Select(r => rows[0].Zip(r).ToDictionary(p => p.First, p => p.Second))];
    }
}
