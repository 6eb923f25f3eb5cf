using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Microsoft.Extensions.Logging.Abstractions;
using TalentFunctions.Domain.Applications;
using TalentFunctions.Domain.Programs;
using TalentFunctions.Storage;
using TalentFunctions.TestSupport;
using TalentFunctions.Workflow.Effects;
using TalentFunctions.Workflow.Index;
using TalentFunctions.Workflow.Mentors;
using TalentFunctions.Workflow.Queries;
using TalentFunctions.Workflow.Seats;
using TalentFunctions.Workflow.Store;

namespace TalentFunctions.Workflow.Tests.Index;

/// <summary>
/// The dashboard's counters on Azurite: exact under concurrent stage moves, repeated and out-of-order updates and two
/// dispatchers; rebuilt once, and right, for rows written before the counters (or their calibration sums) existed;
/// unchanged by erasure; and the calibration the staff listing needs, from the counters alone.
/// </summary>
[Collection(AzuriteFixture.Collection)]
public sealed class ProgramCountersTests(AzuriteFixture azurite)
{
    private const string Program = "hina-directors";
    private static readonly DateTimeOffset Start = new(2026, 11, 1, 9, 0, 0, TimeSpan.Zero);

    // Every application walks the same path; a version per step.
    private static readonly (string Stage, bool Attention, double? Score, int Reviews)[] Path =
    [
        ("Draft", false, null, 0),
        ("Submitted", false, null, 0),
        ("Screening", true, null, 0),
        ("InReview", false, null, 1),
        ("Reviewed", false, 3.6667, 2),
        ("Waitlisted", true, 3.6667, 2),
    ];

    [Fact]
    public async Task Concurrent_stage_moves_by_two_dispatchers_delivered_out_of_order_give_exact_counts()
    {
        var storage = await StorageAsync();
        // Two processes applying the same effects (at-least-once dispatch), each with its own pointer cache.
        ApplicationIndex[] dispatchers = [new(storage, Programs), new(storage, Programs)];
        const int applications = 40;
        // Each application stops at a step of its own, so every stage ends up with a different count.
        int LastStep(int app) => app % Path.Length;

        await Task.WhenAll(Enumerable.Range(0, applications).SelectMany(app => dispatchers.Select((index, d) => Task.Run(async () =>
        {
            var steps = Enumerable.Range(0, LastStep(app) + 1).ToList();
            if (d == 1)
            {
                // The second dispatcher sees the updates late and in reverse: older versions must not count.
                steps.Reverse();
            }
            foreach (var step in steps)
            {
                await index.ApplyAsync(Summary(app, step));
            }
        }))));

        var counts = await dispatchers[0].ReadCountsAsync(Program);
        Assert.Equal(applications, counts.Total);
        for (var step = 0; step < Path.Length; step++)
        {
            var expected = Enumerable.Range(0, applications).Count(app => LastStep(app) == step);
            Assert.Equal(expected, counts.ByStage.GetValueOrDefault(Path[step].Stage));
        }
        AssertSameCounts(await CountRowsAsync(dispatchers[0]), counts);
    }

