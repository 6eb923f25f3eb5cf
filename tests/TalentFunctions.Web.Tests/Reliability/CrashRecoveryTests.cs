using System.Diagnostics;
using System.Text.Json;
using Azure.Storage.Blobs;
using TalentFunctions.Domain.Programs;
using TalentFunctions.Web.Tests.Hosting;
using TalentFunctions.Notifications.Mailbox;
using TalentFunctions.TestSupport;
using Xunit.Abstractions;

namespace TalentFunctions.Web.Tests.Reliability;

/// <summary>
/// The standalone app as its own process, killed with SIGKILL while its orchestrations have work in flight (screening,
/// mentor assignment, emails just after four submits), then started again on the same task hub: every application
/// still reaches the end its people drive it to, no stage transition is recorded twice, and every email is there once.
/// </summary>
[Collection(AzuriteFixture.Collection)]
public sealed class CrashRecoveryTests(AzuriteFixture azurite, ITestOutputHelper log)
{
    /// <summary>Events that move an application to another stage; each may appear once in a history.</summary>
    public static readonly IReadOnlySet<string> StageTransitions = new HashSet<string>(StringComparer.Ordinal)
    {
        "DraftCreated", "Submitted", "ScreeningStarted", "ScreenedIn", "ScreenedOut", "ReviewsCompleted", "OfferMade",
        "Rejected", "Waitlisted", "OfferAccepted", "OfferDeclined", "OfferExpired", "Withdrew", "MarkedIncomplete",
    };

    [Fact]
    public async Task After_a_kill_9_with_work_in_flight_every_application_reaches_its_end_once_with_its_emails()
    {
        var total = Stopwatch.StartNew();
        var root = AppProcess.FindRepositoryRoot();
        var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug";
        var dll = AppProcess.BuiltAppPath(root, configuration);
        Assert.True(File.Exists(dll), $"the app is built at {dll}");

        var run = Guid.NewGuid().ToString("N")[..10];
        var baseUrl = new Uri($"http://127.0.0.1:{AppProcess.FreeLoopbackPort()}/");
        var settings = new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Development", // the dev mailbox
            ["Storage__ConnectionString"] = azurite.ConnectionString,
            ["Staff__ApiKey"] = TestSettings.StaffApiKey,
            ["Links__SigningKey"] = TestSettings.SigningKey,
            ["Links__PublicBaseUrl"] = baseUrl.GetLeftPart(UriPartial.Authority),
            ["Email__SendGridApiKey"] = "",
            ["DurableTask__TaskHubName"] = "crash" + run,
            ["Orchestration__TablePrefix"] = "crash" + run,
            ["DurableTask__MaxQueuePollingInterval"] = "00:00:00.500",
            ["DurableTask__WorkItemVisibilityTimeout"] = "00:00:05", // interrupted work is retried 5 s after the kill
            ["RateLimiting__PermitsPerMinute"] = "100000",
            ["Logging__LogLevel__Default"] = "Warning",
        };
        using var app = new AppProcess(dll, baseUrl, settings, root);
        await app.StartAsync(TimeSpan.FromSeconds(40));
        log.WriteLine($"started the app at {baseUrl} after {total.Elapsed.TotalSeconds:0.0} s");

        using var api = new HttpClient { BaseAddress = baseUrl, Timeout = TimeSpan.FromSeconds(15) };
        using var storage = new HttpClient { Timeout = TimeSpan.FromSeconds(15) };
        var programs = ProgramCatalog.LoadDefault();
        var mailbox = new MailboxReader(new BlobServiceClient(azurite.ConnectionString).GetBlobContainerClient(BlobMailbox.ContainerName));
        var driver = new LifecycleDriver(api, storage, TestSettings.StaffApiKey, programs, mailbox, run) { PollInterval = TimeSpan.FromMilliseconds(250) };

        LifecyclePlan[] plans = [LifecyclePlan.Accept, LifecyclePlan.Decline, LifecyclePlan.Reject, LifecyclePlan.Withdraw];
        var applications = await Task.WhenAll(plans.Select((plan, i) => driver.CreateAsync(i, plan, TimeSpan.FromSeconds(15))));
        await Task.WhenAll(applications.Select(a => driver.SubmitAsync(a, TimeSpan.FromSeconds(15))));

