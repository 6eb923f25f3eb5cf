using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using TalentFunctions.Domain.Applications;
using TalentFunctions.Domain.Programs;
using TalentFunctions.Notifications;
using TalentFunctions.Notifications.Links;
using TalentFunctions.Workflow;
using TalentFunctions.Workflow.Commands;
using TalentFunctions.Workflow.Email;
using TalentFunctions.Workflow.Work;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Queues;
using TalentFunctions.Storage;
using TalentFunctions.Storage.Emulator;

namespace TalentFunctions.Bench;

/// <summary>
/// <c>workflow</c>: drives N applications (default 500, <c>--applications N</c>) through the whole
/// lifecycle — create, two materials (upload by the "applicant", verification by the app), submit,
/// screening, mentor assignment, two reviews, offer, accept — with the runtime in process against a
/// fresh Azurite, 16 applicants at a time and 4 queue workers, as the app runs them. Emails are
/// rendered for real and handed to a sender that drops them (in production they leave through SendGrid,
/// not storage).
/// </summary>
public static class WorkflowScenario
{
    private const int Clients = 16;
    private const int QueueWorkers = 2;

    public static async Task<int> RunAsync(string[] args)
    {
        var applications = 500;
        var at = Array.IndexOf(args, "--applications");
        if (at >= 0 && at + 1 < args.Length)
        {
            applications = int.Parse(args[at + 1], System.Globalization.CultureInfo.InvariantCulture);
        }

        await using var azurite = await AzuriteProcess.StartAsync(new AzuriteOptions());
        var anchorOpsPerSecond = await StorageScenario.MeasureOpsPerSecondC16(azurite.ConnectionString);

        var services = new ServiceCollection();
        services.AddSingleton<ILoggerFactory>(NullLoggerFactory.Instance);
        services.AddSingleton(typeof(ILogger<>), typeof(NullLogger<>));
        services.AddSingleton(new EmailRenderer(new EmailTemplateOptions()));
        services.AddSingleton(new LinkTokenOptions { SigningKey = Convert.ToBase64String(new byte[32]) });
        services.AddSingleton<LinkTokenService>();
        services.AddSingleton(new EmailLinkOptions());
        services.AddSingleton<IEmailSender, DroppingEmailSender>();
        services.AddStorageClients(azurite.ConnectionString);
        services.AddApplicationRuntime();
        services.AddEmailEffects();
        await using var provider = services.BuildServiceProvider();
        var storage = provider.GetRequiredService<OrchestrationStorage>();
        await storage.EnsureCreatedAsync();
        var uploads = new BlobServiceClient(azurite.ConnectionString).GetBlobContainerClient("materials");
        await uploads.CreateIfNotExistsAsync();
        var uploadOptions = new Dictionary<string, BlobUploadOptions>(StringComparer.Ordinal)
        {
            ["video/mp4"] = new() { HttpHeaders = new BlobHttpHeaders { ContentType = "video/mp4" } },
            ["application/pdf"] = new() { HttpHeaders = new BlobHttpHeaders { ContentType = "application/pdf" } },
        };

        var runtime = provider.GetRequiredService<ApplicationRuntime>();
        var processor = provider.GetRequiredService<WorkItemProcessor>();
        var counter = provider.GetRequiredService<StorageOperationCounter>();
        var verifier = provider.GetRequiredService<BlobServiceClient>().GetBlobContainerClient("materials");
        var program = runtime.Programs.Get("hina-directors")!;
        var latencies = new ConcurrentBag<double>();
        var commands = 0L;

        async Task<CommandApplied> Run(string id, ApplicationCommand command)
        {
            var started = Stopwatch.GetTimestamp();
            var result = await runtime.ExecuteAsync(id, command);
            latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            Interlocked.Increment(ref commands);
            return result as CommandApplied ?? throw new InvalidOperationException($"{command.GetType().Name} on {id}: {result}");
        }

        // The benchmark's own reads (to learn the assignment ids a mentor would get by email) go through
        // an uncounted client, so storage_ops.per_lifecycle counts only what the workflow does.
        var options = provider.GetRequiredService<OrchestrationOptions>();
        var benchReads = new Workflow.Store.ApplicationStore(new OrchestrationStorage(
            new TableServiceClient(azurite.ConnectionString), new QueueServiceClient(azurite.ConnectionString),
            new BlobServiceClient(azurite.ConnectionString), options));
        var assigned = new ConcurrentDictionary<string, TaskCompletionSource>();
        TaskCompletionSource AssignedSignal(string id) => assigned.GetOrAdd(id, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));

