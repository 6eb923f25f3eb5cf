using System.Text.Json;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using TalentFunctions.Domain.Applications;
using TalentFunctions.Domain.Programs;
using TalentFunctions.Notifications;
using TalentFunctions.Notifications.Links;
using TalentFunctions.Notifications.SendGrid;
using TalentFunctions.Storage;
using TalentFunctions.TestSupport;
using TalentFunctions.Workflow.Commands;
using TalentFunctions.Workflow.Email;
using TalentFunctions.LocalEngine;
using TalentFunctions.Workflow.Lifecycle;
using TalentFunctions.Workflow.Store;

namespace TalentFunctions.Workflow.Tests.Lifecycle;

/// <summary>
/// The workflow as a host wires it — application records on Azurite, the orchestration and its activities on the
/// local Durable engine, emails through SendGrid's API to a fake SendGrid on loopback — with its own tables and
/// task hub. The business clock is manual unless the test passes another.
/// </summary>
public sealed class WorkflowHarness : IAsyncDisposable
{
    public static readonly DateTimeOffset Start = new(2026, 11, 21, 9, 0, 0, TimeSpan.Zero);
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(45);

    private readonly bool ownsSendGrid;

    private WorkflowHarness(IHost host, FakeSendGridServer sendGrid, bool ownsSendGrid, string taskHub, string tablePrefix)
    {
        Host = host;
        SendGrid = sendGrid;
        this.ownsSendGrid = ownsSendGrid;
        TaskHub = taskHub;
        TablePrefix = tablePrefix;
    }

    public string TablePrefix { get; }

    public IHost Host { get; }
    public FakeSendGridServer SendGrid { get; }
    public string TaskHub { get; }
    public ApplicationCommands Commands => Get<ApplicationCommands>();
    public ApplicationRecords Records => Get<ApplicationRecords>();
    public DurableTaskClient Durable => Get<DurableTaskClient>();
    public ProgramDefinition Program => Get<ProgramCatalog>().Get("hina-directors")!;

    public T Get<T>() where T : notnull => Host.Services.GetRequiredService<T>();

    public static async Task<WorkflowHarness> StartAsync(
        AzuriteFixture azurite,
        TimeProvider? clock = null,
        Func<ProgramTimings, ProgramTimings>? timings = null,
        Action<OrchestrationOptions>? options = null,
        Action<DurableTaskRegistry>? moreTasks = null,
        string? taskHub = null,
        string? tablePrefix = null,
        FakeSendGridServer? sendGrid = null)
    {
        var ownsSendGrid = sendGrid is null;
        sendGrid ??= FakeSendGridServer.Start();
        taskHub ??= EngineHost.UniqueTaskHub();
        tablePrefix ??= AzuriteFixture.UniqueTableName("w")[..14];
        var builder = Microsoft.Extensions.Hosting.Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Services.AddLogging(l => l.SetMinimumLevel(LogLevel.Warning));
        builder.Services.AddSingleton(clock ?? new ManualTimeProvider(Start));
        var catalog = ProgramCatalog.LoadDefault();
        builder.Services.AddSingleton(timings is null
            ? catalog
            : ProgramCatalog.From(catalog.All.Select(p => p with { Timings = timings(p.Timings) })));
        builder.Services.AddStorageClients(azurite.ConnectionString);
        builder.Services.AddApplicationWorkflow(o =>
        {
            o.TablePrefix = tablePrefix;
            o.StepMaxAttempts = 3;
            o.StepFirstRetryInterval = TimeSpan.FromMilliseconds(200);
            options?.Invoke(o);
        });
        builder.Services.AddSingleton(new EmailRenderer(new EmailTemplateOptions()));
        builder.Services.AddSingleton(new LinkTokenOptions { SigningKey = Convert.ToBase64String(new byte[32]) });
        builder.Services.AddSingleton<LinkTokenService>();
        builder.Services.AddSingleton(new EmailLinkOptions { PublicBaseUrl = new Uri("https://talent.example") });
        builder.Services.AddSingleton<IEmailSender>(sp => new SendGridEmailSender(new HttpClient(), new SendGridOptions
        {
            ApiKey = sendGrid.ApiKey,
            BaseUrl = sendGrid.BaseUrl,
            FromEmail = "programs@talentfunctions.example",
            FromName = "TalentFunctions Programs",
            // One attempt per send: the orchestration's activity retries are what is tested.
            MaxAttempts = 1,
        }, sp.GetRequiredService<TimeProvider>()));
        builder.Services.AddLocalDurableEngine(
            engine =>
            {
                engine.StorageConnectionString = azurite.ConnectionString;
                engine.TaskHubName = taskHub;
                engine.MaxQueuePollingInterval = EngineHost.TestPolling;
            },
            tasks =>
            {
                tasks.AddApplicationTasks();
                moreTasks?.Invoke(tasks);
            });

        var host = builder.Build();
        await host.Services.GetRequiredService<OrchestrationStorage>().EnsureCreatedAsync();
        await host.StartAsync();
        return new WorkflowHarness(host, sendGrid, ownsSendGrid, taskHub, tablePrefix);
    }

