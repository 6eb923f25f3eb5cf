using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using TalentFunctions.Domain.Applications;
using TalentFunctions.Domain.Programs;
using TalentFunctions.Storage;
using TalentFunctions.Storage.Emulator;
using TalentFunctions.TestSupport;
using TalentFunctions.Workflow;
using TalentFunctions.Workflow.Commands;
using TalentFunctions.Workflow.Effects;
using TalentFunctions.Workflow.Index;
using TalentFunctions.Workflow.Queries;
using TalentFunctions.Workflow.Store;

namespace TalentFunctions.Bench;

/// <summary>
/// <c>scale</c>: what staff lists, the dashboard, the CSV export, timers and the HTTP path cost when the store holds many
/// applications (issue 14), at two sizes in one run, against in-memory Azurite:
/// <list type="number">
/// <item>Real lifecycles (<c>--real</c>) through the engine, as <c>workflow</c> drives them (<see cref="WorkflowScenario.Driver"/>):
/// records, index rows, counters, mentor load, materials, emails, all written by the app.</item>
/// <item>Seeded up to <c>--small</c>, then up to <c>--large</c> applications: listing rows and counters (<see cref="Seeder"/>:
/// the rows an index update writes, without the pointer row, in entity-group transactions of 99 applications, both
/// programs in parallel), spread over both programs, all stages and tracks, with reviews from the program's mentors;
/// and each seeded application's record (its snapshot row, with the materials'
/// metadata) copied from a real application's, so the Applications table holds as many rows as the index. Nothing else
/// is seeded: no events, mentor load (bounded by mentors' capacity, not by applications) or instances.</item>
/// <item>At each size, the work the staff list (a filtered stage: first page and page <c>--deep-page</c>) and the
/// dashboard ask of storage, counted per call (<see cref="ReadCounting"/>: requests, and entities in the answers), as the
/// endpoints call them (<see cref="ApplicationQueries"/>), and their latency over <c>--samples</c> calls.</item>
/// <item>The engine with <c>--waiting-few</c> and then <c>--waiting-many</c> instances waiting on 30-day durable timers:
/// how late <c>--timer-probes</c> short timers fire (to the probe's first activity) and the idle storage requests per
/// second of engine and app (vs none waiting). This phase runs alongside the others, on an Azurite and a host of its own
/// (<see cref="TimerPhase"/>).</item>
/// <item>At the large size, the standalone app as its own process (as <c>http</c> runs it) on the same storage:
/// <c>--http-seconds</c> of applicant visits (create p99 ÷ p50), then the CSV export of both programs (rows per second,
/// the app's peak working set meanwhile).</item>
/// </list>
/// Latencies are for information only: Azurite evaluates every table query by scanning the whole table (its in-memory
/// store has no index), so its latency grows with the table whatever the design; the storage work counted is what carries
/// over to Azure.
/// Options: <c>--small N</c> (1000), <c>--large N</c> (100000), <c>--real N</c> (1000), <c>--concurrency N</c> (16),
/// <c>--deep-page N</c> (20), <c>--samples N</c> (20), <c>--waiting-few N</c> (100), <c>--waiting-many N</c> (10000),
/// <c>--timer-probes N</c> (100), <c>--idle-seconds N</c> (60), <c>--http-seconds N</c> (30).
/// </summary>
public static class ScaleScenario
{
    private const string TaskHub = "BenchScale";
    private const string TimerTaskHub = "BenchScaleTimers";
    private const string WaitingOrchestrator = "BenchScaleWaiting";
    private const string ProbeOrchestrator = "BenchScaleTimerProbe";
    private const string ProbeActivity = "BenchScaleTimerFired";
    private const int PageSize = 50;
    private static readonly TimeSpan ProbeLead = TimeSpan.FromSeconds(20);
    private const int WaitingChunk = 250;

