using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Azure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using TalentFunctions.Domain.Applications;
using TalentFunctions.Domain.Programs;
using TalentFunctions.Notifications;
using TalentFunctions.Notifications.Links;
using TalentFunctions.Notifications.SendGrid;
using TalentFunctions.Storage;
using TalentFunctions.Storage.Emulator;
using TalentFunctions.TestSupport;
using TalentFunctions.Workflow;
using TalentFunctions.Workflow.Commands;
using TalentFunctions.Workflow.Email;
using TalentFunctions.LocalEngine;
using TalentFunctions.Workflow.Lifecycle;
using TalentFunctions.Workflow.Store;

namespace TalentFunctions.Bench;

/// <summary>
/// <c>workflow</c>: full application lifecycles on the real workflow — records in Tables, one Durable orchestration per
/// application (<see cref="ApplicationLifecycle"/>) on the local engine with the settings the app ships (polling at most
/// every 3 s, one partition), emails through <see cref="SendGridEmailSender"/> to a fake SendGrid on loopback — against
/// a fresh in-memory Azurite, driven by 16 concurrent "people" through <see cref="ApplicationCommands"/> as the HTTP
/// handlers call it: create, two materials (request, the applicant's upload, the handler's blob check, attach),
/// submit, then (after the orchestration screened and assigned mentors) two reviews, an offer and its acceptance.
/// A lifecycle counts only when its record is Accepted and its instance Completed.
/// <para>
/// In the same engine and run, a bare orchestration of the same shape (<see cref="BaselineOrchestrator"/>: as many
/// external events, activities and timers as the real instance's history holds, activities doing nothing) gives the
/// engine's own ceiling; the ratio of the two is the workflow's overhead.
/// </para>
/// <para>
/// Every storage request is counted: the app's clients by <c>AddStorageClients</c>' counter, the engine's by the same
/// policy given through <see cref="LocalEngineOptions.ConfigureStorageClient"/>. The bench's own reads (assignment ids,
/// final checks, the history it inspects) use uncounted clients. The moments "the record shows InReview", "mentors are
/// assigned" and "the instance completed" are seen without extra requests, by a policy that reads the bodies of the
/// writes that make them so (<see cref="WriteObserver"/>).
/// </para>
/// Options: <c>--lifecycles N</c> (300), <c>--concurrency N</c> (16), <c>--warmup N</c> (16), <c>--idle-minutes N</c> (5).
/// </summary>
public static class WorkflowScenario
{
    public const string BaselineOrchestrator = "BenchBaselineLifecycle";
    private const string BaselineActivity = "BenchNoopActivity";
    private const string TaskHub = "BenchWorkflow";
    private static readonly DateTimeOffset BusinessStart = new(2026, 11, 21, 9, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(2);

    // The real driver waits for mentors after its 5th event (request, attach, request, attach, submit).
    private const int EventsBeforeReviews = 5;

    public static async Task<int> RunAsync(string[] args)
    {
        var lifecycles = IntOption(args, "--lifecycles", 300);
        var concurrency = IntOption(args, "--concurrency", 16);
        var warmup = IntOption(args, "--warmup", 16);
        var idleMinutes = DoubleOption(args, "--idle-minutes", 5);
        var total = Stopwatch.StartNew();

        Metrics.Note("starting in-memory Azurite");
        await using var azurite = await AzuriteProcess.StartAsync(new AzuriteOptions());
        await using var sendGrid = FakeSendGridServer.Start();
        var observer = new WriteObserver();
        var engineCounter = new StorageOperationCounter();
        var engineKinds = new RequestKinds();
        var appKinds = new RequestKinds();

        using var host = await BuildHostAsync(azurite.ConnectionString, sendGrid, TaskHub,
            options =>
            {
                options.AddPolicy(appKinds.Policy(ServiceOf(options)), HttpPipelinePosition.PerCall);
                options.AddPolicy(observer.AppPolicy, HttpPipelinePosition.PerCall);
            },
            options =>
            {
                engineCounter.AddTo(options);
                options.AddPolicy(engineKinds.Policy(ServiceOf(options)), HttpPipelinePosition.PerCall);
                options.AddPolicy(observer.EnginePolicy, HttpPipelinePosition.PerCall);
            },
            tasks =>
            {
                tasks.AddOrchestratorFunc<string, string>(BaselineOrchestrator, RunBaselineAsync);
                tasks.AddActivityFunc<NoopInput, long>(BaselineActivity, (_, input) =>
                {
                    var signals = observer.Get(input.InstanceId);
                    if (input.Signal)
                    {
                        signals.Assigned.TrySetResult(Stopwatch.GetTimestamp());
                    }
                    return Interlocked.Read(ref signals.Raised);
                });
            });
        await host.StartAsync();

        var appCounter = host.Services.GetRequiredService<StorageOperationCounter>();
        var commands = host.Services.GetRequiredService<ApplicationCommands>();
        var durable = host.Services.GetRequiredService<DurableTaskClient>();
        var appBlobs = host.Services.GetRequiredService<BlobServiceClient>();
        var catalog = host.Services.GetRequiredService<ProgramCatalog>();

        // The bench's own clients, uncounted: the applicant's uploads, reading assignment ids, checks, the history.
        var plainTables = new TableServiceClient(azurite.ConnectionString);
        var benchStore = new ApplicationStore(new OrchestrationStorage(
            plainTables, new BlobServiceClient(azurite.ConnectionString), host.Services.GetRequiredService<OrchestrationOptions>()));
        var uploads = new BlobServiceClient(azurite.ConnectionString).GetBlobContainerClient("materials");
        await uploads.CreateIfNotExistsAsync();
        var instances = plainTables.GetTableClient(TaskHub + "Instances");
        var history = plainTables.GetTableClient(TaskHub + "History");

        var driver = new Driver(commands, durable, appBlobs, uploads, benchStore, observer, catalog);

        // Warm-up (not measured): real lifecycles first, whose history gives the baseline its shape.
        Metrics.Note($"warming up: {warmup} real lifecycles");
        var warm = await RunPhaseAsync("warmup", warmup, concurrency, driver.RealAsync);
        if (warm.Completed.Count == 0)
        {
            Metrics.Note("no warm-up lifecycle completed; giving up");
            return 1;
        }
        var shape = await ShapeOfAsync(history, warm.Completed[0]);
        Metrics.Note($"real instance {warm.Completed[0]}: history shape {shape.Tokens} " +
            $"({shape.Events} events raised, {shape.Activities} activities, {shape.Timers} timers created; " +
            $"activities: {string.Join(", ", shape.ActivityNames.Select(kv => $"{kv.Key}×{kv.Value}"))})");
        if (shape.Events != 9)
        {
            Metrics.Note($"WARNING: expected 9 external events per lifecycle, the history holds {shape.Events}");
        }
        driver.Shape = shape.Tokens;
        await RunPhaseAsync("warmup-baseline", warmup, concurrency, driver.BaselineAsync);
        var baseWarm = await ShapeOfAsync(history, "base-warmup-baseline-00000");
        Metrics.Note($"baseline instance history shape {baseWarm.Tokens} ({baseWarm.Events} events, {baseWarm.Activities} activities, {baseWarm.Timers} timers)");

        // Measured: the baseline in two halves around the real run, so storage growing over the run weighs on both alike.
        var errors = warm.Errors;
        var baseline1 = await RunPhaseAsync("baseline-a", lifecycles / 2, concurrency, driver.BaselineAsync);
        driver.Latencies.Clear();
        driver.AssignLatencies.Clear();
        var engineBefore = engineCounter.Count + engineCounter.Retries;
        var appBefore = appCounter.Count + appCounter.Retries;
        engineKinds.Reset();
        appKinds.Reset();
        var real = await RunPhaseAsync("real", lifecycles, concurrency, driver.RealAsync);
        var engineOps = engineCounter.Count + engineCounter.Retries - engineBefore;
        var appOps = appCounter.Count + appCounter.Retries - appBefore;
        var realKinds = (Engine: engineKinds.Snapshot(), App: appKinds.Snapshot());
        var latencies = driver.Latencies.OrderBy(x => x).ToArray();
        var assignLatencies = driver.AssignLatencies.OrderBy(x => x).ToArray();
        var baseline2 = await RunPhaseAsync("baseline-b", lifecycles - (lifecycles / 2), concurrency, driver.BaselineAsync);

        // Honesty: a lifecycle counts only when its record says Accepted and its instance Completed (read afterwards).
        var realOk = await VerifyAsync(real.Completed, instances, benchStore, requireAccepted: true);
        var baseOk = await VerifyAsync([.. baseline1.Completed, .. baseline2.Completed], instances, null, requireAccepted: false);
        var realPerSecond = realOk / real.Elapsed.TotalSeconds;
        var basePerSecond = baseOk / (baseline1.Elapsed + baseline2.Elapsed).TotalSeconds;
        Metrics.Note(string.Create(CultureInfo.InvariantCulture,
            $"real: {realOk}/{lifecycles} verified in {real.Elapsed.TotalSeconds:0.0} s; baseline: {baseOk}/{lifecycles} in {(baseline1.Elapsed + baseline2.Elapsed).TotalSeconds:0.0} s"));
        Metrics.Note(string.Create(CultureInfo.InvariantCulture,
            $"storage requests in the real run: engine {engineOps} ({(double)engineOps / Math.Max(1, realOk):0.0}/lifecycle), app {appOps}; retries engine {engineCounter.Retries}, app {appCounter.Retries} (whole run)"));
        NoteKinds("engine", realKinds.Engine, Math.Max(1, realOk));
        NoteKinds("app", realKinds.App, Math.Max(1, realOk));
        Metrics.Note($"emails accepted by the fake SendGrid: {sendGrid.Accepted.Count} ({sendGrid.DuplicateCount} duplicates)");

        Metrics.Report("workflow.lifecycles.per_s", realPerSecond, "1/s");
        Metrics.Report("workflow.engine_baseline.lifecycles.per_s", basePerSecond, "1/s");
        Metrics.Report("workflow.overhead_ratio", basePerSecond > 0 ? realPerSecond / basePerSecond : 0, "ratio");
        Metrics.Report("workflow.storage_ops.per_lifecycle", (double)(engineOps + appOps) / Math.Max(1, realOk), "ops");
        Metrics.Report("workflow.app_storage_ops.per_lifecycle", (double)appOps / Math.Max(1, realOk), "ops");
        Metrics.Report("workflow.event_latency.p50_ms", Percentile(latencies, 0.50), "ms");
        Metrics.Report("workflow.event_latency.p99_ms", Percentile(latencies, 0.99), "ms");
        Metrics.Report("workflow.assign_latency.p50_ms", Percentile(assignLatencies, 0.50), "ms");
        Metrics.Report("workflow.assign_latency.p99_ms", Percentile(assignLatencies, 0.99), "ms");
        errors += real.Errors + baseline1.Errors + baseline2.Errors + (real.Completed.Count - realOk)
            + (baseline1.Completed.Count + baseline2.Completed.Count - baseOk);
        Metrics.Report("workflow.errors", errors, "count");

        // Idle: a draft ready to submit, then nothing for --idle-minutes; count every request meanwhile, then submit.
        var idleId = await driver.DraftForIdleAsync();
        await Task.Delay(TimeSpan.FromSeconds(10));
        var idle = TimeSpan.FromMinutes(idleMinutes);
        var settle = TimeSpan.FromSeconds(Math.Min(20, idle.TotalSeconds / 3));
        Metrics.Note(string.Create(CultureInfo.InvariantCulture, $"idle for {idle.TotalMinutes:0.##} min (requests counted after {settle.TotalSeconds:0} s of it)"));
        await Task.Delay(settle);
        engineKinds.Reset();
        appKinds.Reset();
        var idleEngine = engineCounter.Count + engineCounter.Retries;
        var idleApp = appCounter.Count + appCounter.Retries;
        var idleClock = Stopwatch.StartNew();
        await Task.Delay(idle - settle);
        var idleSeconds = idleClock.Elapsed.TotalSeconds;
        var idleEngineOps = engineCounter.Count + engineCounter.Retries - idleEngine;
        var idleAppOps = appCounter.Count + appCounter.Retries - idleApp;
        NoteKinds("idle engine", engineKinds.Snapshot(), null);
        Metrics.Note(string.Create(CultureInfo.InvariantCulture, $"idle: {idleEngineOps} engine + {idleAppOps} app requests in {idleSeconds:0.0} s"));
        var afterIdle = await driver.SubmitAfterIdleAsync(idleId);
        Metrics.Report("workflow.event_latency.after_idle_ms", afterIdle, "ms");
        Metrics.Report("engine.idle_requests.per_s", (idleEngineOps + idleAppOps) / idleSeconds, "requests/s");

        await host.StopAsync();
        Metrics.Note(string.Create(CultureInfo.InvariantCulture, $"workflow scenario done in {total.Elapsed.TotalSeconds:0.0} s"));
        return 0;
    }

    /// <summary>
    /// The app's workflow and the local Durable engine in this process, wired as the standalone host wires them, with the
    /// settings the app ships (engine polling at most every 3 s, one partition): the app's clocks stand still at a business
    /// day (<see cref="ManualTimeProvider"/>), emails go through <see cref="SendGridEmailSender"/> to
    /// <paramref name="sendGrid"/>. <paramref name="appClients"/> and <paramref name="engineClients"/> add policies to the
    /// app's and the engine's storage clients (counters, observers); <paramref name="benchTasks"/> registers the bench's own
    /// orchestrations beside the app's. The tables are created; the host is not started.
    /// </summary>
    internal static async Task<IHost> BuildHostAsync(string connectionString, FakeSendGridServer sendGrid, string taskHub,
        Action<ClientOptions> appClients, Action<ClientOptions> engineClients, Action<DurableTaskRegistry> benchTasks)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Services.AddLogging(l => l.SetMinimumLevel(LogLevel.Warning).AddProvider(new NoteLoggerProvider()));
        builder.Services.AddSingleton<TimeProvider>(new ManualTimeProvider(BusinessStart));
        builder.Services.AddStorageClients(connectionString);
        builder.Services.AddAzureClients(clients => clients.ConfigureDefaults(appClients));
        builder.Services.AddApplicationWorkflow();
        builder.Services.AddSingleton(new EmailRenderer(new EmailTemplateOptions()));
        builder.Services.AddSingleton(new LinkTokenOptions { SigningKey = Convert.ToBase64String(new byte[32]) });
        builder.Services.AddSingleton<LinkTokenService>();
        builder.Services.AddSingleton(new EmailLinkOptions { PublicBaseUrl = new Uri("https://talent.example") });
        builder.Services.AddSingleton<IEmailSender>(_ => new SendGridEmailSender(new HttpClient(), new SendGridOptions
        {
            ApiKey = sendGrid.ApiKey,
            BaseUrl = sendGrid.BaseUrl,
            FromEmail = "programs@talentfunctions.example",
            FromName = "TalentFunctions Programs",
        }, TimeProvider.System));
        builder.Services.AddLocalDurableEngine(
            engine =>
            {
                // Shipped settings: MaxQueuePollingInterval 3 s, PartitionCount 1 (the defaults).
                engine.StorageConnectionString = connectionString;
                engine.TaskHubName = taskHub;
                engine.ConfigureStorageClient = engineClients;
            },
            tasks =>
            {
                tasks.AddApplicationTasks();
                benchTasks(tasks);
            });
        var host = builder.Build();
        await host.Services.GetRequiredService<OrchestrationStorage>().EnsureCreatedAsync();
        return host;
    }