    public async Task<ApplicationState> StateAsync(string id) =>
        (await Get<ApplicationStore>().GetAsync(id))?.State ?? throw new InvalidOperationException($"{id} not found");

    /// <summary>A draft with a verified reel and script, through the commands HTTP handlers use.</summary>
    public async Task<string> DraftAsync(string? email = null, string language = "zh", string school = "USC")
    {
        var id = "app-" + Guid.NewGuid().ToString("N")[..20];
        email ??= $"wf-{Guid.NewGuid():N}"[..16] + "@example.com";
        var applicant = new Applicant
        {
            Name = "林小雨",
            Email = email,
            PreferredLanguage = language,
            School = school,
            GraduationYear = 2024,
            Roles = ["director"],
        };
        var project = new Project
        {
            Title = "雨季 The Rainy Season",
            Logline = "一个女孩在雨季回到故乡。",
            Synopsis = "A short film about returning home.",
            Language = language,
            Format = ProjectFormat.Short,
        };
        Assert.IsType<CommandApplied>(await Commands.ExecuteAsync(id, new CreateDraft("create-" + id, "applicant", id, "hina-directors", "original-ip", applicant, project, "hash")));
        foreach (var (kind, file, type) in new[] { (MaterialKind.Reel, "reel.mp4", "video/mp4"), (MaterialKind.Script, "script.pdf", "application/pdf") })
        {
            var materialId = "m-" + kind.ToString().ToLowerInvariant();
            Assert.IsType<CommandApplied>(await Commands.ExecuteAsync(id, new RequestMaterial("req-" + materialId, "applicant", materialId, kind, file, type, 2048, $"{id}/{materialId}")));
            Assert.IsType<CommandApplied>(await Commands.ExecuteAsync(id, new AttachMaterial("att-" + materialId, "applicant", materialId, 2048, type)));
        }
        return id;
    }

    /// <summary>Submitted, screened in and with its mentors assigned.</summary>
    public async Task<string> InReviewAsync(string? email = null)
    {
        var id = await DraftAsync(email);
        Assert.IsType<CommandApplied>(await Commands.ExecuteAsync(id, new Submit("submit-" + id, "applicant")));
        // InReview comes with screening; the mentors are assigned by the next step.
        await Eventually.AssertAsync(async () => (await StateAsync(id)).Stage == Stage.InReview, Patience, $"{id} in review");
        await SettledAsync(id);
        Assert.Equal(2, (await StateAsync(id)).Assignments.Count(a => a.Status == AssignmentStatus.Open));
        return id;
    }

    public async Task ReviewAllAsync(string id, int score = 4)
    {
        foreach (var a in (await StateAsync(id)).Assignments.Where(a => a.Status == AssignmentStatus.Open))
        {
            var review = new SubmitReview("review-" + a.AssignmentId, "mentor", a.AssignmentId, Program.Rubric.ToDictionary(c => c.Id, _ => score), Recommendation.Advance, "Good.");
            Assert.IsType<CommandApplied>(await Commands.ExecuteAsync(id, review));
        }
    }

    /// <summary>The orchestration's status, once it has one.</summary>
    public async Task<LifecycleStatus?> StatusAsync(string id)
    {
        var instance = await Durable.GetInstanceAsync(id, getInputsAndOutputs: true);
        return instance?.SerializedCustomStatus is { Length: > 0 } json
            ? JsonSerializer.Deserialize<LifecycleStatus>(json, new JsonSerializerOptions(JsonSerializerDefaults.Web))
            : null;
    }

    /// <summary>Waits until the orchestration has caught up with the record (waiting, blocked, or ended).</summary>
    public async Task SettledAsync(string id)
    {
        await Eventually.AssertAsync(async () =>
        {
            var state = await StateAsync(id);
            return await StatusAsync(id) is { } status && status.Version >= state.Version;
        }, Patience, $"the orchestration of {id} to catch up");
    }

    public IReadOnlyList<string> KindsSent(string id) =>
        [.. SendGrid.Accepted.Where(m => m.ApplicationId == id).GroupBy(m => m.EffectId).Select(g => g.First().Kind)];

    public async ValueTask DisposeAsync()
    {
        await Host.StopAsync();
        Host.Dispose();
        if (ownsSendGrid)
        {
            await SendGrid.DisposeAsync();
        }
    }
}
