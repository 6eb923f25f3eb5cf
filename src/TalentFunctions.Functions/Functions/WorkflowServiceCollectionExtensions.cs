using Microsoft.Extensions.Options;
using TalentFunctions.Domain.Programs;
using TalentFunctions.Functions.Api;
using TalentFunctions.Functions.Hosting;
using TalentFunctions.Functions.Materials;
using TalentFunctions.Notifications;
using TalentFunctions.Notifications.Links;
using TalentFunctions.Notifications.Mailbox;
using TalentFunctions.Notifications.SendGrid;
using TalentFunctions.Workflow;
using TalentFunctions.Workflow.Email;
using TalentFunctions.Workflow.Engine;
using TalentFunctions.Storage;
using Azure.Storage.Blobs;

namespace TalentFunctions.Functions.Functions;

public static class WorkflowServiceCollectionExtensions
{

    /// <summary>
    /// The application workflow: programs, application records, the Durable orchestrations on the local engine,
    /// email (SendGrid, or the dev mailbox when no key is set), signed links and material uploads.
    /// </summary>
    public static IServiceCollection AddWorkflow(this IServiceCollection services)
    {
        services.AddOptions<ProgramTimingSettings>().BindConfiguration(ProgramTimingSettings.Section);
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<ProgramTimingSettings>>().Value.ApplyTo(ProgramCatalog.LoadDefault()));
        // Bound when first resolved (not now), so every configuration source, test ones included, counts; checked at start.
        services.AddOptions<OrchestrationOptions>()
            .BindConfiguration(OrchestrationOptions.SectionName)
            .Validate(o => o.StepMaxAttempts >= 1, "Orchestration:StepMaxAttempts must be at least 1.")
            .Validate(o => o.StepFirstRetryInterval > TimeSpan.Zero, "Orchestration:StepFirstRetryInterval must be positive.")
            .Validate(o => o.MaxConflictRetries >= 1, "Orchestration:MaxConflictRetries must be at least 1.")
            .Validate(o => !string.IsNullOrWhiteSpace(o.LifecycleOrchestrator), "Orchestration:LifecycleOrchestrator must name an orchestrator.")
            .ValidateOnStart();
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<OrchestrationOptions>>().Value);
        services.AddApplicationWorkflow();
        services.AddStorageInitializer((sp, ct) => sp.GetRequiredService<OrchestrationStorage>().EnsureCreatedAsync(ct));
        services.AddStorageResources(r =>
        {
            r.BlobContainers.Add(MaterialStorage.ContainerName);
            r.BlobContainers.Add(BlobMailbox.ContainerName);
        });

        // The Durable engine, in this process (DESIGN §5): the Azure Storage backend on the app's storage account
        // (Azurite locally), served over loopback gRPC to the worker running the application orchestrations.
        services.AddLocalDurableEngine(_ => { }, tasks => tasks.AddApplicationTasks());
        services.AddOptions<DurableEngineSettings>().BindConfiguration(DurableEngineSettings.Section);
        services.AddOptions<LocalEngineOptions>()
            .Configure<IOptions<StorageOptions>, IOptions<DurableEngineSettings>>((engine, storage, settings) =>
            {
                engine.StorageConnectionString = storage.Value.ConnectionString ?? "";
                settings.Value.ApplyTo(engine);
            });

        // Email: templates, signed links, and the sender.
        services.AddSingleton(_ => new EmailRenderer(new EmailTemplateOptions()));
        services.AddHostedService<EmailTemplateCheck>();
        services.AddSingleton(sp => new LinkTokenOptions { SigningKey = sp.GetRequiredService<IOptions<LinksOptions>>().Value.SigningKey });
        services.AddSingleton<LinkTokenService>();
        services.AddSingleton(sp => new EmailLinkOptions { PublicBaseUrl = sp.GetRequiredService<IOptions<LinksOptions>>().Value.PublicBaseUrl });
        services.AddHttpClient<SendGridEmailSender>();
        services.AddSingleton<IEmailSender>(sp =>
        {
            var email = sp.GetRequiredService<IOptions<EmailOptions>>().Value;
            if (email.UseDevMailbox)
            {
                var container = sp.GetRequiredService<BlobServiceClient>().GetBlobContainerClient(BlobMailbox.ContainerName);
                return new BlobMailboxEmailSender(container, sp.GetRequiredService<TimeProvider>());
            }
            var options = new SendGridOptions
            {
                ApiKey = email.SendGridApiKey!,
                BaseUrl = email.SendGridBaseUrl,
                FromEmail = email.FromEmail,
                FromName = email.FromName,
            };
            var http = sp.GetRequiredService<IHttpClientFactory>().CreateClient(nameof(SendGridEmailSender));
            return new SendGridEmailSender(http, options, sp.GetRequiredService<TimeProvider>());
        });

        services.AddSingleton<MaterialStorage>();
        services.AddSingleton<IdempotencyKeys>();
        return services;
    }

    /// <summary>JSON contract, ProblemDetails for every error, OpenAPI, rate limits on public routes.</summary>
    public static IServiceCollection AddApiConventions(this IServiceCollection services)
    {
        services.ConfigureHttpJsonOptions(o => ApiJson.Configure(o.SerializerOptions));
        services.AddProblemDetails(options => options.CustomizeProblemDetails = context =>
        {
            // Errors raised by the framework itself (404 unknown route, 405, 413, 415) get the same
            // kind of stable type as ours.
            var problem = context.ProblemDetails;
            if (problem.Type is null || problem.Type.StartsWith("https://tools.ietf.org/", StringComparison.Ordinal))
            {
                var code = problem.Status switch
                {
                    StatusCodes.Status400BadRequest => "bad-request",
                    StatusCodes.Status404NotFound => "not-found",
                    StatusCodes.Status405MethodNotAllowed => "method-not-allowed",
                    StatusCodes.Status413PayloadTooLarge => "body-too-large",
                    StatusCodes.Status415UnsupportedMediaType => "unsupported-media-type",
                    StatusCodes.Status500InternalServerError => "internal-error",
                    _ => null,
                };
                if (code is not null)
                {
                    problem.Type = Problems.TypePrefix + code;
                    problem.Extensions["code"] = code;
                }
            }
        });
        services.AddOpenApi();
        services.AddPublicRateLimits();
        return services;
    }
}