    public static async Task<int> RunAsync(string[] args)
    {
        var small = WorkflowScenario.IntOption(args, "--small", 1000);
        var large = WorkflowScenario.IntOption(args, "--large", 100_000);
        var real = WorkflowScenario.IntOption(args, "--real", 1000);
        var concurrency = WorkflowScenario.IntOption(args, "--concurrency", 16);
        var deepPage = WorkflowScenario.IntOption(args, "--deep-page", 20);
        var samples = WorkflowScenario.IntOption(args, "--samples", 20);
        var waitingFew = WorkflowScenario.IntOption(args, "--waiting-few", 100);
        var waitingMany = WorkflowScenario.IntOption(args, "--waiting-many", 10_000);
        var probes = WorkflowScenario.IntOption(args, "--timer-probes", 100);
        var idle = TimeSpan.FromSeconds(WorkflowScenario.DoubleOption(args, "--idle-seconds", 60));
        var httpSeconds = WorkflowScenario.IntOption(args, "--http-seconds", 30);
        if (real > small || small > large || waitingFew > waitingMany)
        {
            Metrics.Note("need --real ≤ --small ≤ --large and --waiting-few ≤ --waiting-many");
            return 2;
        }
        var total = Stopwatch.StartNew();
        var root = HttpScenario.FindRepositoryRoot() ?? throw new InvalidOperationException("Run the benchmark from a clone of the repository (no TalentFunctions.sln found).");
        var appDll = await HttpScenario.EnsureAppBuiltAsync(root);

        // Two Azurites, each a process of its own on its own core: one holds the app's data and the engine of the real
        // lifecycles, the other the engine of the timer phase (3), which runs alongside phases 1, 2, 4 and 5. Azurite's
        // queue scans every message of the account at each Get, Delete or Update, so 10,000 waiting timers would slow
        // every engine operation of the first; and starting them is itself quadratic on Azurite (~19 min for 10,000).
        Metrics.Note("starting two in-memory Azurites: the app's data and engine, and the timer phase's engine");
        await using var azurite = await AzuriteProcess.StartAsync(new AzuriteOptions());
        await using var timerAzurite = await AzuriteProcess.StartAsync(new AzuriteOptions());
        await using var sendGrid = FakeSendGridServer.Start();
        var timerPhase = Task.Run(() => TimerPhase.RunAsync(timerAzurite.ConnectionString, sendGrid, waitingFew, waitingMany, probes, idle));

        var observer = new WorkflowScenario.WriteObserver();
        var host = await WorkflowScenario.BuildHostAsync(azurite.ConnectionString, sendGrid, TaskHub,
            options =>
            {
                options.AddPolicy(new ReadCounting(), HttpPipelinePosition.PerCall);
                options.AddPolicy(observer.AppPolicy, HttpPipelinePosition.PerCall);
            },
            options => options.AddPolicy(observer.EnginePolicy, HttpPipelinePosition.PerCall),
            _ => { });
        await host.StartAsync();

        var services = host.Services;
        var queries = services.GetRequiredService<ApplicationQueries>();
        var index = services.GetRequiredService<ApplicationIndex>();
        var catalog = services.GetRequiredService<ProgramCatalog>();
        var durable = services.GetRequiredService<DurableTaskClient>();
        var plainTables = new TableServiceClient(azurite.ConnectionString);
        var benchStorage = new OrchestrationStorage(plainTables, new BlobServiceClient(azurite.ConnectionString), services.GetRequiredService<OrchestrationOptions>());
        var uploads = new BlobServiceClient(azurite.ConnectionString).GetBlobContainerClient("materials");
        await uploads.CreateIfNotExistsAsync();
        var driver = new WorkflowScenario.Driver(services.GetRequiredService<ApplicationCommands>(), durable,
            services.GetRequiredService<BlobServiceClient>(), uploads, new ApplicationStore(benchStorage), observer, catalog);
        ProgramDefinition[] programs = [catalog.Get("hina-directors")!, catalog.Get("chunm-writers")!];

        // 1. Real lifecycles.
        Metrics.Note($"driving {real} real lifecycles through the engine ({concurrency} at once)");
        var lifecycles = await WorkflowScenario.RunPhaseAsync("scale", real, concurrency, async (phase, n) =>
        {
            var id = await driver.RealAsync(phase, n);
            // Azurite answers a query by scanning the whole table, and the engine queries its History table by
            // partition at every episode: kept, the history of finished lifecycles makes each next one slower (the
            // run grows with the square of its size). Staff queries never read it, so a lifecycle's history is purged
            // once its instance is seen Completed. On Azure the same query reads one partition.
            var instance = await durable.GetInstanceAsync(id);
            if (instance?.RuntimeStatus != OrchestrationRuntimeStatus.Completed)
            {
                throw new InvalidOperationException($"{id}: instance {instance?.RuntimeStatus.ToString() ?? "missing"}, not Completed");
            }
            await durable.PurgeInstanceAsync(id);
            return id;
        });
        if (lifecycles.Completed.Count == 0)
        {
            Metrics.Note("no real lifecycle completed; giving up");
            return 1;
        }
        Metrics.Note(string.Create(CultureInfo.InvariantCulture, $"real lifecycles done at {total.Elapsed.TotalMinutes:0.0} min"));
        // A store's counters are completed on their first read (a one-off pass over the pointers): done before anything is measured.
        foreach (var program in programs)
        {
            await index.ReadCountsAsync(program.Id);
        }
        var seeder = new Seeder(index, benchStorage, programs, lifecycles.Completed);
        long errors = lifecycles.Errors;

        // 2. The small size.
        var seeded = await seeder.SeedAsync(small - lifecycles.Completed.Count);
        var smallReads = await MeasureReadsAsync("small", lifecycles.Completed.Count + seeded, queries, programs[0], deepPage, samples);

        // 4. The large size.
        seeded += await seeder.SeedAsync(large - lifecycles.Completed.Count - seeded);
        var largeReads = await MeasureReadsAsync("large", lifecycles.Completed.Count + seeded, queries, programs[0], deepPage, samples);
        await host.StopAsync();
        host.Dispose();
        Metrics.Note(string.Create(CultureInfo.InvariantCulture, $"reads at both sizes done at {total.Elapsed.TotalMinutes:0.0} min"));

        // 5. The app as its own process, at the large size.
        var (p99OverP50, exportRowsPerSecond, exportPeak, httpErrors) = await MeasureAppAsync(root, appDll, azurite.ConnectionString, programs, httpSeconds);
        errors += httpErrors;
        Metrics.Note(string.Create(CultureInfo.InvariantCulture, $"the app's phase done at {total.Elapsed.TotalMinutes:0.0} min; waiting for the timer phase"));

        // 3. The timer phase, run alongside.
        var timers = await timerPhase;

        foreach (var (size, reads) in new[] { ("small", smallReads), ("large", largeReads) })
        {
            Metrics.Report($"scale.{size}.applications", reads.Applications, "count");
            Metrics.Report($"scale.staff_list.{size}.after_new_reviews.entities_read", reads.AfterReviews.Entities, "entities");
            Metrics.Report($"scale.staff_list.{size}.after_new_reviews.requests", reads.AfterReviews.Requests, "requests");
            Metrics.Report($"scale.staff_list.{size}.entities_read", reads.FirstPage.Entities, "entities");
            Metrics.Report($"scale.staff_list.{size}.requests", reads.FirstPage.Requests, "requests");
            Metrics.Report($"scale.staff_list.{size}.deep_page.entities_read", reads.DeepPage.Entities, "entities");
            Metrics.Report($"scale.staff_list.{size}.deep_page.requests", reads.DeepPage.Requests, "requests");
            Metrics.Report($"scale.staff_list.{size}.p95_ms", reads.ListP95, "ms");
            Metrics.Report($"scale.dashboard.{size}.entities_read", reads.Dashboard.Entities, "entities");
            Metrics.Report($"scale.dashboard.{size}.requests", reads.Dashboard.Requests, "requests");
            Metrics.Report($"scale.dashboard.{size}.p95_ms", reads.DashboardP95, "ms");
        }
        Metrics.Report("scale.staff_list.ratio", Ratio(largeReads.FirstPage.Entities, smallReads.FirstPage.Entities), "ratio");
        Metrics.Report("scale.dashboard.ratio", Ratio(largeReads.Dashboard.Entities, smallReads.Dashboard.Entities), "ratio");
        Metrics.Report("scale.csv_export.rows_per_s", exportRowsPerSecond, "1/s");
        Metrics.Report("scale.csv_export.peak_working_set_mb", exportPeak / (1024.0 * 1024.0), "MB");
        ReportTimers(timers);
        Metrics.Report("scale.http.create.p99_over_p50", p99OverP50, "ratio");
        Metrics.Report("scale.errors", errors, "count");
        Metrics.Note(string.Create(CultureInfo.InvariantCulture,
            $"scale scenario done in {total.Elapsed.TotalMinutes:0.0} min: {lifecycles.Completed.Count} real lifecycles, {seeded} seeded applications; " +
            $"waiting instances {waitingFew} then {waitingMany}. Latencies are Azurite's (a scan of the whole table per query): information only."));
        return errors == 0 ? 0 : 1;
    }

