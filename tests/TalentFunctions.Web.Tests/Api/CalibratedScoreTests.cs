using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using TalentFunctions.Domain.Applications;
using TalentFunctions.Domain.Programs;
using TalentFunctions.Storage;
using TalentFunctions.TestSupport;
using TalentFunctions.Web.Tests.Infrastructure;
using TalentFunctions.Workflow.Commands;
using TalentFunctions.Workflow.Queries;

namespace TalentFunctions.Web.Tests.Api;

/// <summary>Calibrated scores (ADR 0010) in the staff listing, the staff detail and the CSV export, and sorting by them.</summary>
[Collection(AzuriteFixture.Collection)]
public sealed class CalibratedScoreTests(AzuriteFixture azurite)
{
    private const string Program = "hina-directors";

    [Fact]
    public async Task The_listing_detail_and_CSV_show_raw_and_calibrated_scores_and_the_listing_sorts_by_either()
    {
        await using var app = await TestApp.StartAsync(azurite);
        var program = app.Get<ProgramCatalog>().Get(Program)!;
        // Four applications in review; each mentor scores every criterion the application's quality, one point lower
        // when the mentor is one of the harsh half (by id).
        int[] quality = [4, 3, 5, 3];
        var harsh = program.Mentors.Select(m => m.Id).Order(StringComparer.Ordinal).Take(program.Mentors.Count / 2).ToHashSet();
        var ids = new List<string>();
        for (var i = 0; i < quality.Length; i++)
        {
            ids.Add(await StaffReportTests.SubmittedToReviewAsync(app, $"calibrated{i}@example.com"));
        }
        var waiting = await StaffReportTests.SubmittedToReviewAsync(app, "still.in.review@example.com");
        for (var i = 0; i < ids.Count; i++)
        {
            var state = await app.StateAsync(ids[i]);
            foreach (var assignment in state.Assignments.Where(a => a.Status == AssignmentStatus.Open))
            {
                var score = Math.Clamp(quality[i] - (harsh.Contains(assignment.MentorId) ? 1 : 0), RubricCriterion.MinScore, RubricCriterion.MaxScore);
                var review = new SubmitReview("review-" + ids[i] + assignment.AssignmentId, "mentor", assignment.AssignmentId,
                    program.Rubric.ToDictionary(c => c.Id, _ => score), Recommendation.Advance, "结构清楚。");
                Assert.IsType<CommandApplied>(await app.Get<ApplicationCommands>().ExecuteAsync(ids[i], review));
            }
        }
        // One review of the fifth application: it counts for its mentor, but the application shows no score yet.
        var open = (await app.StateAsync(waiting)).Assignments.First(a => a.Status == AssignmentStatus.Open);
        Assert.IsType<CommandApplied>(await app.Get<ApplicationCommands>().ExecuteAsync(waiting,
            new SubmitReview("review-waiting", "mentor", open.AssignmentId, program.Rubric.ToDictionary(c => c.Id, _ => 5), Recommendation.Advance, "很好。")));
        await app.SettleAsync();

        // What the domain says, from the records themselves.
        var states = new List<ApplicationState>();
        foreach (var id in ids.Append(waiting))
        {
            states.Add(await app.StateAsync(id));
        }
        var expected = ScoreCalibration.Calibrate(states.SelectMany(s => s.CompletedAssignments()
            .Select(a => new ScoredReview(a.MentorId, s.Id, ApplicationDecider.ReviewScore(program.Rubric, a.Review!.Scores)!.Value))));
        Assert.Equal(5, expected.Applications.Count);

        // The listing: both scores on every reviewed item, the explanation in both languages.
        var counter = app.Get<StorageOperationCounter>();
        // The program's counters are completed on their first read (ApplicationIndex.ReadCountsAsync): done here, so the
        // calls counted next are the listing's own.
        await app.Get<ApplicationQueries>().GetDashboardAsync(Program);
        counter.Reset();
        var listing = await app.Staff.GetFromJsonAsync<JsonElement>($"/api/staff/applications?programId={Program}&stage=Reviewed");
        // One call for the program's counters (with the mentors' calibration sums), one for the page: never the reviews
        // of the whole program.
        Assert.Equal(2, counter.Count);
        var items = listing.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(ids.Order(StringComparer.Ordinal), items.Select(i => i.GetProperty("applicationId").GetString()!)); // default order unchanged
        foreach (var item in items)
        {
            var id = item.GetProperty("applicationId").GetString()!;
            var state = states.Single(s => s.Id == id);
            Assert.Equal(state.WeightedScore, item.GetProperty("weightedScore").GetDouble());
            Assert.Equal(expected.For(id), item.GetProperty("calibratedScore").GetDouble());
        }
        var calibration = listing.GetProperty("calibration");
        Assert.Contains("Calibrated score", calibration.GetProperty("explanation").GetProperty("en").GetString(), StringComparison.Ordinal);
        Assert.Contains("校准分", calibration.GetProperty("explanation").GetProperty("zh").GetString(), StringComparison.Ordinal);
        Assert.Equal(ScoreCalibration.FullTrustReviews, calibration.GetProperty("fullTrustReviews").GetInt32());

        counter.Reset();
        var inReview = await app.Staff.GetFromJsonAsync<JsonElement>($"/api/staff/applications?programId={Program}&stage=InReview");
        // The same for any stage: the counters and the page's rows.
        Assert.Equal(2, counter.Count);
        var pending = Assert.Single(inReview.GetProperty("items").EnumerateArray());
        Assert.False(pending.TryGetProperty("calibratedScore", out _), "no calibrated score before the reviews are complete");
        Assert.False(pending.TryGetProperty("weightedScore", out _));

        // Sorted by either score, highest first, paged one at a time through the sorted tokens.
        var byScore = await SortedIdsAsync(app, "score");
        var byCalibrated = await SortedIdsAsync(app, "calibratedScore");
        Assert.Equal(ids.OrderByDescending(id => states.Single(s => s.Id == id).WeightedScore).ThenBy(id => id, StringComparer.Ordinal), byScore);
        Assert.Equal(ids.OrderByDescending(id => expected.For(id)).ThenBy(id => id, StringComparer.Ordinal), byCalibrated);
        Assert.Equal(ids.OrderBy(id => states.Single(s => s.Id == id).SubmittedAt).ThenBy(id => id, StringComparer.Ordinal), await SortedIdsAsync(app, "submittedAt"));

        // The detail: both scores side by side.
        var detail = await app.Staff.GetFromJsonAsync<JsonElement>($"/api/staff/applications/{ids[0]}");
        var scores = detail.GetProperty("scores");
        Assert.Equal(states[0].WeightedScore, scores.GetProperty("weightedScore").GetDouble());
        Assert.Equal(expected.For(ids[0]), scores.GetProperty("calibratedScore").GetDouble());
        Assert.Equal(states[0].WeightedScore, detail.GetProperty("application").GetProperty("weightedScore").GetDouble());
        Assert.Contains("校准分", scores.GetProperty("calibration").GetProperty("explanation").GetProperty("zh").GetString(), StringComparison.Ordinal);

        // The CSV: both columns, sortable the same way.
        var csv = await CsvAsync(app, "?programId=" + Program + "&sort=calibratedScore");
        var header = csv[0];
        var rows = csv.Skip(1).Select(r => header.Zip(r).ToDictionary(p => p.First, p => p.Second)).ToList();
        Assert.Equal(byCalibrated, rows.Where(r => r["stage"] == "Reviewed").Select(r => r["applicationId"]));
        foreach (var row in rows.Where(r => r["stage"] == "Reviewed"))
        {
            var state = states.Single(s => s.Id == row["applicationId"]);
            Assert.Equal(state.WeightedScore!.Value, double.Parse(row["weightedScore"], CultureInfo.InvariantCulture), 3);
            Assert.Equal(expected.For(state.Id)!.Value, double.Parse(row["calibratedScore"], CultureInfo.InvariantCulture), 3);
        }
        Assert.Equal("", rows.Single(r => r["applicationId"] == waiting)["calibratedScore"]);
    }