        // Four orchestrations now screen, assign mentors and send emails: kill -9 in the middle of that.
        var inFlight = await Task.WhenAll(applications.Select(async a => await driver.StaffDetailAsync(a.Id) is { } d ? InFlight(d) : "unread"));
        app.Kill();
        log.WriteLine("at the kill: " + string.Join("; ", inFlight));
        Assert.Contains(inFlight, w => !w.StartsWith("caught up", StringComparison.Ordinal));
        log.WriteLine($"killed the app after {total.Elapsed.TotalSeconds:0.0} s");
        await app.StartAsync(TimeSpan.FromSeconds(40));
        log.WriteLine($"restarted the app after {total.Elapsed.TotalSeconds:0.0} s");

        var outcomes = await Task.WhenAll(applications.Select(a => driver.FinishAsync(a, TimeSpan.FromSeconds(40))));
        log.WriteLine($"all ended after {total.Elapsed.TotalSeconds:0.0} s ({driver.FailedRequests} requests retried)");
        foreach (var outcome in outcomes)
        {
            Assert.True(outcome.Reached, $"{outcome.Application.Id} ({outcome.Application.Plan}): {outcome.Problem}\n{app.RecentOutput}");
        }

        foreach (var a in applications)
        {
            var detail = await driver.StaffDetailAsync(a.Id) ?? throw new InvalidOperationException($"no staff view of {a.Id}");
            Assert.Equal(a.ExpectedStage, detail.GetProperty("application").GetProperty("stage").GetString());
            var transitions = detail.GetProperty("history").EnumerateArray().Select(e => e.GetProperty("type").GetString()!).Where(StageTransitions.Contains).ToList();
            Assert.True(transitions.Count == transitions.Distinct().Count(), $"{a.Id} has a transition twice: {string.Join(", ", transitions)}");
        }

        // The emails of what followed: the orchestrations catch up with the records (emails go out after the commit).
        await Eventually.AssertAsync(async () =>
        {
            var missing = new List<string>();
            var recent = await mailbox.ListAsync(null, 500); // newest first: this test's are the newest
            foreach (var a in applications)
            {
                var mail = recent.Where(m => m.ApplicationId == a.Id).ToList();
                Assert.True(mail.Count == mail.Select(m => m.EffectId).Distinct().Count(), $"{a.Id}: an effect was delivered twice");
                missing.AddRange(ExpectedKinds(a.Plan).Where(kind => !mail.Any(m => m.Kind == kind)).Select(kind => $"{a.Id} ({a.Plan}): {kind}"));
                if (mail.Count(m => m.Kind == "MentorReviewRequest") < 2)
                {
                    missing.Add($"{a.Id}: two MentorReviewRequest");
                }
            }
            if (missing.Count > 0)
            {
                log.WriteLine("waiting for " + string.Join("; ", missing));
            }
            return missing.Count == 0;
        }, TimeSpan.FromSeconds(20), "every expected email is in the mailbox");
        log.WriteLine($"done in {total.Elapsed.TotalSeconds:0.0} s");
    }

    /// <summary>What the application's orchestration still had to do when it was read.</summary>
    private static string InFlight(JsonElement detail)
    {
        var application = detail.GetProperty("application");
        var stage = application.GetProperty("stage").GetString();
        var open = application.GetProperty("assignments").GetArrayLength();
        var caughtUp = detail.GetProperty("orchestration").TryGetProperty("caughtUpWithVersion", out var v) && v.ValueKind == JsonValueKind.Number ? v.GetInt64() : -1;
        var version = application.GetProperty("version").GetInt64();
        return stage == "InReview" && open == 2 && caughtUp == version
            ? $"caught up: {stage}, v{version}"
            : $"in flight: {stage}, {open} assignments, v{version}, orchestration at v{caughtUp}";
    }

    private static string[] ExpectedKinds(LifecyclePlan plan) =>
    [
        "DraftStarted", "SubmissionReceived", "UnderReview", "MentorReviewRequest",
        .. plan switch
        {
            LifecyclePlan.Accept => new[] { "MentorThankYou", "OfferMade", "AcceptedWelcome", "StaffOfferAccepted" },
            LifecyclePlan.Decline => ["MentorThankYou", "OfferMade", "StaffOfferDeclined"],
            LifecyclePlan.Reject => ["MentorThankYou", "Rejected"],
            LifecyclePlan.Withdraw => ["WithdrawalConfirmed", "MentorReviewCancelled"],
            _ => [],
        },
    ];
}