    /// <summary>
    /// The bare orchestration: walks the real instance's history shape, one token at a time — <c>A</c> calls an activity
    /// that does nothing (<c>S</c>: the one in the mentor-assignment position, which tells the driver, as the record
    /// showing assigned mentors does for the real one), <c>T</c> creates a 30-day durable timer (cancelling the one
    /// before, as the real one does when the phase's next timer changes), <c>E</c> waits for the external event raced
    /// against the current timer. The shape is read, in the same run, from the history table of a completed real
    /// instance of the warm-up (the scenario prints it). Measured when this was written:
    /// <c>EAEEEAETAAAAASEAEEEAAAAAAAA</c> — 9 external events raised, 17 activities called (4 catch-ups, screening,
    /// assignment, 11 emails) and 1 durable timer created. The real orchestration catches up with the record, so one
    /// catch-up often covers several events and the count of catch-ups varies a little with timing.
    /// </summary>
    private static async Task<string> RunBaselineAsync(TaskOrchestrationContext context, string shape)
    {
        CancellationTokenSource? timerCancellation = null;
        Task? timer = null;
        Task<ChangeSignal>? change = null;
        var version = 0L;
        var passed = 0L;
        foreach (var token in shape)
        {
            switch (token)
            {
                case 'A' or 'S':
                    // As the real catch-up reads the record's version, the activity reads how many events the driver raised.
                    version = Math.Max(version, await context.CallActivityAsync<long>(BaselineActivity, new NoopInput(context.InstanceId, token == 'S')));
                    break;
                case 'T':
                    timerCancellation?.Cancel();
                    timerCancellation = new CancellationTokenSource();
                    timer = context.CreateTimer(context.CurrentUtcDateTime.AddDays(30), timerCancellation.Token);
                    break;
                case 'E':
                    // Like the real one, a change already seen covers the ones before it: the k-th event token waits
                    // only while neither an event numbered k or later nor an activity has shown k events raised (an
                    // event raised before the engine had started the instance is discarded: "No such instance").
                    passed++;
                    if (version >= passed)
                    {
                        break;
                    }
                    context.SetCustomStatus(new LifecycleStatus(version, LifecycleStatus.Waiting, "baseline"));
                    change ??= context.WaitForExternalEvent<ChangeSignal>(ApplicationLifecycle.ChangedEvent);
                    if (timer is null)
                    {
                        await change;
                    }
                    else
                    {
                        await Task.WhenAny(change, timer);
                    }
                    if (change.IsCompleted)
                    {
                        version = Math.Max(version, change.Result.Version);
                        change = null;
                    }
                    break;
            }
        }
        timerCancellation?.Cancel();
        context.SetCustomStatus(new LifecycleStatus(version, LifecycleStatus.Waiting, "ended"));
        return "Done";
    }