    [Fact]
    public async Task An_update_applied_again_or_after_a_newer_one_counts_once()
    {
        var storage = await StorageAsync();
        var index = new ApplicationIndex(storage, Programs);
        await index.ApplyAsync(Summary(1, 3));

        // The same version eight times at once (activity retries), through fresh processes with no cached pointer.
        await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => new ApplicationIndex(storage, Programs).ApplyAsync(Summary(1, 4)))));
        await index.ApplyAsync(Summary(1, 2));

        var counts = await index.ReadCountsAsync(Program);
        Assert.Equal(1, counts.Total);
        Assert.Equal(1, counts.ByStage["Reviewed"]);
        Assert.Single(counts.ByStage);
        Assert.Equal(1, counts.Scored);
        Assert.Equal(3.6667, counts.MeanWeightedScore!.Value, 6);
        Assert.Equal(0, counts.NeedsAttention);
        Assert.Equal(2, counts.Reviews);
    }

    [Fact]
    public async Task Calibration_reads_only_the_counters_and_agrees_with_a_calibration_of_every_review()
    {
        var storage = await StorageAsync();
        var counter = new StorageOperationCounter();
        var tableOptions = new TableClientOptions();
        counter.AddTo(tableOptions);
        var counted = new OrchestrationStorage(new TableServiceClient(azurite.ConnectionString, tableOptions), new BlobServiceClient(azurite.ConnectionString), storage.Options);
        var index = new ApplicationIndex(counted, Programs);
        var queries = new ApplicationQueries(new ApplicationStore(counted), index, new MentorLoadStore(counted),
            new SeatLedger(counted, TimeProvider.System, NullLogger<SeatLedger>.Instance), Programs, TimeProvider.System);
        await index.AddNewAsync(Program, [.. Enumerable.Range(0, 2500).Select(app => Summary(app, 4))]);
        await index.ApplyAsync(Summary(9000, 3));
        await queries.CalibrateAsync(Program);

        // The application in review gets its second review, some move on: calibration still reads the counters only.
        await index.ApplyAsync(Summary(9000, 4));
        await Task.WhenAll(Enumerable.Range(0, 40).Select(app => index.ApplyAsync(Summary(app, 5))));
        counter.Reset();
        var calibration = await queries.CalibrateAsync(Program);
        Assert.Equal(1, counter.Count);

        // The same scores as a calibration of every review of the program, as the listing computed them before.
        var program = Programs.Get(Program)!;
        var all = new List<ApplicationSummary>();
        await foreach (var summary in index.ListProgramAsync(Program))
        {
            all.Add(summary);
        }
        var full = ScoreCalibration.Calibrate(all.SelectMany(s => s.Reviews!.Select(r =>
            new ScoredReview(r.MentorId, s.ApplicationId, ApplicationDecider.ReviewScore(program.Rubric, r.Scores)!.Value))));
        Assert.Equal(2501, full.Applications.Count);
        Assert.Equal(full.Mentors["hd-chen-yu"], calibration.Model.Mentors["hd-chen-yu"]);
        Assert.All(all, s => Assert.Equal(full.For(s.ApplicationId), calibration.For(s)));
    }

    [Fact]
    public async Task Counters_from_before_the_calibration_sums_get_them_once()
    {
        var storage = await StorageAsync();
        var index = new ApplicationIndex(storage, Programs);
        await index.AddNewAsync(Program, [.. Enumerable.Range(0, 150).Select(app => Summary(app, app % Path.Length))]);
        var expected = await CountRowsAsync(index);
        Assert.NotEmpty(expected.Mentors);
        // The store as the counters wrote it before the sums: no MentorScores on pointers, no mentor columns, an old marker.
        await foreach (var row in storage.Index.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {Program}")))
        {
            var stripped = new TableEntity(row.Where(kv => kv.Key != "MentorScores" && kv.Key != ProgramCounters.MentorSumsColumn
                && !kv.Key.StartsWith("Mn_", StringComparison.Ordinal) && !kv.Key.StartsWith("Ms_", StringComparison.Ordinal) && !kv.Key.StartsWith("Mq_", StringComparison.Ordinal))
                .ToDictionary(kv => kv.Key, kv => kv.Value));
            await storage.Index.UpdateEntityAsync(stripped, row.ETag, TableUpdateMode.Replace);
        }

        AssertSameCounts(expected, await index.ReadCountsAsync(Program));
        // Moves after it keep them exact.
        await Task.WhenAll(Enumerable.Range(0, 150).Where(app => app % 3 == 0).Select(app => index.ApplyAsync(Summary(app, Path.Length - 1))));
        AssertSameCounts(await CountRowsAsync(index), await index.ReadCountsAsync(Program));
    }

    [Fact]
    public async Task Rows_written_before_the_counters_existed_are_counted_once_even_while_they_move()
    {
        var storage = await StorageAsync();
        var index = new ApplicationIndex(storage, Programs);
        const int applications = 150;
        // The rows as the index wrote them before counters: a pointer with only stage and version, and the listing row.
        foreach (var batch in Enumerable.Range(0, applications).Chunk(50))
        {
            var actions = new List<TableTransactionAction>();
            foreach (var app in batch)
            {
                var summary = Summary(app, app % Path.Length);
                actions.Add(new(TableTransactionActionType.Add, new TableEntity(Program, "a|" + summary.ApplicationId) { ["Stage"] = summary.Stage, ["Version"] = summary.Version }));
                actions.Add(new(TableTransactionActionType.Add, new TableEntity(Program, $"s|{summary.Stage}|{summary.ApplicationId}")
                {
                    ["Stage"] = summary.Stage,
                    ["Version"] = summary.Version,
                    ["Summary"] = System.Text.Json.JsonSerializer.Serialize(summary, new System.Text.Json.JsonSerializerOptions(System.Text.Json.JsonSerializerDefaults.Web)),
                }));
            }
            await storage.Index.SubmitTransactionAsync(actions);
        }

        // Two dashboards rebuild at once while a third of the applications move on to their last step.
        var moves = Task.WhenAll(Enumerable.Range(0, applications).Where(app => app % 3 == 0)
            .Select(app => Task.Run(() => new ApplicationIndex(storage, Programs).ApplyAsync(Summary(app, Path.Length - 1)))));
        var rebuilt = await Task.WhenAll(Task.Run(() => index.ReadCountsAsync(Program)), Task.Run(() => new ApplicationIndex(storage, Programs).ReadCountsAsync(Program)));
        await moves;

        var fromRows = await CountRowsAsync(index);
        Assert.Equal(applications, fromRows.Total);
        var counts = await index.ReadCountsAsync(Program);
        AssertSameCounts(fromRows, counts);
        Assert.All(rebuilt, r => Assert.Equal(applications, r.Total));

        // Later moves keep them exact.
        await Task.WhenAll(Enumerable.Range(0, applications).Where(app => app % 3 == 1)
            .Select(app => Task.Run(() => index.ApplyAsync(Summary(app, Path.Length - 1)))));
        AssertSameCounts(await CountRowsAsync(index), await index.ReadCountsAsync(Program));
    }

    [Fact]
    public async Task Erasure_keeps_the_counts_and_a_bulk_load_counts_like_single_updates()
    {
        var storage = await StorageAsync();
        var index = new ApplicationIndex(storage, Programs);
        await index.AddNewAsync(Program, [.. Enumerable.Range(0, 120).Select(app => Summary(app, app % Path.Length))]);
        var before = await index.ReadCountsAsync(Program);
        AssertSameCounts(await CountRowsAsync(index), before);

        await Task.WhenAll(Enumerable.Range(0, 10).Select(app => index.AnonymiseAsync(Program, Id(app), Start.AddDays(30))));
        await index.AnonymiseAsync(Program, Id(0), Start.AddDays(31));
        await index.ApplyAsync(Summary(0, Path.Length - 1));

        AssertSameCounts(before, await index.ReadCountsAsync(Program));
        AssertSameCounts(before, await CountRowsAsync(index));
    }

    private static void AssertSameCounts(ProgramCounts expected, ProgramCounts actual)
    {
        Assert.Equal(expected.ByStage.OrderBy(kv => kv.Key, StringComparer.Ordinal), actual.ByStage.OrderBy(kv => kv.Key, StringComparer.Ordinal));
        Assert.Equal((expected.Total, expected.NeedsAttention, expected.Scored, expected.Reviews), (actual.Total, actual.NeedsAttention, actual.Scored, actual.Reviews));
        Assert.Equal(expected.MeanWeightedScore ?? -1, actual.MeanWeightedScore ?? -1, 9);
        Assert.Equal(expected.Mentors, actual.Mentors);
    }

    /// <summary>The counts as the dashboard computed them before counters: every listing row of the program, counted.</summary>
    private static async Task<ProgramCounts> CountRowsAsync(ApplicationIndex index)
    {
        var byStage = new Dictionary<string, long>(StringComparer.Ordinal);
        long total = 0, attention = 0, reviews = 0;
        var scores = new List<double>();
        var mentorScores = new List<ReviewScores>();
        await foreach (var summary in index.ListProgramAsync(Program))
        {
            total++;
            byStage[summary.Stage] = byStage.GetValueOrDefault(summary.Stage) + 1;
            attention += summary.NeedsAttention ? 1 : 0;
            reviews += summary.Reviews?.Count ?? 0;
            mentorScores.AddRange(summary.Reviews ?? []);
            if (summary.WeightedScore is { } score)
            {
                scores.Add(score);
            }
        }
        var program = Programs.Get(Program)!;
        return new ProgramCounts(byStage, total, attention, scores.Count, scores.Count == 0 ? null : scores.Average(), reviews)
        {
            Mentors = [.. mentorScores.GroupBy(r => r.MentorId, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal)
                .Select(g => MentorScoreSums.Of(g.Key, g.Select(r => ApplicationDecider.ReviewScore(program.Rubric, r.Scores)!.Value)))],
        };
    }

    private static string Id(int app) => $"app-{app:D4}";

    private static ApplicationSummary Summary(int app, int step) => new(
        Id(app), Program, Path[step].Stage, Version: step + 1, Track: "fiction", ProjectTitle: "A title", ApplicantName: "A name",
        School: "Beijing Film Academy", ProjectLanguage: "zh", CreatedAt: Start, UpdatedAt: Start.AddHours(step),
        SubmittedAt: step > 0 ? Start.AddHours(1) : null, WeightedScore: Path[step].Score, NeedsAttention: Path[step].Attention,
        Reviews: [.. Mentors.Take(Path[step].Reviews).Select((mentor, i) => new ReviewScores(mentor, Rubric.ToDictionary(c => c, c => 1 + (app + i + c.Length) % 5)))]);

    private static readonly string[] Mentors = ["hd-lin-qiao", "hd-chen-yu"];
    private static readonly ProgramCatalog Programs = ProgramCatalog.LoadDefault();
    private static readonly string[] Rubric = ["story", "craft", "voice", "international-appeal", "feasibility"];

    private async Task<OrchestrationStorage> StorageAsync()
    {
        var options = new OrchestrationOptions { TablePrefix = "counters" + Guid.NewGuid().ToString("N")[..10] };
        var storage = new OrchestrationStorage(new TableServiceClient(azurite.ConnectionString), new BlobServiceClient(azurite.ConnectionString), options);
        await storage.Index.CreateIfNotExistsAsync();
        return storage;
    }
}