    /// <summary>
    /// <c>bench -- timers</c>: the timer phase of <c>scale</c> alone (<see cref="TimerPhase"/>), on an in-memory Azurite
    /// of its own, or with <c>--storage-env NAME</c> on the storage account whose connection string the environment
    /// variable NAME holds (a variable, so the account key stays out of the command line and the shell's history). This
    /// is how to measure timer lateness where Azurite's queue is not the bottleneck (docs/capacity.md). Use a throwaway
    /// account and delete it afterwards: the run leaves its task hub and the app's tables there, and a second run on the
    /// same account finds its instances already started.
    /// </summary>
    public static async Task<int> RunTimersAsync(string[] args)
    {
        var waitingFew = WorkflowScenario.IntOption(args, "--waiting-few", 100);
        var waitingMany = WorkflowScenario.IntOption(args, "--waiting-many", 10_000);
        var probes = WorkflowScenario.IntOption(args, "--timer-probes", 100);
        var idle = TimeSpan.FromSeconds(WorkflowScenario.DoubleOption(args, "--idle-seconds", 60));
        var storageVariable = WorkflowScenario.StringOption(args, "--storage-env");
        var account = storageVariable is null ? null : Environment.GetEnvironmentVariable(storageVariable);
        if (waitingFew > waitingMany || (storageVariable is not null && string.IsNullOrWhiteSpace(account)))
        {
            Metrics.Note("need --waiting-few ≤ --waiting-many, and --storage-env naming an environment variable that holds a connection string");
            return 2;
        }
        var total = Stopwatch.StartNew();
        Metrics.Note(account is null ? "starting an in-memory Azurite for the timer phase" : $"timer phase on the account in ${storageVariable}");
        await using var azurite = account is null ? await AzuriteProcess.StartAsync(new AzuriteOptions()) : null;
        await using var sendGrid = FakeSendGridServer.Start();
        var timers = await TimerPhase.RunAsync(account ?? azurite!.ConnectionString, sendGrid, waitingFew, waitingMany, probes, idle);
        ReportTimers(timers);
        Metrics.Note(string.Create(CultureInfo.InvariantCulture,
            $"timers scenario done in {total.Elapsed.TotalMinutes:0.0} min on {(account is null ? "Azurite" : "the account")}: waiting instances {waitingFew} then {waitingMany}"));
        return 0;
    }