        async Task Lifecycle(int n)
        {
            var id = $"app-bench{n:D6}";
            var applicant = new Applicant
            {
                Name = "林小雨", Email = $"applicant{n}@example.com", PreferredLanguage = n % 2 == 0 ? "zh" : "en",
                School = "USC", GraduationYear = 2024, Roles = ["director"],
            };
            var project = new Project { Title = "雨季", Logline = "A girl returns home.", Synopsis = "A short film.", Language = "zh", Format = ProjectFormat.Short };
            await Run(id, new CreateDraft("create", "applicant", id, program.Id, "original-ip", applicant, project, "hash"));
            foreach (var (kind, type, bytes) in new[] { (MaterialKind.Reel, "video/mp4", Mp4), (MaterialKind.Script, "application/pdf", Pdf) })
            {
                var materialId = kind.ToString().ToLowerInvariant();
                var blobName = $"{id}/{materialId}";
                await Run(id, new RequestMaterial("request-" + materialId, "applicant", materialId, kind, materialId + ".bin", type, bytes.Length, blobName));
                await uploads.GetBlobClient(blobName).UploadAsync(BinaryData.FromBytes(bytes), uploadOptions[type]); // the applicant's upload, not the app's
                var blob = verifier.GetBlobClient(blobName);
                _ = await blob.GetPropertiesAsync();
                _ = await blob.DownloadContentAsync(new BlobDownloadOptions { Range = new Azure.HttpRange(0, 64) });
                await Run(id, new AttachMaterial("attach-" + materialId, "applicant", materialId, bytes.Length, type));
            }
            await Run(id, new Submit("submit", "applicant"));
            await AssignedSignal(id).Task.WaitAsync(TimeSpan.FromMinutes(2));
            var state = (await benchReads.GetAsync(id))!.State;
            foreach (var a in state.Assignments.Where(a => a.Status == AssignmentStatus.Open))
            {
                await Run(id, new SubmitReview("review-" + a.AssignmentId, "mentor", a.AssignmentId, program.Rubric.ToDictionary(c => c.Id, _ => 4), Recommendation.Advance, "Good."));
            }
            var offered = await Run(id, new Decide("decide", "staff", StaffDecision.Offer, "Welcome"));
            var accepted = await Run(id, new RespondToOffer("respond", "applicant", offered.State.Offer!.OfferId, true));
            if (accepted.State.Stage != Stage.Accepted)
            {
                throw new InvalidOperationException($"{id} ended in {accepted.State.Stage}.");
            }
        }

        using var stop = new CancellationTokenSource();
        var workers = Enumerable.Range(0, QueueWorkers).Select(_ => Task.Run(async () =>
        {
            var idle = 5;
            while (!stop.IsCancellationRequested)
            {
                Azure.Storage.Queues.Models.QueueMessage[] messages = await storage.WorkItems.ReceiveMessagesAsync(32, TimeSpan.FromSeconds(60));
                if (messages.Length == 0)
                {
                    await Task.Delay(idle);
                    idle = Math.Min(idle * 2, 50);
                    continue;
                }
                idle = 5;
                // Like the Functions queue trigger, a batch is processed concurrently.
                await Parallel.ForEachAsync(messages, async (message, _) =>
                {
                    try
                    {
                        await processor.HandleAsync(message.Body.ToString());
                    }
                    catch (Exception ex)
                    {
                        Metrics.Note($"work item failed: {ex.GetType().Name}: {ex.Message}");
                        return;
                    }
                    await storage.WorkItems.DeleteMessageAsync(message.MessageId, message.PopReceipt);
                    if (WorkItemMessage.TryParse(message.Body.ToString()) is { Kind: nameof(WorkKind.AssignMentors) } work)
                    {
                        AssignedSignal(work.ApplicationId).TrySetResult();
                    }
                });
            }
        })).ToList();

        var opsBefore = counter.Count;
        var clock = Stopwatch.StartNew();
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, Clients).Select(_ => Task.Run(async () =>
        {
            int n;
            while ((n = Interlocked.Increment(ref next)) < applications)
            {
                await Lifecycle(n);
            }
        })));
        var seconds = clock.Elapsed.TotalSeconds;
        var ops = counter.Count - opsBefore;
        await stop.CancelAsync();
        await Task.WhenAll(workers.Select(w => w.ContinueWith(_ => { }, TaskScheduler.Default)));

        var sorted = latencies.OrderBy(x => x).ToArray();
        var lifecyclesPerSecond = applications / seconds;
        var opsPerLifecycle = (double)ops / applications;
        Metrics.Report("workflow.lifecycles.per_s", lifecyclesPerSecond, "1/s");
        Metrics.Report("workflow.commands.per_s", commands / seconds, "1/s");
        Metrics.Report("workflow.command_latency.p50_ms", Percentile(sorted, 0.50), "ms");
        Metrics.Report("workflow.command_latency.p99_ms", Percentile(sorted, 0.99), "ms");
        Metrics.Report("workflow.storage_ops.per_lifecycle", opsPerLifecycle, "ops");
        Metrics.Report("workflow.storage_ops.anchor_c16.per_s", anchorOpsPerSecond, "ops/s");
        Metrics.Report("workflow.efficiency", lifecyclesPerSecond / (anchorOpsPerSecond / opsPerLifecycle), "ratio");
        return 0;
    }

    private static double Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? 0 : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];

    private static readonly byte[] Mp4 = [0, 0, 0, 0x18, (byte)'f', (byte)'t', (byte)'y', (byte)'p', (byte)'i', (byte)'s', (byte)'o', (byte)'m', .. new byte[1012]];
    private static readonly byte[] Pdf = [.. "%PDF-1.7\n"u8.ToArray(), .. new byte[1015]];

    private sealed class DroppingEmailSender : IEmailSender
    {
        public Task SendAsync(EmailMessage message, CancellationToken cancellationToken = default) => Task.CompletedTask;
    }
}
