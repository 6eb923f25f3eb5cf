using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Azure.Storage.Blobs;
using TalentFunctions.Domain.Programs;
using TalentFunctions.Notifications.Mailbox;
using TalentFunctions.Storage.Emulator;
using TalentFunctions.TestSupport;

namespace TalentFunctions.Bench;

/// <summary>
/// <c>soak</c>: the standalone app as its own process (the built Release <c>TalentFunctions.Standalone.dll</c>) against an
/// Azurite that keeps its data on disk, while 16 drivers (<c>--drivers N</c>) take 300 applications
/// (<c>--applications N</c>) through the HTTP API and the emailed links to their ends: accepted, declined, rejected,
/// withdrawn, and accepted after a missed review was reassigned (the programs' review window is shortened to 45 s).
/// Meanwhile the app is killed with SIGKILL twice and started again (same settings, same task hub), and Azurite is
/// stopped gracefully once and started again on the same data and ports; the drivers retry as real clients would.
/// At the end every application is checked through the staff API and the mailbox. Exits 1 if any lifecycle was lost
/// or ended in the wrong stage, or a stage transition was recorded twice.
/// </summary>
public static class SoakScenario
{
    private const string StaffKey = "soak-staff-api-key-0123456789abcdef";
    // Generous: on-disk Azurite slows down as its data grows (it saves the whole database every 5 s); measured at 300
    // applications on a shared 2-core machine, single lifecycles took over 6 minutes.
    private static readonly TimeSpan LifecycleTimeout = TimeSpan.FromMinutes(15);
    private static readonly TimeSpan ReviewWindow = TimeSpan.FromSeconds(45);