    private static void ReportTimers(TimerFigures timers)
    {
        Metrics.Report("scale.timer_fire_lateness.few.p99_ms", timers.LateFew, "ms");
        Metrics.Report("scale.timer_fire_lateness.p99_ms", timers.LateMany, "ms");
        Metrics.Report("scale.timer_fire_lateness.ratio", Ratio(timers.LateMany, timers.LateFew), "ratio");
        Metrics.Report("engine.idle_requests.none_waiting.per_s", timers.IdleNone, "requests/s");
        Metrics.Report("engine.idle_requests.per_s", timers.IdleMany, "requests/s");
    }

    private static double Ratio(double large, double small) => small == 0 ? 0 : large / small;

    /// <summary>Storage work of one call: requests sent and entities in their answers.</summary>
    private sealed record Work(long Requests, long Entities);

    private sealed record Reads(int Applications, Work AfterReviews, Work FirstPage, Work DeepPage, double ListP95, Work Dashboard, double DashboardP95);

    /// <summary>
    /// The staff list of a stage of <paramref name="program"/> filtered by track (first page, then page
    /// <paramref name="deepPage"/> or the last there is), and the dashboard, as their endpoints call them; each counted
    /// alone, then timed over <paramref name="samples"/> calls. The first listing call after seeding is counted apart
    /// (<see cref="Reads.AfterReviews"/>): seeding added reviews, as mentors do all day in a review season. Since ADR 0019
    /// it costs what the calls after it cost (calibration reads the mentors' sums with the counters); before, it read the
    /// reviews of the whole program.
    /// </summary>
    private static async Task<Reads> MeasureReadsAsync(string size, int applications, ApplicationQueries queries, ProgramDefinition program, int deepPage, int samples)
    {
        // Accepted applications of one track: where the real lifecycles of the directors' program end, so the list is
        // as full at the small size (real lifecycles only) as at the large one (seeded ones too).
        var filter = new ListingFilter(Track: WorkflowScenario.Driver.DirectorsTrack);
        const Stage stage = Stage.Accepted;
        var (afterReviews, _) = await ReadCounting.MeasureAsync(() => queries.ListScoredAsync(program.Id, stage, PageSize, null, null, filter));
        var (first, firstPage) = await ReadCounting.MeasureAsync(() => queries.ListScoredAsync(program.Id, stage, PageSize, null, null, filter));
        var token = firstPage.ContinuationToken;
        var deep = first;
        var reached = 1;
        while (token is not null && reached < deepPage)
        {
            var (work, page) = await ReadCounting.MeasureAsync(() => queries.ListScoredAsync(program.Id, stage, PageSize, token, null, filter));
            deep = work;
            token = page.ContinuationToken;
            reached++;
        }
        var (dashboard, _) = await ReadCounting.MeasureAsync(() => queries.GetDashboardAsync(program.Id));

        var listTimes = await TimeAsync(samples, () => queries.ListScoredAsync(program.Id, stage, PageSize, null, null, filter));
        var dashboardTimes = await TimeAsync(samples, () => queries.GetDashboardAsync(program.Id));
        Metrics.Note(string.Create(CultureInfo.InvariantCulture,
            $"{size} ({applications} applications): list {program.Id}/{stage}/track={filter.Track}: first page after new reviews {afterReviews.Requests} requests, {afterReviews.Entities} entities; " +
            $"first page {first.Requests} requests, {first.Entities} entities; " +
            $"page {reached}: {deep.Requests} requests, {deep.Entities} entities; dashboard {dashboard.Requests} requests, {dashboard.Entities} entities"));
        return new Reads(applications, afterReviews, first, deep, WorkflowScenario.Percentile(listTimes, 0.95), dashboard, WorkflowScenario.Percentile(dashboardTimes, 0.95));
    }