    public sealed record NoopInput(string InstanceId, bool Signal);

    private sealed record Shape(string Tokens, int Events, int Activities, int Timers, IReadOnlyDictionary<string, int> ActivityNames);

    private static async Task<Shape> ShapeOfAsync(TableClient history, string instanceId)
    {
        var rows = new List<TableEntity>();
        await foreach (var row in history.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {instanceId}"), select: ["RowKey", "EventType", "Name"]))
        {
            rows.Add(row);
        }
        var tokens = new System.Text.StringBuilder();
        var names = new SortedDictionary<string, int>(StringComparer.Ordinal);
        foreach (var row in rows.OrderBy(r => r.RowKey, StringComparer.Ordinal))
        {
            switch (row.GetString("EventType"))
            {
                case "TaskScheduled":
                    var name = row.GetString("Name") ?? "?";
                    names[name] = names.GetValueOrDefault(name) + 1;
                    tokens.Append(name is nameof(AssignMentorsActivity) ? 'S' : 'A');
                    break;
                case "TimerCreated":
                    tokens.Append('T');
                    break;
                case "EventRaised":
                    tokens.Append('E');
                    break;
            }
        }
        // The orchestration's first move is always a catch-up; events that reached the engine with the start message
        // are recorded before it. Walked by the baseline, the catch-up comes first.
        var text = tokens.ToString();
        var first = text.IndexOfAny(['A', 'S']);
        if (first > 0)
        {
            text = text[first] + text.Remove(first, 1);
        }
        return new Shape(text, text.Count(c => c == 'E'), text.Count(c => c is 'A' or 'S'), text.Count(c => c == 'T'), names);
    }

    internal sealed record PhaseResult(List<string> Completed, int Errors, TimeSpan Elapsed);

    internal static async Task<PhaseResult> RunPhaseAsync(string phase, int count, int concurrency, Func<string, int, Task<string>> lifecycle)
    {
        var completed = new ConcurrentQueue<string>();
        var errors = 0;
        var next = -1;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(_ => Task.Run(async () =>
        {
            int n;
            while ((n = Interlocked.Increment(ref next)) < count)
            {
                try
                {
                    completed.Enqueue(await lifecycle(phase, n));
                }
                catch (Exception ex)
                {
                    if (Interlocked.Increment(ref errors) <= 5)
                    {
                        Metrics.Note($"{phase} lifecycle {n} failed: {ex.GetType().Name}: {ex.Message}");
                    }
                }
            }
        })));
        var elapsed = clock.Elapsed;
        Metrics.Note(string.Create(CultureInfo.InvariantCulture,
            $"{phase}: {completed.Count}/{count} lifecycles in {elapsed.TotalSeconds:0.0} s ({completed.Count / elapsed.TotalSeconds:0.00}/s), {errors} errors"));
        return new PhaseResult([.. completed], errors, elapsed);
    }