    [Fact]
    public async Task An_unknown_sort_or_a_token_of_another_order_is_a_422_naming_the_field()
    {
        await using var app = await TestApp.StartAsync(azurite);
        for (var i = 0; i < 2; i++)
        {
            await app.CreateAsync($"sort{i}@example.com");
        }
        await app.SettleAsync();

        foreach (var (query, field) in new[]
                 {
                     ("stage=Draft&sort=bogus", "sort"),
                     ("stage=Draft&sort=", "sort"),
                     ("stage=Draft&sort=-score", "sort"),
                 })
        {
            await AssertValidationProblemAsync(app, $"/api/staff/applications?programId={Program}&{query}", field);
        }
        await AssertValidationProblemAsync(app, $"/api/staff/applications.csv?programId={Program}&sort=rank", "sort");

        // A sorted listing's token belongs to that order; the unsorted listing's to none.
        var sorted = await app.Staff.GetFromJsonAsync<JsonElement>($"/api/staff/applications?programId={Program}&stage=Draft&sort=submittedAt&pageSize=1");
        var sortedToken = Uri.EscapeDataString(sorted.GetProperty("continuationToken").GetString()!);
        var plain = await app.Staff.GetFromJsonAsync<JsonElement>($"/api/staff/applications?programId={Program}&stage=Draft&pageSize=1");
        var plainToken = Uri.EscapeDataString(plain.GetProperty("continuationToken").GetString()!);
        await AssertValidationProblemAsync(app, $"/api/staff/applications?programId={Program}&stage=Draft&continuationToken={sortedToken}", "continuationToken");
        await AssertValidationProblemAsync(app, $"/api/staff/applications?programId={Program}&stage=Draft&sort=score&continuationToken={sortedToken}", "continuationToken");
        await AssertValidationProblemAsync(app, $"/api/staff/applications?programId={Program}&stage=Draft&sort=submittedAt&continuationToken={plainToken}", "continuationToken");
        var forged = Uri.EscapeDataString(Convert.ToBase64String(Encoding.UTF8.GetBytes($"{Program}/Draft/SubmittedAt\nnot-a-number\napp-x")).TrimEnd('=').Replace('+', '-').Replace('/', '_'));
        await AssertValidationProblemAsync(app, $"/api/staff/applications?programId={Program}&stage=Draft&sort=submittedAt&continuationToken={forged}", "continuationToken");
    }

    private static async Task AssertValidationProblemAsync(TestApp app, string url, string field)
    {
        using var response = await app.Staff.GetAsync(url);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"{url}: {problem}");
    }

    /// <summary>The Reviewed applications in the order of <paramref name="sort"/>, one page at a time.</summary>
    private static async Task<List<string>> SortedIdsAsync(TestApp app, string sort)
    {
        var seen = new List<string>();
        string? token = null;
        var pages = 0;
        do
        {
            var page = await app.Staff.GetFromJsonAsync<JsonElement>(
                $"/api/staff/applications?programId={Program}&stage=Reviewed&sort={sort}&pageSize=1" + (token is null ? "" : "&continuationToken=" + Uri.EscapeDataString(token)));
            seen.AddRange(page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("applicationId").GetString()!));
            token = page.TryGetProperty("continuationToken", out var next) ? next.GetString() : null;
            Assert.True(++pages <= 10, "paging did not end");
        }
        while (token is not null);
        return seen;
    }

    private static async Task<List<List<string>>> CsvAsync(TestApp app, string query)
    {
        using var response = await app.Staff.GetAsync("/api/staff/applications.csv" + query);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        return StaffReportTests.ParseCsv(Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3));
    }
}
