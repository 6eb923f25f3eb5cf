using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using TalentFunctions.Domain.Applications;
using TalentFunctions.Domain.Programs;
using TalentFunctions.Workflow;
using TalentFunctions.Workflow.Commands;
using TalentFunctions.Workflow.Outbox;
using TalentFunctions.Workflow.Queries;
using TalentFunctions.Workflow.Store;
using TalentFunctions.Workflow.Timers;
using TalentFunctions.Workflow.Work;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using TalentFunctions.Storage;
using TalentFunctions.TestSupport;

namespace TalentFunctions.Workflow.Tests;

/// <summary>Records every email effect the runtime performs (the effect id and what it was).</summary>
public sealed class RecordingEmailHandler : IEffectHandler
{
    public ConcurrentQueue<(string ApplicationId, string EffectId, SendEmail Email)> Sent { get; } = new();

    public string Type => OutboxTypes.Email;

    public Task<EffectOutcome> ExecuteAsync(string applicationId, OutboxItem item, CancellationToken cancellationToken)
    {
        var email = System.Text.Json.JsonSerializer.Deserialize<SendEmail>(item.Json, Domain.DomainJson.Options)!;
        Sent.Enqueue((applicationId, item.EffectId, email));
        return Task.FromResult(EffectOutcome.Done);
    }

    public IReadOnlyList<EmailKind> KindsFor(string applicationId) =>
        Sent.Where(s => s.ApplicationId == applicationId).Select(s => s.Email.Kind).ToList();
}

/// <summary>
/// The runtime wired as the app wires it, against the shared Azurite, with its own tables and
/// queues (a unique prefix), a manual clock and a recording email handler.
/// </summary>
public sealed class RuntimeHarness : IAsyncDisposable
{
    public static readonly DateTimeOffset Start = new(2026, 11, 21, 9, 0, 0, TimeSpan.Zero);

    private readonly ServiceProvider provider;

    private RuntimeHarness(ServiceProvider provider)
    {
        this.provider = provider;
    }

    public ManualTimeProvider Clock => provider.GetRequiredService<ManualTimeProvider>();
    public RecordingEmailHandler Emails => provider.GetRequiredService<RecordingEmailHandler>();
    public ApplicationRuntime Runtime => provider.GetRequiredService<ApplicationRuntime>();
    public ApplicationStore Store => provider.GetRequiredService<ApplicationStore>();
    public ApplicationQueries Queries => provider.GetRequiredService<ApplicationQueries>();
    public TimerSweeper TimerSweeper => provider.GetRequiredService<TimerSweeper>();
    public OutboxSweeper OutboxSweeper => provider.GetRequiredService<OutboxSweeper>();
    public WorkItemProcessor WorkItems => provider.GetRequiredService<WorkItemProcessor>();
    public OrchestrationStorage Storage => provider.GetRequiredService<OrchestrationStorage>();
    public PendingOutboxMarkers Markers => provider.GetRequiredService<PendingOutboxMarkers>();
    public RuntimeHooks Hooks => provider.GetRequiredService<RuntimeHooks>();
    public StateCache Cache => provider.GetRequiredService<StateCache>();
    public StorageOperationCounter Counter => provider.GetRequiredService<StorageOperationCounter>();
    public ProgramCatalog Programs => provider.GetRequiredService<ProgramCatalog>();
    public T Get<T>() where T : notnull => provider.GetRequiredService<T>();