    internal static async Task<int> VerifyAsync(IReadOnlyList<string> ids, TableClient instances, ApplicationStore? records, bool requireAccepted)
    {
        var ok = 0;
        foreach (var id in ids)
        {
            var row = await instances.GetEntityIfExistsAsync<TableEntity>(id, "", select: ["RuntimeStatus"]);
            var status = row.HasValue ? row.Value!.GetString("RuntimeStatus") : null;
            var stage = requireAccepted ? (await records!.GetAsync(id))?.State.Stage : Stage.Accepted;
            if (status == "Completed" && stage == Stage.Accepted)
            {
                ok++;
            }
            else
            {
                Metrics.Note($"{id}: instance {status ?? "missing"}, record {stage?.ToString() ?? "missing"}: not counted");
            }
        }
        return ok;
    }

    /// <summary>The people: each lifecycle through the commands HTTP handlers call.</summary>
    internal sealed class Driver(
        ApplicationCommands commands,
        DurableTaskClient durable,
        BlobServiceClient appBlobs,
        BlobContainerClient uploads,
        ApplicationStore benchStore,
        WriteObserver observer,
        ProgramCatalog catalog)
    {
        private static readonly byte[] Mp4 = [0, 0, 0, 0x18, (byte)'f', (byte)'t', (byte)'y', (byte)'p', (byte)'i', (byte)'s', (byte)'o', (byte)'m', .. new byte[1012]];
        private static readonly byte[] Pdf = [.. "%PDF-1.7\n"u8.ToArray(), .. new byte[1015]];
        private readonly BlobContainerClient materials = appBlobs.GetBlobContainerClient("materials");

        /// <summary>The track of every real lifecycle of the directors' program (they all end Accepted).</summary>
        public const string DirectorsTrack = "original-ip";

        public string Shape { get; set; } = "";

        public ConcurrentBag<double> Latencies { get; } = [];

        public ConcurrentBag<double> AssignLatencies { get; } = [];

        private async Task<CommandApplied> Run(string id, ApplicationCommand command)
        {
            var result = await commands.ExecuteAsync(id, command);
            return result as CommandApplied ?? throw new InvalidOperationException($"{command.GetType().Name} on {id}: {result}");
        }

        /// <summary>
        /// Two programs in turn, each applicant from a school none of its mentors is tied to: 16 applications in review at
        /// once need 32 open reviews, which is one program's whole mentor capacity.
        /// </summary>
        private (ProgramDefinition Program, string Track, string School, (MaterialKind Kind, string Type, byte[] Bytes)[] Materials) Setup(int n) =>
            n % 2 == 0
                ? (catalog.Get("hina-directors")!, DirectorsTrack, "Chapman", [(MaterialKind.Reel, "video/mp4", Mp4), (MaterialKind.Script, "application/pdf", Pdf)])
                : (catalog.Get("chunm-writers")!, "feature-development", "AFI", [(MaterialKind.Script, "application/pdf", Pdf), (MaterialKind.Cv, "application/pdf", Pdf)]);

        public async Task<string> DraftAsync(string id, int n)
        {
            var (program, track, school, files) = Setup(n);
            var applicant = new Applicant
            {
                Name = "林小雨",
                Email = $"{id}@example.com",
                PreferredLanguage = n % 4 < 2 ? "zh" : "en",
                School = school,
                GraduationYear = 2024,
                Roles = ["director"],
            };
            var project = new Project { Title = "雨季", Logline = "A girl returns home.", Synopsis = "A short film.", Language = "zh", Format = ProjectFormat.Short };
            await Run(id, new CreateDraft("create", "applicant", id, program.Id, track, applicant, project, "hash"));
            foreach (var (kind, type, bytes) in files)
            {
                var materialId = kind.ToString().ToLowerInvariant();
                var blobName = $"{id}/{materialId}";
                await Run(id, new RequestMaterial("request-" + materialId, "applicant", materialId, kind, materialId + ".bin", type, bytes.Length, blobName));
                // The applicant's upload (to a SAS URL, not through the app), then the handler's check of the blob.
                await uploads.GetBlobClient(blobName).UploadAsync(BinaryData.FromBytes(bytes), new BlobUploadOptions { HttpHeaders = new BlobHttpHeaders { ContentType = type } });
                var blob = materials.GetBlobClient(blobName);
                _ = await blob.GetPropertiesAsync();
                _ = await blob.DownloadContentAsync(new BlobDownloadOptions { Range = new Azure.HttpRange(0, 64) });
                await Run(id, new AttachMaterial("attach-" + materialId, "applicant", materialId, bytes.Length, type));
            }
            return id;
        }

        public async Task<string> RealAsync(string phase, int n)
        {
            var id = $"app-{phase}-{n:D5}";
            var signals = observer.Get(id);
            await DraftAsync(id, n);
            var (program, _, _, _) = Setup(n);
            await Run(id, new Submit("submit", "applicant"));
            var submitted = Stopwatch.GetTimestamp();
            var screened = await signals.Screened.Task.WaitAsync(Patience);
            var assigned = await signals.Assigned.Task.WaitAsync(Patience);
            Latencies.Add(Math.Max(0, Stopwatch.GetElapsedTime(submitted, screened).TotalMilliseconds));
            AssignLatencies.Add(Math.Max(0, Stopwatch.GetElapsedTime(submitted, assigned).TotalMilliseconds));

            // A mentor learns the assignment id from the email; the bench reads it (uncounted).
            var state = (await benchStore.GetAsync(id))!.State;
            var open = state.Assignments.Where(a => a.Status == AssignmentStatus.Open).ToList();
            if (open.Count != program.MentorsPerApplication)
            {
                throw new InvalidOperationException($"{id}: {open.Count} open assignments, stage {state.Stage}");
            }
            foreach (var a in open)
            {
                await Run(id, new SubmitReview("review-" + a.AssignmentId, "mentor", a.AssignmentId, program.Rubric.ToDictionary(c => c.Id, _ => 4), Recommendation.Advance, "Good."));
            }
            var offered = await Run(id, new Decide("decide", "staff", StaffDecision.Offer, "Welcome"));
            var accepted = await Run(id, new RespondToOffer("respond", "applicant", offered.State.Offer!.OfferId, true));
            if (accepted.State.Stage != Stage.Accepted)
            {
                throw new InvalidOperationException($"{id} ended in {accepted.State.Stage}.");
            }
            await signals.Completed.Task.WaitAsync(Patience);
            observer.Forget(id);
            return id;
        }

        public async Task<string> BaselineAsync(string phase, int n)
        {
            var id = $"base-{phase}-{n:D5}";
            var signals = observer.Get(id);
            await durable.ScheduleNewOrchestrationInstanceAsync(BaselineOrchestrator, Shape, new StartOrchestrationOptions(id));
            var events = Shape.Count(c => c == 'E');
            for (var e = 1; e <= events; e++)
            {
                Interlocked.Exchange(ref signals.Raised, e);
                await durable.RaiseEventAsync(id, ApplicationLifecycle.ChangedEvent, new ChangeSignal(e));
                if (e == EventsBeforeReviews)
                {
                    await signals.Assigned.Task.WaitAsync(Patience);
                }
            }
            await signals.Completed.Task.WaitAsync(Patience);
            observer.Forget(id);
            return id;
        }

        public Task<string> DraftForIdleAsync() => DraftAsync("app-idle-00000", 0);

        public async Task<double> SubmitAfterIdleAsync(string id)
        {
            var signals = observer.Get(id);
            await Run(id, new Submit("submit", "applicant"));
            var submitted = Stopwatch.GetTimestamp();
            var screened = await signals.Screened.Task.WaitAsync(Patience);
            var assigned = await signals.Assigned.Task.WaitAsync(Patience);
            Metrics.Note(string.Create(CultureInfo.InvariantCulture,
                $"after idle: InReview {Stopwatch.GetElapsedTime(submitted, screened).TotalMilliseconds:0} ms, mentors assigned {Stopwatch.GetElapsedTime(submitted, assigned).TotalMilliseconds:0} ms after the submit returned"));
            return Math.Max(0, Stopwatch.GetElapsedTime(submitted, screened).TotalMilliseconds);
        }
    }

