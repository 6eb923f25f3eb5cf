using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using TalentFunctions.Domain.Applications;
using TalentFunctions.Domain.Programs;
using TalentFunctions.Web.Endpoints;
using TalentFunctions.Web.Tests.Infrastructure;
using TalentFunctions.Workflow;
using TalentFunctions.Workflow.Commands;
using TalentFunctions.TestSupport;

namespace TalentFunctions.Web.Tests.Api;

/// <summary>The staff dashboard, the CSV export and paging through the staff listing.</summary>
[Collection(AzuriteFixture.Collection)]
public sealed class StaffReportTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task The_dashboard_counts_stages_reviews_and_scores_of_one_program()
    {
        await using var app = await TestApp.StartAsync(azurite);
        await app.CreateAsync("draft.one@example.com");
        await app.CreateAsync("draft.two@example.com");
        await app.CreateAsync("writer@example.com", "chunm-writers", "feature-development");
        var (withdrawn, withdrawnToken) = await app.CreateAsync("withdrawn@example.com");
        Assert.Equal(HttpStatusCode.Accepted, (await app.Client.SendAsync(TestApp.As(withdrawnToken, HttpMethod.Post, $"/api/applications/{withdrawn}/withdraw"))).StatusCode);
        var reviewed = await SubmittedToReviewAsync(app, "in.review@example.com");

        var dashboard = await DashboardAsync(app);
        Assert.Equal(4, dashboard.GetProperty("total").GetInt32());
        var counts = dashboard.GetProperty("countsByStage");
        Assert.Equal(2, counts.GetProperty("Draft").GetInt32());
        Assert.Equal(1, counts.GetProperty("InReview").GetInt32());
        Assert.Equal(1, counts.GetProperty("Withdrawn").GetInt32());
        Assert.Equal(0, counts.GetProperty("Accepted").GetInt32());
        Assert.Equal(2, dashboard.GetProperty("reviewsOpen").GetInt32());
        Assert.Equal(0, dashboard.GetProperty("reviewsDueSoon").GetInt32());
        Assert.Equal(0, dashboard.GetProperty("reviewsOverdue").GetInt32());
        Assert.False(dashboard.TryGetProperty("meanWeightedScore", out _), "no score before any review");

        var window = app.Get<ProgramCatalog>().Get("hina-directors")!.ReviewWindowDays;
        app.Clock.Advance(TimeSpan.FromDays(window) - TimeSpan.FromHours(24));
        Assert.Equal(2, (await DashboardAsync(app)).GetProperty("reviewsDueSoon").GetInt32());
        app.Clock.Advance(TimeSpan.FromHours(25));
        var late = await DashboardAsync(app);
        Assert.Equal(2, late.GetProperty("reviewsOverdue").GetInt32());
        Assert.Equal(0, late.GetProperty("reviewsDueSoon").GetInt32());

        // Two reviews, every criterion 4 and 2: the weighted score is their mean, 3.
        await ReviewAllAsync(app, reviewed, [4, 2]);
        var scored = await DashboardAsync(app);
        Assert.Equal(1, scored.GetProperty("countsByStage").GetProperty("Reviewed").GetInt32());
        Assert.Equal(0, scored.GetProperty("reviewsOpen").GetInt32());
        Assert.Equal(3.0, scored.GetProperty("meanWeightedScore").GetDouble(), 3);

        await app.SettleAsync();
        var writers = await app.Staff.GetFromJsonAsync<JsonElement>("/api/staff/dashboard?programId=chunm-writers");
        Assert.Equal(1, writers.GetProperty("total").GetInt32());
        Assert.Equal(1, writers.GetProperty("countsByStage").GetProperty("Draft").GetInt32());
    }

    [Fact]
    public async Task The_CSV_export_has_a_BOM_quotes_every_field_and_defuses_formulas()
    {
        await using var app = await TestApp.StartAsync(azurite);
        await app.CreateAsync("csv.plain@example.com");
        var hostile = TestApp.CreateBody("csv.hostile@example.com");
        hostile["applicant"]!["name"] = "=HYPERLINK(\"http://evil.example\",\"点我\")";
        hostile["applicant"]!["school"] = "@SUM(A1:A9)";
        hostile["project"]!["title"] = "+1, \"quoted\"; 雨季";
        using (var created = await app.Client.PostAsJsonAsync("/api/applications", hostile))
        {
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }
        var minus = TestApp.CreateBody("csv.minus@example.com");
        minus["project"]!["title"] = "-2+3";
        using (var created = await app.Client.PostAsJsonAsync("/api/applications", minus))
        {
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }
        await app.CreateAsync("csv.writer@example.com", "chunm-writers", "short-drama");

        await app.SettleAsync();
        using var response = await app.Staff.GetAsync("/api/staff/applications.csv?programId=hina-directors");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("utf-8", response.Content.Headers.ContentType?.CharSet);
        Assert.Equal("hina-directors-applications.csv", response.Content.Headers.ContentDisposition?.FileNameStar ?? response.Content.Headers.ContentDisposition?.FileName);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal([0xEF, 0xBB, 0xBF], bytes[..3]);
        var text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes, 3, bytes.Length - 3);
        Assert.EndsWith("\r\n", text, StringComparison.Ordinal);

        var rows = ParseCsv(text);
        var header = rows[0];
        Assert.Equal(["applicationId", "stage", "track", "projectTitle", "applicantName", "school", "projectLanguage", "createdAt", "submittedAt", "weightedScore", "needsAttention", "calibratedScore"], header);
        Assert.Equal(4, rows.Count); // the header and the program's three applications, not the writers' one
        Assert.All(rows, r => Assert.Equal(header.Count, r.Count));
        var data = rows.Skip(1).Select(r => header.Zip(r).ToDictionary(p => p.First, p => p.Second)).ToList();
        Assert.All(data, r => Assert.Equal("Draft", r["stage"]));
        Assert.Contains(data, r => r["applicantName"] == "林小雨" && r["projectTitle"] == "雨季 The Rainy Season");
        Assert.Contains(data, r => r["applicantName"] == "'=HYPERLINK(\"http://evil.example\",\"点我\")"
                                   && r["school"] == "'@SUM(A1:A9)"
                                   && r["projectTitle"] == "'+1, \"quoted\"; 雨季");
        Assert.Contains(data, r => r["projectTitle"] == "'-2+3");
        Assert.DoesNotContain(data.SelectMany(r => r.Values), v => v.Length > 0 && v[0] is '=' or '+' or '-' or '@');

        // Every data field is quoted (the header's names need no quotes).
        Assert.All(text.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Skip(1), line => Assert.StartsWith("\"app-", line, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("", "\"\"")]
    [InlineData("林小雨", "\"林小雨\"")]
    [InlineData("a,b", "\"a,b\"")]
    [InlineData("say \"hi\"", "\"say \"\"hi\"\"\"")]
    [InlineData("=1+1", "\"'=1+1\"")]
    [InlineData("+86 10 1234", "\"'+86 10 1234\"")]
    [InlineData("-cmd|' /C calc'!A0", "\"'-cmd|' /C calc'!A0\"")]
    [InlineData("@SUM(A1)", "\"'@SUM(A1)\"")]
    [InlineData("\t=1", "\"'\t=1\"")]
    [InlineData("\r=1", "\"'\r=1\"")]
    [InlineData("a=1", "\"a=1\"")]
    [InlineData("line\r\nbreak", "\"line\r\nbreak\"")]
    public void A_CSV_field_is_quoted_and_a_leading_formula_character_is_defused(string value, string expected) =>
        Assert.Equal(expected, StaffApi.Csv(value));

    [Fact]
    public async Task The_staff_listing_pages_with_continuation_tokens_and_a_forged_token_stays_in_its_program()
    {
        await using var app = await TestApp.StartAsync(azurite);
        var ids = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            ids.Add((await app.CreateAsync($"page{i}@example.com")).Id);
        }
        await app.CreateAsync("page.writer@example.com", "chunm-writers", "series-room");
        await app.SettleAsync(); // the listing is the staff index, which the orchestrations write

        var seen = new List<string>();
        string? token = null;
        var pages = 0;
        do
        {
            var url = "/api/staff/applications?programId=hina-directors&stage=Draft&pageSize=1" + (token is null ? "" : "&continuationToken=" + Uri.EscapeDataString(token));
            var page = await app.Staff.GetFromJsonAsync<JsonElement>(url);
            seen.AddRange(page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("applicationId").GetString()!));
            token = page.TryGetProperty("continuationToken", out var next) ? next.GetString() : null;
            Assert.True(++pages <= 10, "paging did not end");
        }
        while (token is not null);
        Assert.Equal(ids.Order(StringComparer.Ordinal), seen.Order(StringComparer.Ordinal));

        // A token is taken back only by the listing that issued it; a hand-made one for this listing can skip rows,
        // never show another program's or stage's (the query's filter holds whatever the token says).
        var first = await app.Staff.GetFromJsonAsync<JsonElement>("/api/staff/applications?programId=hina-directors&stage=Draft&pageSize=1");
        var issued = first.GetProperty("continuationToken").GetString()!;
        var storagePart = Encoding.UTF8.GetString(Convert.FromBase64String(Base64(issued))).Split('\n', 2)[1];
        foreach (var (listing, inner, status) in new[]
                 {
                     ("chunm-writers/Draft", storagePart, HttpStatusCode.UnprocessableEntity),
                     ("hina-directors/Submitted", storagePart, HttpStatusCode.UnprocessableEntity),
                     ("hina-directors/Draft", "", HttpStatusCode.UnprocessableEntity),
                     ("hina-directors/Draft", "chunm-writers s|Draft|", HttpStatusCode.OK),
                     ("hina-directors/Draft", "' or PartitionKey ne ' x", HttpStatusCode.OK),
                 })
        {
            var forged = Convert.ToBase64String(Encoding.UTF8.GetBytes(listing + "\n" + inner)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
            using var response = await app.Staff.GetAsync($"/api/staff/applications?programId=hina-directors&stage=Draft&continuationToken={Uri.EscapeDataString(forged)}");
            if (status == HttpStatusCode.OK && response.StatusCode == HttpStatusCode.UnprocessableEntity)
            {
                continue; // the storage service may refuse a token it did not issue: a 422 is as good
            }
            Assert.Equal(status, response.StatusCode);
            if (status == HttpStatusCode.OK)
            {
                var items = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("items").EnumerateArray().ToList();
                Assert.All(items, i => Assert.Equal("hina-directors", i.GetProperty("programId").GetString()));
                Assert.All(items, i => Assert.Equal("Draft", i.GetProperty("stage").GetString()));
            }
        }
    }

    private static string Base64(string base64Url)
    {
        var text = base64Url.Replace('-', '+').Replace('_', '/');
        return text.PadRight(text.Length + ((4 - (text.Length % 4)) % 4), '=');
    }

    /// <summary>The dashboard once the orchestrations have updated the read models it counts.</summary>
    private static async Task<JsonElement> DashboardAsync(TestApp app)
    {
        await app.SettleAsync();
        return await app.Staff.GetFromJsonAsync<JsonElement>("/api/staff/dashboard?programId=hina-directors");
    }

    internal static async Task<string> SubmittedToReviewAsync(TestApp app, string email)
    {
        var (id, token) = await app.CreateAsync(email);
        Assert.Equal(HttpStatusCode.OK, (await app.UploadMaterialAsync(id, token, "reel", "reel.mp4", "video/mp4", TestApp.Mp4)).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await app.Client.SendAsync(TestApp.As(token, HttpMethod.Post, $"/api/applications/{id}/submit"))).StatusCode);
        await app.SettleAsync();
        var state = await app.StateAsync(id);
        Assert.True(state.Stage == Stage.InReview, $"{id} is {state.Stage}");
        return id;
    }

    internal static async Task ReviewAllAsync(TestApp app, string id, int[] scores)
    {
        var program = app.Get<ProgramCatalog>().Get("hina-directors")!;
        var open = (await app.StateAsync(id)).Assignments.Where(a => a.Status == AssignmentStatus.Open).ToList();
        Assert.Equal(scores.Length, open.Count);
        foreach (var (assignment, score) in open.Zip(scores))
        {
            var review = new SubmitReview("review-" + assignment.AssignmentId, "mentor", assignment.AssignmentId,
                program.Rubric.ToDictionary(c => c.Id, _ => score), Recommendation.Advance, "很好。");
            Assert.IsType<CommandApplied>(await app.Get<ApplicationCommands>().ExecuteAsync(id, review));
        }
    }

    /// <summary>RFC 4180: fields separated by commas, quoted fields with doubled quotes, CRLF between records.</summary>
    internal static List<List<string>> ParseCsv(string text)
    {
        var rows = new List<List<string>>();
        var row = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    field.Append(c);
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == ',')
            {
                row.Add(field.ToString());
                field.Clear();
            }
            else if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
            {
                row.Add(field.ToString());
                field.Clear();
                rows.Add(row);
                row = [];
                i++;
            }
            else
            {
                field.Append(c);
            }
        }
        Assert.False(quoted, "the CSV ends inside a quoted field");
        return rows;
    }
}
