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
using Azure.Storage.Blobs;

namespace TalentFunctions.Functions.Functions;

public static class WorkflowServiceCollectionExtensions
{
    /// <summary>
    /// The application workflow: programs, the durable runtime, its queue and timer functions, email
    /// (SendGrid, or the dev mailbox when no key is set), signed links and material uploads.
    /// </summary>
    public static IServiceCollection AddWorkflow(this IServiceCollection services)
    {
        services.AddSingleton(_ => ProgramCatalog.LoadDefault());
        // Bound when first resolved (not now), so every configuration source, test ones included, counts.
        services.AddSingleton(sp =>
        {
            // Standalone, HTTP callers are answered at commit and effects follow on a background dispatcher.
            // Under the Functions host an instance may be frozen once it has answered, so effects run
            // before the invocation ends (the sweeper would otherwise pick them up only minutes later).
            var configuration = sp.GetRequiredService<IConfiguration>();
            var options = new OrchestrationOptions { DispatchInline = HostingModeDetector.Detect(configuration) == HostingMode.CustomHandler };
            configuration.GetSection(OrchestrationOptions.SectionName).Bind(options);
            // The queue functions listen on the catalog's queue: the runtime must enqueue there whenever
            // anything consumes the queue (a different name is only for tests that pump it themselves).
            var runners = sp.GetRequiredService<IOptions<HostingOptions>>().Value.RunLocalRunners == true;
            if ((runners || HostingModeDetector.Detect(configuration) == HostingMode.CustomHandler) && options.WorkItemQueue != FunctionCatalog.WorkItemsQueue)
            {
                throw new InvalidOperationException(
                    $"Orchestration:WorkItemQueue is '{options.WorkItemQueue}', but the queue functions listen on '{FunctionCatalog.WorkItemsQueue}'. Remove the setting.");
            }
            return options;
        });
        services.AddApplicationRuntime();
        services.AddStorageInitializer((sp, ct) => sp.GetRequiredService<OrchestrationStorage>().EnsureCreatedAsync(ct));
        services.AddStorageResources(r =>
        {
            r.BlobContainers.Add(MaterialStorage.ContainerName);
            r.BlobContainers.Add(BlobMailbox.ContainerName);
        });
        services.AddHostedService<OutboxDispatchService>();

        services.AddQueueFunction<ProcessWorkItemFunction>(FunctionCatalog.ProcessWorkItem);
        services.AddQueueFunction<ProcessPoisonWorkItemFunction>(FunctionCatalog.ProcessPoisonWorkItem);
        services.AddTimerFunction<SweepTimersFunction>(FunctionCatalog.SweepTimers);
        services.AddTimerFunction<SweepOutboxFunction>(FunctionCatalog.SweepOutbox);

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
        services.AddEmailEffects();

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