    public static async Task<int> RunAsync(string[] args)
    {
        var count = IntOption(args, "--applications", 300);
        var drivers = IntOption(args, "--drivers", 16);
        var total = Stopwatch.StartNew();
        var root = AppProcess.FindRepositoryRoot();
        var dll = await HttpScenario.EnsureAppBuiltAsync(root);
        var run = Guid.NewGuid().ToString("N")[..10];
        var data = Path.Combine(Path.GetTempPath(), "tf-soak-" + run);

        Metrics.Note($"starting Azurite with its data in {data}");
        var azurite = await AzuriteProcess.StartAsync(new AzuriteOptions { DataDirectory = data, GracefulStopTimeout = TimeSpan.FromSeconds(30) });
        var connectionString = azurite.ConnectionString;
        var baseUrl = new Uri($"http://127.0.0.1:{AppProcess.FreeLoopbackPort()}/");
        var settings = new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Development", // the dev mailbox holds the emails and their links
            ["Storage__ConnectionString"] = connectionString,
            ["Staff__ApiKey"] = StaffKey,
            ["Links__SigningKey"] = Convert.ToBase64String(Enumerable.Range(7, 32).Select(i => (byte)i).ToArray()),
            ["Links__PublicBaseUrl"] = baseUrl.GetLeftPart(UriPartial.Authority),
            ["Email__SendGridApiKey"] = "",
            ["DurableTask__TaskHubName"] = "soak" + run,
            ["DurableTask__MaxQueuePollingInterval"] = "00:00:01",
            ["DurableTask__WorkItemVisibilityTimeout"] = "00:00:15",
            ["Programs__Timings__ReviewWindow"] = ReviewWindow.ToString("c", CultureInfo.InvariantCulture),
            ["Programs__Timings__ReminderLead"] = "00:00:20",
            ["Programs__Timings__OfferValidity"] = "00:10:00", // no offer is meant to expire, however slow storage gets
            ["RateLimiting__PermitsPerMinute"] = "100000000", // every driver shares 127.0.0.1
            ["Logging__LogLevel__Default"] = "Warning",
        };
        using var app = new AppProcess(dll, baseUrl, settings, root);
        using var stop = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            stop.Cancel();
        };
        try
        {
            await app.StartAsync(TimeSpan.FromSeconds(90), stop.Token);
            Metrics.Note($"the app (pid {app.ProcessId}) answers at {baseUrl} after {total.Elapsed.TotalSeconds:0.0} s");

            using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = drivers * 2, PooledConnectionLifetime = TimeSpan.FromMinutes(2) };
            using var api = new HttpClient(handler) { BaseAddress = baseUrl, Timeout = TimeSpan.FromSeconds(30) };
            using var storage = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
            var mailbox = new MailboxReader(new BlobServiceClient(connectionString).GetBlobContainerClient(BlobMailbox.ContainerName));
            var driver = new LifecycleDriver(api, storage, StaffKey, ProgramCatalog.LoadDefault(), mailbox, run);

            // The drivers: each takes the next application number until all are driven.
            var outcomes = new ConcurrentBag<DrivenOutcome>();
            var created = new ConcurrentBag<DrivenApplication>();
            var lostBeforeCreate = 0;
            var next = -1;
            var finished = 0;
            LifecyclePlan[] plans = [LifecyclePlan.Accept, LifecyclePlan.Decline, LifecyclePlan.Reject, LifecyclePlan.Withdraw, LifecyclePlan.Reassign];
            var driving = Task.WhenAll(Enumerable.Range(0, drivers).Select(_ => Task.Run(async () =>
            {
                for (var n = Interlocked.Increment(ref next); n < count; n = Interlocked.Increment(ref next))
                {
                    try
                    {
                        var a = await driver.CreateAsync(n, plans[n % plans.Length], LifecycleTimeout, stop.Token);
                        created.Add(a);
                        await driver.SubmitAsync(a, LifecycleTimeout, stop.Token);
                        outcomes.Add(await driver.FinishAsync(a, LifecycleTimeout, stop.Token));
                    }
                    catch (TimeoutException e)
                    {
                        Interlocked.Increment(ref lostBeforeCreate);
                        Metrics.Note($"#{n}: {e.Message}");
                    }
                    var done = Interlocked.Increment(ref finished);
                    if (done % 25 == 0)
                    {
                        Metrics.Note($"{done}/{count} lifecycles driven after {total.Elapsed.TotalSeconds:0} s ({driver.FailedRequests} requests retried)");
                    }
                }
            })));

            // The chaos: two SIGKILLs of the app and one graceful Azurite restart, spread over the run.
            var appKills = 0;
            var azuriteRestarts = 0;
            async Task WaitForProgressAsync(double fraction)
            {
                while (Volatile.Read(ref finished) < Math.Max(1, (int)(count * fraction)) && !driving.IsCompleted)
                {
                    await Task.Delay(200, stop.Token);
                }
            }
            async Task KillAppAsync(string when)
            {
                var pid = app.ProcessId;
                app.Kill();
                appKills++;
                Metrics.Note($"killed the app (pid {pid}) with SIGKILL {when}; starting it again in 2 s");
                await Task.Delay(2000, stop.Token);
                var down = Stopwatch.StartNew();
                await app.StartAsync(TimeSpan.FromSeconds(90), stop.Token);
                Metrics.Note($"the app (pid {app.ProcessId}) answers again after {down.Elapsed.TotalSeconds:0.0} s");
            }
            var chaos = Task.Run(async () =>
            {
                await WaitForProgressAsync(0.2);
                await KillAppAsync($"at {Volatile.Read(ref finished)}/{count}");

                await WaitForProgressAsync(0.45);
                var (blob, queue, table) = (azurite.BlobEndpoint.Port, azurite.QueueEndpoint.Port, azurite.TableEndpoint.Port);
                var graceful = await azurite.StopAsync();
                Metrics.Note($"stopped Azurite at {Volatile.Read(ref finished)}/{count} ({(graceful ? "gracefully, SIGTERM" : "NOT gracefully: killed after 30 s")}); starting it again in 2 s");
                await Task.Delay(2000, stop.Token);
                azurite = await AzuriteProcess.StartAsync(new AzuriteOptions
                {
                    DataDirectory = data,
                    BlobPort = blob,
                    QueuePort = queue,
                    TablePort = table,
                    GracefulStopTimeout = TimeSpan.FromSeconds(30),
                }, stop.Token);
                azuriteRestarts++;
                Metrics.Note($"Azurite answers again on the same ports (pid {azurite.ProcessId})");

                await WaitForProgressAsync(0.7);
                await KillAppAsync($"at {Volatile.Read(ref finished)}/{count}");
            });

            await driving;
            await chaos;
            var drivingSeconds = total.Elapsed.TotalSeconds;
            Metrics.Note($"all lifecycles driven after {drivingSeconds:0} s; checking every application");

            // The check: every application through the staff API and the mailbox.
            var applications = created.OrderBy(a => a.Number).ToList();
            var byId = outcomes.ToDictionary(o => o.Application.Id);
            var completed = 0;
            var lost = lostBeforeCreate;
            var wrong = 0;
            var driverTimeouts = 0;
            var duplicates = 0;
            var reassignments = 0;
            var notCompleted = new List<string>();
            var details = new Dictionary<string, JsonElement>();
            foreach (var a in applications)
            {
                var detail = await ReadAsync(driver, a.Id);
                if (detail is not { } d)
                {
                    lost++;
                    Metrics.Note($"{a.Id} (#{a.Number}, {a.Plan}): no staff view");
                    continue;
                }
                details[a.Id] = d;
                var stage = d.GetProperty("application").GetProperty("stage").GetString();
                if (!byId.TryGetValue(a.Id, out var o) || !o.Reached)
                {
                    driverTimeouts++;
                    Metrics.Note($"{a.Id} (#{a.Number}, {a.Plan}): its driver gave up ({o?.Problem ?? "no outcome"}); now {stage}");
                }
                if (stage == a.ExpectedStage)
                {
                    completed++;
                }
                else if (LifecycleDriver.IsFinal(stage))
                {
                    wrong++;
                    Metrics.Note($"{a.Id} (#{a.Number}, {a.Plan}): ended in {stage}, expected {a.ExpectedStage}");
                }
                else
                {
                    lost++;
                    Metrics.Note($"{a.Id} (#{a.Number}, {a.Plan}): still {stage}, expected {a.ExpectedStage}");
                }
                var history = d.GetProperty("history").EnumerateArray().Select(e => e.GetProperty("type").GetString()!).ToList();
                var twice = history.Where(StageTransitions.Contains).GroupBy(t => t).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
                duplicates += twice.Count;
                if (twice.Count > 0)
                {
                    Metrics.Note($"{a.Id}: transitions recorded twice: {string.Join(", ", twice)}");
                }
                reassignments += history.Count(t => t == "ReviewReassigned");
                if (a.Plan == LifecyclePlan.Reassign && !history.Contains("ReviewReassigned"))
                {
                    Metrics.Note($"{a.Id} (#{a.Number}): planned a missed review, but no ReviewReassigned in its history");
                }
            }

            // Orchestrations finish catching up (emails after the final commit) shortly after the records are final.
            var settle = Stopwatch.StartNew();
            do
            {
                notCompleted.Clear();
                foreach (var a in applications)
                {
                    if (await ReadAsync(driver, a.Id) is { } d && d.GetProperty("orchestration").GetProperty("runtimeStatus").GetString() != "Completed")
                    {
                        notCompleted.Add($"{a.Id} ({d.GetProperty("orchestration").GetProperty("runtimeStatus").GetString()}, {d.GetProperty("orchestration").GetProperty("phase")})");
                    }
                }
                if (notCompleted.Count > 0)
                {
                    await Task.Delay(2000, stop.Token);
                }
            }
            while (notCompleted.Count > 0 && settle.Elapsed < TimeSpan.FromMinutes(3));
            foreach (var instance in notCompleted.Take(10))
            {
                Metrics.Note("orchestration not completed: " + instance);
            }

            var mail = await mailbox.ListAsync(null, int.MaxValue, stop.Token);
            var emailDuplicates = mail.GroupBy(m => m.EffectId).Sum(g => g.Count() - 1);
            var missingEmails = 0;
            var mailByApplication = mail.ToLookup(m => m.ApplicationId);
            foreach (var a in applications.Where(a => details.ContainsKey(a.Id)))
            {
                var kinds = mailByApplication[a.Id].Select(m => m.Kind).ToHashSet(StringComparer.Ordinal);
                foreach (var kind in ExpectedKinds(a.Plan).Where(k => !kinds.Contains(k)))
                {
                    missingEmails++;
                    if (missingEmails <= 10)
                    {
                        Metrics.Note($"{a.Id} (#{a.Number}, {a.Plan}): no {kind} email");
                    }
                }
            }

            Metrics.Report("soak.applications", count, "count");
            Metrics.Report("soak.lifecycles.completed", completed, "count");
            Metrics.Report("soak.lifecycles.lost", lost, "count");
            Metrics.Report("soak.lifecycles.wrong_stage", wrong, "count");
            Metrics.Report("soak.lifecycles.driver_timeouts", driverTimeouts, "count");
            Metrics.Report("soak.timeline.duplicate_transitions", duplicates, "count");
            Metrics.Report("soak.reviews.reassigned", reassignments, "count");
            Metrics.Report("soak.orchestrations.not_completed", notCompleted.Count, "count");
            Metrics.Report("soak.emails.total", mail.Count, "count");
            Metrics.Report("soak.emails.duplicates", emailDuplicates, "count");
            Metrics.Report("soak.emails.missing", missingEmails, "count");
            Metrics.Report("soak.requests.retried", driver.FailedRequests, "count");
            Metrics.Report("soak.app_kills", appKills, "count");
            Metrics.Report("soak.azurite_restarts", azuriteRestarts, "count");
            Metrics.Report("soak.driving_s", drivingSeconds, "s");
            Metrics.Report("soak.duration_s", total.Elapsed.TotalSeconds, "s");
            return lost == 0 && wrong == 0 && duplicates == 0 ? 0 : 1;
        }
        catch (Exception e)
        {
            Metrics.Note($"soak failed: {e}\napp output:\n{app.RecentOutput}");
            return 1;
        }
        finally
        {
            app.Kill();
            await azurite.DisposeAsync();
            try
            {
                Directory.Delete(data, recursive: true);
            }
            catch (IOException)
            {
                // Left for the OS to clean up.
            }
        }
    }

    /// <summary>Events that move an application to another stage; each may appear once in a history.</summary>
    private static readonly HashSet<string> StageTransitions = new(StringComparer.Ordinal)
    {
        "DraftCreated", "Submitted", "ScreeningStarted", "ScreenedIn", "ScreenedOut", "ReviewsCompleted", "OfferMade",
        "Rejected", "Waitlisted", "OfferAccepted", "OfferDeclined", "OfferExpired", "Withdrew", "MarkedIncomplete",
    };

    private static string[] ExpectedKinds(LifecyclePlan plan) =>
    [
        "DraftStarted", "SubmissionReceived", "UnderReview", "MentorReviewRequest",
        .. plan switch
        {
            LifecyclePlan.Accept => new[] { "MentorThankYou", "OfferMade", "AcceptedWelcome", "StaffOfferAccepted" },
            LifecyclePlan.Reassign => ["MentorThankYou", "MentorReviewReminder", "MentorSlotReassigned", "StaffReviewReassigned", "OfferMade", "AcceptedWelcome"],
            LifecyclePlan.Decline => ["MentorThankYou", "OfferMade", "StaffOfferDeclined"],
            LifecyclePlan.Reject => ["MentorThankYou", "Rejected"],
            LifecyclePlan.Withdraw => ["WithdrawalConfirmed", "MentorReviewCancelled"],
            _ => [],
        },
    ];

    private static async Task<JsonElement?> ReadAsync(LifecycleDriver driver, string id)
    {
        for (var attempt = 0; attempt < 20; attempt++)
        {
            if (await driver.StaffDetailAsync(id) is { } detail)
            {
                return detail;
            }
            await Task.Delay(500);
        }
        return null;
    }

    private static int IntOption(string[] args, string name, int fallback)
    {
        var at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length && int.TryParse(args[at + 1], NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value > 0
            ? value
            : fallback;
    }
}