/// <summary>
/// <c>DurableTask:*</c>: the local Durable engine's settings (empty ones keep <see cref="LocalEngineOptions"/>' defaults:
/// task hub TalentFunctions, one partition, 3 s polling, 30 s visibility timeout).
/// </summary>
public sealed class DurableEngineSettings
{
    public const string Section = "DurableTask";

    public string? TaskHubName { get; set; }
    public int? PartitionCount { get; set; }
    public TimeSpan? MaxQueuePollingInterval { get; set; }
    public TimeSpan? WorkItemVisibilityTimeout { get; set; }

    public void ApplyTo(LocalEngineOptions engine)
    {
        engine.TaskHubName = string.IsNullOrWhiteSpace(TaskHubName) ? engine.TaskHubName : TaskHubName;
        engine.PartitionCount = PartitionCount ?? engine.PartitionCount;
        engine.MaxQueuePollingInterval = MaxQueuePollingInterval ?? engine.MaxQueuePollingInterval;
        engine.WorkItemVisibilityTimeout = WorkItemVisibilityTimeout ?? engine.WorkItemVisibilityTimeout;
    }
}

/// <summary>
/// <c>Programs:Timings:*</c> (standalone only): shorter waits for every program — reviews due, offers valid,
/// reminders — so a demo or a soak run sees timers fire in seconds. Empty settings keep the programs' own.
/// </summary>
public sealed class ProgramTimingSettings
{
    public const string Section = "Programs:Timings";

    public TimeSpan? ReviewWindow { get; set; }
    public TimeSpan? OfferValidity { get; set; }
    public TimeSpan? ReminderLead { get; set; }
    public TimeSpan? DraftFirstReminderLead { get; set; }
    public TimeSpan? DraftLastReminderLead { get; set; }

    public ProgramCatalog ApplyTo(ProgramCatalog catalog)
    {
        if (ReviewWindow is null && OfferValidity is null && ReminderLead is null && DraftFirstReminderLead is null && DraftLastReminderLead is null)
        {
            return catalog;
        }
        return ProgramCatalog.From(catalog.All.Select(p => p with
        {
            Timings = p.Timings with
            {
                ReviewWindow = ReviewWindow ?? p.Timings.ReviewWindow,
                OfferValidity = OfferValidity ?? p.Timings.OfferValidity,
                ReminderLead = ReminderLead ?? p.Timings.ReminderLead,
                DraftFirstReminderLead = DraftFirstReminderLead ?? p.Timings.DraftFirstReminderLead,
                DraftLastReminderLead = DraftLastReminderLead ?? p.Timings.DraftLastReminderLead,
            },
        }));
    }
}