    /// <summary>
    /// With <paramref name="mailboxContainer"/>, emails go through the real pipeline (templates, signed
    /// links) into a Blob Storage mailbox instead of the recording handler.
    /// </summary>
    public static async Task<RuntimeHarness> StartAsync(AzuriteFixture azurite, Action<OrchestrationOptions>? configure = null, string? mailboxContainer = null)
    {
        var services = new ServiceCollection();
        var clock = new ManualTimeProvider(Start);
        services.AddSingleton(clock);
        services.AddSingleton<TimeProvider>(clock);
        services.AddSingleton<ILoggerFactory>(NullLoggerFactory.Instance);
        services.AddSingleton(typeof(ILogger<>), typeof(NullLogger<>));
        services.AddSingleton<RecordingEmailHandler>();
        if (mailboxContainer is null)
        {
            services.AddSingleton<IEffectHandler>(sp => sp.GetRequiredService<RecordingEmailHandler>());
        }
        else
        {
            services.AddSingleton(new Notifications.EmailRenderer(new Notifications.EmailTemplateOptions()));
            services.AddSingleton(new Notifications.Links.LinkTokenOptions { SigningKey = Convert.ToBase64String(new byte[32]) });
            services.AddSingleton<Notifications.Links.LinkTokenService>();
            services.AddSingleton(new Email.EmailLinkOptions { PublicBaseUrl = new Uri("https://talent.example") });
            services.AddSingleton<Notifications.IEmailSender>(sp => new Notifications.Mailbox.BlobMailboxEmailSender(
                sp.GetRequiredService<BlobServiceClient>().GetBlobContainerClient(mailboxContainer), clock));
            services.AddEmailEffects();
        }
        var prefix = AzuriteFixture.UniqueTableName("o")[..14];
        services.AddStorageClients(azurite.ConnectionString);
        services.AddApplicationRuntime(o =>
        {
            o.TablePrefix = prefix;
            o.WorkItemQueue = AzuriteFixture.UniqueQueueName("work");
            configure?.Invoke(o);
        });
        var provider = services.BuildServiceProvider();
        await provider.GetRequiredService<OrchestrationStorage>().EnsureCreatedAsync();
        if (mailboxContainer is not null)
        {
            await provider.GetRequiredService<BlobServiceClient>().GetBlobContainerClient(mailboxContainer).CreateIfNotExistsAsync();
        }
        return new RuntimeHarness(provider);
    }

    public Task<CommandResult> RunAsync(string applicationId, ApplicationCommand command) => Runtime.ExecuteAsync(applicationId, command);

    public async Task<ApplicationState> StateAsync(string applicationId) =>
        (await Store.GetAsync(applicationId))?.State ?? throw new InvalidOperationException($"{applicationId} not found");

    /// <summary>Delivers every visible work item once (like the queue runner), deleting each after success.</summary>
    public async Task<int> PumpWorkItemsAsync()
    {
        var handled = 0;
        while (true)
        {
            Azure.Storage.Queues.Models.QueueMessage[] messages = await Storage.WorkItems.ReceiveMessagesAsync(32, TimeSpan.FromSeconds(30));
            if (messages.Length == 0)
            {
                return handled;
            }
            foreach (var message in messages)
            {
                await WorkItems.HandleAsync(message.Body.ToString());
                await Storage.WorkItems.DeleteMessageAsync(message.MessageId, message.PopReceipt);
                handled++;
            }
        }
    }

    public async Task<int> CountRowsAsync(TableClient table, string? filter = null)
    {
        var n = 0;
        await foreach (var _ in table.QueryAsync<TableEntity>(filter))
        {
            n++;
        }
        return n;
    }

    public async ValueTask DisposeAsync() => await provider.DisposeAsync();
}

/// <summary>Builders for valid commands, so each test states only what matters to it.</summary>
public static class Commands
{
    public static Applicant Applicant(string email = "xiaoyu@example.com", string school = "USC", string language = "zh") => new()
    {
        Name = "林小雨",
        Email = email,
        PreferredLanguage = language,
        TimeZone = "Asia/Shanghai",
        School = school,
        GraduationYear = 2024,
        Roles = ["director"],
        Awards = ["Student Academy Award"],
    };

    public static Project Project(string title = "雨季 The Rainy Season") => new()
    {
        Title = title,
        Logline = "一个女孩在雨季回到故乡。",
        Synopsis = "A short film about returning home during the rainy season.",
        Language = "zh",
        Format = ProjectFormat.Short,
    };

    public static CreateDraft Create(string applicationId, string email = "xiaoyu@example.com", string programId = "hina-directors", string track = "original-ip") =>
        new("create", "applicant", applicationId, programId, track, Applicant(email), Project(), "hash-" + applicationId);

    public static RequestMaterial RequestReel(string materialId = "m-reel") =>
        new("request-" + materialId, "applicant", materialId, MaterialKind.Reel, "reel.mp4", "video/mp4", 1024, "materials/" + materialId);

    public static AttachMaterial AttachReel(string materialId = "m-reel") =>
        new("attach-" + materialId, "applicant", materialId, 1024, "video/mp4");

    public static Submit Submit() => new("submit", "applicant");

    public static SubmitReview Review(ProgramDefinition program, string assignmentId, int score = 4) =>
        new("review-" + assignmentId, "mentor", assignmentId, program.Rubric.ToDictionary(c => c.Id, _ => score), Recommendation.Advance, "Strong voice.");
}