    private static async Task<double[]> TimeAsync<T>(int samples, Func<Task<T>> call)
    {
        var times = new double[samples];
        for (var i = 0; i < samples; i++)
        {
            var started = Stopwatch.GetTimestamp();
            await call();
            times[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        }
        Array.Sort(times);
        return times;
    }

    /// <summary>Storage requests per second of engine and app while nothing happens (after 20 s of settling).</summary>
    private static async Task<double> IdleRequestsPerSecondAsync(TimeSpan idle, StorageOperationCounter engine, StorageOperationCounter app)
    {
        await Task.Delay(TimeSpan.FromSeconds(20));
        var before = engine.Count + engine.Retries + app.Count + app.Retries;
        var clock = Stopwatch.StartNew();
        await Task.Delay(idle);
        var requests = engine.Count + engine.Retries + app.Count + app.Retries - before;
        var perSecond = requests / clock.Elapsed.TotalSeconds;
        Metrics.Note(string.Create(CultureInfo.InvariantCulture, $"timers: idle: {requests} requests in {clock.Elapsed.TotalSeconds:0} s ({perSecond:0.00}/s)"));
        return perSecond;
    }

    /// <summary>
    /// The standalone app on the seeded storage: applicant visits for <paramref name="seconds"/> (create p99 ÷ p50, as
    /// <c>http</c> measures it), then the CSV export of each program, streamed to nowhere, with the app's working set
    /// sampled during the exports only.
    /// </summary>
    private static async Task<(double P99OverP50, double RowsPerSecond, long PeakBytes, long Errors)> MeasureAppAsync(
        string root, string dll, string connectionString, IReadOnlyList<ProgramDefinition> programs, int seconds)
    {
        var baseUrl = new Uri($"http://127.0.0.1:{HttpScenario.FreeLoopbackPort()}/");
        using var app = HttpScenario.StartApp(root, dll, baseUrl, connectionString, out var appLog);
        try
        {
            using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = HttpScenario.Clients * 2 };
            using var http = new HttpClient(handler) { BaseAddress = baseUrl, Timeout = TimeSpan.FromMinutes(10) };
            await HttpScenario.WaitUntilHealthyAsync(http, app, appLog);

            var visit = new HttpScenario.ApplicantVisit(http);
            await Load.RunAsync(HttpScenario.Clients, TimeSpan.FromSeconds(5), (_, n) => visit.RunAsync(n));
            visit.Reset();
            Metrics.Note($"{HttpScenario.Clients} applicants for {seconds} s against the app (pid {app.Id})");
            await Load.RunAsync(HttpScenario.Clients, TimeSpan.FromSeconds(seconds), (_, n) => visit.RunAsync(n));
            var creates = visit.Creates.OrderBy(x => x).ToArray();
            var p50 = WorkflowScenario.Percentile(creates, 0.50);
            var p99 = WorkflowScenario.Percentile(creates, 0.99);
            Metrics.Note(string.Create(CultureInfo.InvariantCulture, $"http at the large size: {creates.Length} creates, p50 {p50:0.0} ms, p99 {p99:0.0} ms, {visit.Errors} errors"));
            foreach (var error in visit.FirstErrors)
            {
                Metrics.Note("error: " + error);
            }

            // Let the app's background work on the new applications settle, so the export's peak is the export's.
            await Task.Delay(TimeSpan.FromSeconds(10));
            app.Refresh();
            Metrics.Note(string.Create(CultureInfo.InvariantCulture, $"the app's working set before the export: {app.WorkingSet64 / 1048576.0:0} MB"));
            using var peak = PeakWorkingSet.SampleFromNow(app);
            var rows = 0L;
            var clock = Stopwatch.StartNew();
            foreach (var program in programs)
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, $"api/staff/applications.csv?programId={program.Id}");
                request.Headers.Add("X-Api-Key", HttpScenario.StaffApiKey);
                using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
                response.EnsureSuccessStatusCode();
                await using var body = await response.Content.ReadAsStreamAsync();
                rows += await CountLinesAsync(body) - 1;
            }
            var exportSeconds = clock.Elapsed.TotalSeconds;
            var peakBytes = await peak.StopAsync();
            Metrics.Note(string.Create(CultureInfo.InvariantCulture, $"csv export: {rows} rows in {exportSeconds:0.0} s, app peak working set {peakBytes / 1048576.0:0} MB"));
            return (p50 == 0 ? 0 : p99 / p50, rows / exportSeconds, peakBytes, visit.Errors);
        }
        finally
        {
            HttpScenario.Kill(app);
        }
    }

    private static async Task<long> CountLinesAsync(Stream body)
    {
        var buffer = new byte[64 * 1024];
        long lines = 0;
        int read;
        while ((read = await body.ReadAsync(buffer)) > 0)
        {
            lines += buffer.AsSpan(0, read).Count((byte)'\n');
        }
        return lines;
    }

    /// <summary>
    /// Counts, for the calls made inside <see cref="MeasureAsync{T}"/> only (an <see cref="AsyncLocal{T}"/> scope, so the
    /// engine's and other callers' requests meanwhile do not count), the storage requests sent and the entities in their
    /// answers: a query page's <c>value</c> items, or one for a point read. What the service scanned to answer (a filter on
    /// a column that is not a key) is not seen here; a page that found nothing still costs its request.
    /// </summary>
    private sealed class ReadCounting : HttpPipelinePolicy
    {
        private static readonly AsyncLocal<Tally?> Current = new();

        private sealed class Tally
        {
            public long Requests;
            public long Entities;
        }

        public static async Task<(Work Work, T Result)> MeasureAsync<T>(Func<Task<T>> call)
        {
            var tally = new Tally();
            Current.Value = tally;
            try
            {
                var result = await call();
                return (new Work(Interlocked.Read(ref tally.Requests), Interlocked.Read(ref tally.Entities)), result);
            }
            finally
            {
                Current.Value = null;
            }
        }

        public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
        {
            ProcessNext(message, pipeline);
            Count(message);
        }

        public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
        {
            await ProcessNextAsync(message, pipeline);
            Count(message);
        }

        private static void Count(HttpMessage message)
        {
            if (Current.Value is not { } tally)
            {
                return;
            }
            Interlocked.Increment(ref tally.Requests);
            if (message.HasResponse && message.Response.Status == 200 && message.Request.Method == RequestMethod.Get
                && message.Response.Headers.ContentType?.Contains("json", StringComparison.OrdinalIgnoreCase) == true)
            {
                using var answer = JsonDocument.Parse(message.Response.Content);
                var entities = answer.RootElement.TryGetProperty("value", out var items) && items.ValueKind == JsonValueKind.Array ? items.GetArrayLength() : 1;
                Interlocked.Add(ref tally.Entities, entities);
            }
        }
    }

    /// <summary>
    /// Seeds applications: each one's listing row (<see cref="ApplicationIndex.ListingRow"/>, what staff lists and the
    /// export read) and what it adds to its program's counters (<see cref="Contribution"/>), in entity-group transactions
    /// of <see cref="ListingBatch"/> listing rows and one counter row; and a record per application copied from a real
    /// one's snapshot row. No pointer row: only an application's next change reads it (seeded ones never change), and
    /// Azurite checks each insert against every row of its partition, so pointer rows would double the partition and
    /// make seeding four times slower (about 20 minutes for 100,000 applications). Ids <c>seed-000000</c>… continue
    /// from one call to the next.
    /// </summary>
    private sealed class Seeder(ApplicationIndex index, OrchestrationStorage storage, IReadOnlyList<ProgramDefinition> programs, IReadOnlyList<string> realIds)
    {
        // Listing rows per transaction, with one counter row: the 100 operations a transaction may hold.
        private const int ListingBatch = 99;

        // Where a season's applications are, in percent (a late-season picture): most drafts done, reviews under way.
        private static readonly (Stage Stage, int Percent)[] Spread =
        [
            (Stage.Draft, 12), (Stage.Submitted, 2), (Stage.Screening, 1), (Stage.ScreenedOut, 8), (Stage.InReview, 10), (Stage.Reviewed, 15),
            (Stage.Offered, 2), (Stage.Accepted, 3), (Stage.OfferDeclined, 1), (Stage.OfferExpired, 1), (Stage.Rejected, 25), (Stage.Waitlisted, 5),
            (Stage.Withdrawn, 5), (Stage.Incomplete, 10),
        ];

        private static readonly string[] Schools = ["Beijing Film Academy", "USC", "AFI", "Chapman", "Tisch", "NYU", "Communication University of China", "La Fémis"];
        private static readonly DateTimeOffset SeasonStart = new(2026, 10, 1, 0, 0, 0, TimeSpan.Zero);
        private int next;
        private IReadOnlyList<TableEntity>? records;

        public async Task<int> SeedAsync(int count)
        {
            if (count <= 0)
            {
                return 0;
            }
            var clock = Stopwatch.StartNew();
            records ??= await RealRecordsAsync();
            var from = next;
            next += count;
            var byProgram = Enumerable.Range(from, count).Select(Summary).GroupBy(s => s.ProgramId).ToList();
            // The two programs are two partitions: in parallel, and within each, four batches at a time, each batch
            // counted in a counter shard of its own (of the program's 16) so that batches seldom race for a counter row.
            await Task.WhenAll(byProgram.Select(group => Parallel.ForEachAsync(
                group.Chunk(ListingBatch).Select((batch, n) => (Batch: batch, Shard: n % ProgramCounters.Shards)),
                new ParallelOptions { MaxDegreeOfParallelism = 4 },
                async (work, ct) => await ListAsync(programs.Single(p => p.Id == group.Key), work.Batch, work.Shard, ct))));
            Metrics.Note(string.Create(CultureInfo.InvariantCulture, $"seeded {count} listing rows in {clock.Elapsed.TotalSeconds:0.0} s"));
            clock.Restart();
            await Parallel.ForEachAsync(Enumerable.Range(from, count), new ParallelOptions { MaxDegreeOfParallelism = 32 }, async (n, ct) =>
            {
                var copy = new TableEntity(records[n % records.Count]) { PartitionKey = Id(n), ETag = default };
                await storage.Applications.UpsertEntityAsync(copy, TableUpdateMode.Replace, ct);
            });
            Metrics.Note(string.Create(CultureInfo.InvariantCulture, $"seeded {count} application records in {clock.Elapsed.TotalSeconds:0.0} s"));
            return count;
        }

        /// <summary>One transaction: the batch's listing rows, and their contributions added to counter shard <paramref name="shard"/>.</summary>
        private async Task ListAsync(ProgramDefinition program, ApplicationSummary[] batch, int shard, CancellationToken cancellationToken)
        {
            var change = new ProgramCounters();
            var rows = new List<TableTransactionAction>(batch.Length + 1);
            foreach (var summary in batch)
            {
                change.Add(Contribution.Of(summary, program), +1);
                rows.Add(new TableTransactionAction(TableTransactionActionType.Add, ApplicationIndex.ListingRow(summary)));
            }
            await index.AddToCountersAsync(program.Id, shard, change, rows, cancellationToken);
        }

        private static string Id(int n) => $"seed-{n:D6}";

        private async Task<IReadOnlyList<TableEntity>> RealRecordsAsync()
        {
            var rows = new List<TableEntity>();
            foreach (var id in realIds.Take(50))
            {
                var row = await storage.Applications.GetEntityIfExistsAsync<TableEntity>(id, RowKeys.State);
                if (row.HasValue)
                {
                    rows.Add(row.Value!);
                }
            }
            return rows.Count > 0 ? rows : throw new InvalidOperationException("No real application record to copy.");
        }

        private ApplicationSummary Summary(int n)
        {
            var program = programs[n % programs.Count];
            var k = n / programs.Count;
            // A fixed permutation of k, so neighbouring ids land in different stages, tracks and schools.
            var mix = (int)((k * 2654435761L) % 1_000_003);
            var stage = StageAt(mix % 100);
            var created = SeasonStart.AddMinutes(k % 100_000);
            var reviewed = stage is Stage.Reviewed or Stage.Offered or Stage.Accepted or Stage.OfferDeclined or Stage.OfferExpired or Stage.Waitlisted
                || (stage == Stage.Rejected && mix % 2 == 0);
            List<ReviewScores>? reviews = null;
            double? weighted = null;
            if (reviewed)
            {
                reviews = [.. Enumerable.Range(0, program.MentorsPerApplication).Select(r => new ReviewScores(
                    program.Mentors[(mix + r) % program.Mentors.Count].Id,
                    program.Rubric.Select((c, i) => (c.Id, Score: 1 + ((mix / (i + 1)) + r) % 5)).ToDictionary(x => x.Id, x => x.Score)))];
                weighted = Math.Round(reviews.Select(r => ApplicationDecider.ReviewScore(program.Rubric, r.Scores) ?? 0).Average(), 4, MidpointRounding.AwayFromZero);
            }
            return new ApplicationSummary(
                Id(n), program.Id, stage.ToString(), Version: 10, Track: program.Tracks[mix % program.Tracks.Count].Id,
                ProjectTitle: $"Project {n}", ApplicantName: $"Applicant {n}", School: Schools[mix % Schools.Length],
                ProjectLanguage: mix % 3 == 0 ? "en" : "zh", CreatedAt: created, UpdatedAt: created.AddDays(3),
                SubmittedAt: stage is Stage.Draft or Stage.Incomplete ? null : created.AddDays(2),
                WeightedScore: weighted, NeedsAttention: mix % 97 == 0, Reviews: reviews);
        }

        private static Stage StageAt(int percentile)
        {
            foreach (var (stage, percent) in Spread)
            {
                if (percentile < percent)
                {
                    return stage;
                }
                percentile -= percent;
            }
            return Stage.Rejected;
        }
    }

    private sealed record TimerFigures(double IdleNone, double LateFew, double IdleMany, double LateMany);

    /// <summary>
    /// The engine with instances waiting on timers, on an Azurite and a host of its own (the app's composition and engine
    /// settings, task hub <see cref="TimerTaskHub"/>): the idle storage requests per second with none waiting, then the
    /// lateness of probes with <c>--waiting-few</c> and with <c>--waiting-many</c> instances waiting, and the idle requests
    /// with the latter. <see cref="WaitingOrchestrator"/> holds a 30-day durable timer (as a draft waits for its
    /// reminder); <see cref="ProbeOrchestrator"/> waits for a timer due <see cref="ProbeLead"/> after its start and then
    /// calls <see cref="ProbeActivity"/>, which notes how late it runs after the timer's due time (fire, dispatch and the
    /// activity's start: what a reminder email waits for).
    /// </summary>
    private sealed class TimerPhase
    {
        private readonly ConcurrentDictionary<string, double> lateness = new(StringComparer.Ordinal);

        public static async Task<TimerFigures> RunAsync(string connectionString, FakeSendGridServer sendGrid, int waitingFew, int waitingMany, int probes, TimeSpan idle)
        {
            var phase = new TimerPhase();
            var engineCounter = new StorageOperationCounter();
            using var host = await WorkflowScenario.BuildHostAsync(connectionString, sendGrid, TimerTaskHub, _ => { }, engineCounter.AddTo, phase.Register);
            await host.StartAsync();
            var appCounter = host.Services.GetRequiredService<StorageOperationCounter>();
            var durable = host.Services.GetRequiredService<DurableTaskClient>();
            var instances = new TableServiceClient(connectionString).GetTableClient(TimerTaskHub + "Instances");
            var clock = Stopwatch.StartNew();

            var idleNone = await IdleRequestsPerSecondAsync(idle, engineCounter, appCounter);
            // A first round of probes, not measured: the probe orchestration's first runs would make "few" look slow.
            await phase.LatenessAsync(durable, "warmup", Math.Min(10, probes));
            await StartWaitingAsync(durable, instances, 0, waitingFew);
            var lateFew = await phase.LatenessAsync(durable, "few", probes);
            await StartWaitingAsync(durable, instances, waitingFew, waitingMany);
            var idleMany = await IdleRequestsPerSecondAsync(idle, engineCounter, appCounter);
            var lateMany = await phase.LatenessAsync(durable, "many", probes);
            await host.StopAsync();
            Metrics.Note(string.Create(CultureInfo.InvariantCulture, $"timers: phase done in {clock.Elapsed.TotalMinutes:0.0} min"));
            return new(idleNone, lateFew, idleMany, lateMany);
        }

        public void Register(DurableTaskRegistry tasks)
        {
            tasks.AddOrchestratorFunc<string, string>(WaitingOrchestrator, async (context, _) =>
            {
                await context.CreateTimer(context.CurrentUtcDateTime.AddDays(30), CancellationToken.None);
                return "done";
            });
            tasks.AddOrchestratorFunc<DateTime, string>(ProbeOrchestrator, async (context, dueAt) =>
            {
                await context.CreateTimer(dueAt, CancellationToken.None);
                await context.CallActivityAsync(ProbeActivity, new ProbeFired(context.InstanceId, dueAt));
                return "fired";
            });
            tasks.AddActivityFunc<ProbeFired, bool>(ProbeActivity, (_, fired) =>
            {
                lateness.TryAdd(fired.InstanceId, (DateTime.UtcNow - fired.DueAt).TotalMilliseconds);
                return true;
            });
        }

        /// <summary>
        /// Starts waiting instances numbered <paramref name="from"/> up to <paramref name="to"/>, in chunks of
        /// <see cref="WaitingChunk"/>, each chunk run by the engine to its timer before the next starts: thousands of
        /// starts at once overwhelm Azurite (each episode scans the History table), its answers slow past the client's
        /// patience, and the retried starts leave instances with two ExecutionStarted events.
        /// </summary>
        private static async Task StartWaitingAsync(DurableTaskClient durable, TableClient instances, int from, int to)
        {
            var clock = Stopwatch.StartNew();
            var pendingFilter = TableClient.CreateQueryFilter($"RuntimeStatus eq {"Pending"}");
            foreach (var chunk in Enumerable.Range(from, to - from).Chunk(WaitingChunk))
            {
                await Parallel.ForEachAsync(chunk, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (n, ct) =>
                    await durable.ScheduleNewOrchestrationInstanceAsync(WaitingOrchestrator, "wait", new StartOrchestrationOptions($"waiting-{n:D6}"), ct));
                await Eventually.AssertAsync(async () =>
                {
                    await foreach (var _ in instances.QueryAsync<TableEntity>(pendingFilter, maxPerPage: 1, select: ["PartitionKey"]))
                    {
                        return false;
                    }
                    return true;
                }, TimeSpan.FromMinutes(5), $"waiting instances up to {chunk[^1]} started");
                if ((chunk[^1] + 1) / 1000 > chunk[0] / 1000)
                {
                    Metrics.Note(string.Create(CultureInfo.InvariantCulture, $"timers: {chunk[^1] + 1} instances waiting ({clock.Elapsed.TotalSeconds:0} s)"));
                }
            }
            Metrics.Note(string.Create(CultureInfo.InvariantCulture, $"timers: {to} instances waiting on timers ({to - from} started in {clock.Elapsed.TotalSeconds:0.0} s)"));
        }

        /// <summary>Starts <paramref name="count"/> probes with due times spread over 5 s, and returns the 99th percentile of their lateness.</summary>
        public async Task<double> LatenessAsync(DurableTaskClient durable, string phase, int count)
        {
            lateness.Clear();
            var dueFrom = DateTime.UtcNow + ProbeLead;
            await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (n, ct) =>
                await durable.ScheduleNewOrchestrationInstanceAsync(ProbeOrchestrator, dueFrom.AddMilliseconds(5000.0 * n / count),
                    new StartOrchestrationOptions($"probe-{phase}-{n:D4}"), ct));
            await Eventually.AssertAsync(() => lateness.Count >= count, ProbeLead + TimeSpan.FromMinutes(10), $"{count} timer probes fired");
            var sorted = lateness.Values.Order().ToArray();
            Metrics.Note(string.Create(CultureInfo.InvariantCulture,
                $"timers: probes ({phase} waiting): lateness p50 {WorkflowScenario.Percentile(sorted, 0.5):0} ms, p99 {WorkflowScenario.Percentile(sorted, 0.99):0} ms, max {sorted[^1]:0} ms"));
            return WorkflowScenario.Percentile(sorted, 0.99);
        }
    }

    public sealed record ProbeFired(string InstanceId, DateTime DueAt);
}