    /// <summary>
    /// Sees, without requests of its own, when a write that the bench waits for succeeded: an application's record
    /// committed with stage InReview, its first MentorAssigned event committed (the app's entity-group transactions),
    /// and an instance's status row written as Completed (the engine's Instances table).
    /// </summary>
    internal sealed class WriteObserver
    {
        private readonly ConcurrentDictionary<string, Signals> waiting = new(StringComparer.Ordinal);

        public WriteObserver()
        {
            AppPolicy = new Policy(this, engine: false);
            EnginePolicy = new Policy(this, engine: true);
        }

        public HttpPipelinePolicy AppPolicy { get; }

        public HttpPipelinePolicy EnginePolicy { get; }

        public Signals Get(string id) => waiting.GetOrAdd(id, _ => new Signals());

        public void Forget(string id) => waiting.TryRemove(id, out _);

        public sealed class Signals
        {
            /// <summary>Events the baseline driver has raised (what its activities return, as a record's version).</summary>
#pragma warning disable CA1051
            public long Raised;
#pragma warning restore CA1051

            public TaskCompletionSource<long> Screened { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
            public TaskCompletionSource<long> Assigned { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
            public TaskCompletionSource<long> Completed { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        private sealed class Policy(WriteObserver owner, bool engine) : HttpPipelinePolicy
        {
            public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
            {
                ProcessNext(message, pipeline);
                Inspect(message, async: false).AsTask().GetAwaiter().GetResult();
            }

            public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
            {
                await ProcessNextAsync(message, pipeline);
                await Inspect(message, async: true);
            }

            private async ValueTask Inspect(HttpMessage message, bool async)
            {
                if (!message.HasResponse || message.Response.Status is < 200 or >= 300 || message.Request.Content is null)
                {
                    return;
                }
                var path = Uri.UnescapeDataString(message.Request.Uri.Path);
                var batch = !engine && path.EndsWith("/$batch", StringComparison.Ordinal);
                var instance = engine && path.Contains("Instances(", StringComparison.Ordinal);
                if (!batch && !instance)
                {
                    return;
                }
                using var buffer = new MemoryStream();
                if (async)
                {
                    await message.Request.Content.WriteToAsync(buffer, message.CancellationToken);
                }
                else
                {
                    message.Request.Content.WriteTo(buffer, message.CancellationToken);
                }
                var body = System.Text.Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
                var now = Stopwatch.GetTimestamp();
                if (batch)
                {
                    // A changeset that failed answers with one 4xx part; the outer status is 202 either way.
                    var answer = message.Response.Content.ToString();
                    if (answer.Contains("HTTP/1.1 4", StringComparison.Ordinal) || answer.Contains("HTTP/1.1 5", StringComparison.Ordinal))
                    {
                        return;
                    }
                    var id = Between(body, "\"PartitionKey\":\"", "\"");
                    if (id is null || !owner.waiting.TryGetValue(id, out var signals))
                    {
                        return;
                    }
                    if (body.Contains("\"Stage\":\"InReview\"", StringComparison.Ordinal))
                    {
                        signals.Screened.TrySetResult(now);
                    }
                    if (body.Contains("\"Type\":\"MentorAssigned\"", StringComparison.Ordinal))
                    {
                        signals.Assigned.TrySetResult(now);
                    }
                }
                else if (body.Contains("\"RuntimeStatus\":\"Completed\"", StringComparison.Ordinal))
                {
                    var key = Between(path, "PartitionKey='", "'");
                    if (key is not null && owner.waiting.TryGetValue(key.Replace("''", "'", StringComparison.Ordinal), out var signals))
                    {
                        signals.Completed.TrySetResult(now);
                    }
                }
            }

            private static string? Between(string text, string start, string end)
            {
                var at = text.IndexOf(start, StringComparison.Ordinal);
                if (at < 0)
                {
                    return null;
                }
                at += start.Length;
                var stop = text.IndexOf(end, at, StringComparison.Ordinal);
                return stop < 0 ? null : text[at..stop];
            }
        }
    }

    internal static string ServiceOf(ClientOptions options) => options switch
    {
        TableClientOptions => "table",
        Azure.Storage.Queues.QueueClientOptions => "queue",
        BlobClientOptions => "blob",
        _ => "other",
    };

    /// <summary>Requests by kind (service, method, resource with ids and the task hub name taken out), for the notes.</summary>
    private sealed class RequestKinds
    {
        private readonly ConcurrentDictionary<string, long> counts = new(StringComparer.Ordinal);

        public void Reset() => counts.Clear();

        public IReadOnlyDictionary<string, long> Snapshot() => new Dictionary<string, long>(counts, StringComparer.Ordinal);

        public HttpPipelinePolicy Policy(string service) => new KindPolicy(this, service);

        private sealed class KindPolicy(RequestKinds owner, string service) : HttpPipelineSynchronousPolicy
        {
            public override void OnSendingRequest(HttpMessage message)
            {
                var uri = message.Request.Uri;
                var segments = uri.Path.Split('/', StringSplitOptions.RemoveEmptyEntries).Skip(1).ToArray();
                var resource = segments.Length == 0 ? "" : segments[0];
                var paren = resource.IndexOf('(', StringComparison.Ordinal);
                var keyed = paren >= 0 && paren < resource.Length - 2;
                resource = (paren >= 0 ? resource[..paren] : resource).Replace(TaskHub, "", StringComparison.OrdinalIgnoreCase);
                if (keyed)
                {
                    resource += "(key)";
                }
                var rest = segments.Skip(1).Select(s => s == "messages" ? s : "*");
                var query = uri.Query.Contains("comp=", StringComparison.Ordinal)
                    ? "?comp=" + uri.Query.Split('&', '?').First(p => p.StartsWith("comp=", StringComparison.Ordinal))[5..]
                    : uri.Query.Contains("$filter", StringComparison.Ordinal) || uri.Query.Contains("%24filter", StringComparison.Ordinal) ? "?query" : "";
                var method = message.Request.Headers.TryGetValue("X-HTTP-Method", out var tunnelled) ? tunnelled : message.Request.Method.Method;
                var key = $"{service} {method} {string.Join('/', new[] { resource }.Concat(rest))}{query}";
                owner.counts.AddOrUpdate(key, 1, (_, n) => n + 1);
            }
        }
    }

    private static void NoteKinds(string who, IReadOnlyDictionary<string, long> kinds, int? lifecycles)
    {
        foreach (var (kind, count) in kinds.OrderByDescending(kv => kv.Value).Take(14))
        {
            var per = lifecycles is { } n ? string.Create(CultureInfo.InvariantCulture, $" ({(double)count / n:0.00} per lifecycle)") : "";
            Metrics.Note(string.Create(CultureInfo.InvariantCulture, $"  {who}: {kind,-48} {count,7}{per}"));
        }
    }

    /// <summary>Warnings and errors of the host (engine, worker, app) as bench notes on stderr.</summary>
    internal sealed class NoteLoggerProvider : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new NoteLogger(categoryName);

        public void Dispose()
        {
        }

        private sealed class NoteLogger(string category) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                if (IsEnabled(logLevel))
                {
                    Metrics.Note($"{logLevel} {category}: {formatter(state, exception)}{(exception is null ? "" : $" ({exception.GetType().Name}: {exception.Message})")}");
                }
            }
        }
    }

    internal static double Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? 0 : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];

    internal static int IntOption(string[] args, string name, int fallback) =>
        (int)DoubleOption(args, name, fallback);

    internal static string? StringOption(string[] args, string name)
    {
        var at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length ? args[at + 1] : null;
    }

    internal static double DoubleOption(string[] args, string name, double fallback)
    {
        var at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length && double.TryParse(args[at + 1], NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value > 0
            ? value
            : fallback;
    }
}
