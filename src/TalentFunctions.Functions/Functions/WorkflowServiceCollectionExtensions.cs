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
    /// <summary>Settings of the local Durable engine: TaskHubName, PartitionCount, MaxQueuePollingInterval, WorkItemVisibilityTimeout.</summary>
    public const string DurableEngineSection = "DurableTask";

    /// <summary>
    /// The application workflow: programs, application records, the Durable orchestrations on the local engine,
    /// email (SendGrid, or the dev mailbox when no key is set), signed links and material uploads.
    /// </summary>
    public static IServiceCollection AddWorkflow(this IServiceCollection services)
    {
        services.AddSingleton(sp => ProgramTimingOverrides.Apply(ProgramCatalog.LoadDefault(), sp.GetRequiredService<IConfiguration>()));
        // Bound when first resolved (not now), so every configuration source, test ones included, counts.
        // Bound when first resolved (not now), so every configuration source, test ones included, counts.
        services.AddSingleton(sp =>
        {
            var options = new OrchestrationOptions();
            sp.GetRequiredService<IConfiguration>().GetSection(OrchestrationOptions.SectionName).Bind(options);
            return options;
        });
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
        services.AddOptions<LocalEngineOptions>()
            .Configure<IOptions<StorageOptions>, IConfiguration>((engine, storage, configuration) =>
            {
                engine.StorageConnectionString = storage.Value.ConnectionString ?? "";
                configuration.GetSection(DurableEngineSection).Bind(engine);
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
/// <c>Programs:Timings:*</c> (standalone only): shorter waits for every program — reviews due, offers valid,
/// reminders — so a demo or a soak run sees timers fire in seconds. Empty settings keep the programs' own.
/// </summary>
public static class ProgramTimingOverrides
{
    public const string Section = "Programs:Timings";

    public static ProgramCatalog Apply(ProgramCatalog catalog, IConfiguration configuration)
    {
        var section = configuration.GetSection(Section);
        TimeSpan? Read(string name) => TimeSpan.TryParse(section[name], System.Globalization.CultureInfo.InvariantCulture, out var value) && value > TimeSpan.Zero ? value : null;
        var review = Read(nameof(ProgramTimings.ReviewWindow));
        var offer = Read(nameof(ProgramTimings.OfferValidity));
        var lead = Read(nameof(ProgramTimings.ReminderLead));
        var first = Read(nameof(ProgramTimings.DraftFirstReminderLead));
        var last = Read(nameof(ProgramTimings.DraftLastReminderLead));
        if (review is null && offer is null && lead is null && first is null && last is null)
        {
            return catalog;
        }
        return ProgramCatalog.From(catalog.All.Select(p => p with
        {
            Timings = p.Timings with
            {
                ReviewWindow = review ?? p.Timings.ReviewWindow,
                OfferValidity = offer ?? p.Timings.OfferValidity,
                ReminderLead = lead ?? p.Timings.ReminderLead,
                DraftFirstReminderLead = first ?? p.Timings.DraftFirstReminderLead,
                DraftLastReminderLead = last ?? p.Timings.DraftLastReminderLead,
            },
        }));
    }
}
