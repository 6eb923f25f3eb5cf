using Microsoft.Extensions.Options;
using TalentFunctions.Domain.Programs;
using TalentFunctions.Web.Api;
using TalentFunctions.Web.Settings;
using TalentFunctions.Web.Hosting;
using TalentFunctions.Web.Materials;
using TalentFunctions.Notifications;
using TalentFunctions.Notifications.Links;
using TalentFunctions.Notifications.Mailbox;
using TalentFunctions.Notifications.SendGrid;
using TalentFunctions.Workflow;
using TalentFunctions.Workflow.Email;
using TalentFunctions.Workflow.Translation;
using Microsoft.Extensions.DependencyInjection.Extensions;
using TalentFunctions.Web.Endpoints;
using TalentFunctions.Web.Security;
using TalentFunctions.Storage;
using Azure.Storage.Blobs;

namespace TalentFunctions.Web;

/// <summary>
/// What both hosts share: <c>services.AddTalentFunctionsWeb(configuration)</c> registers settings, storage, the workflow,
/// email, authentication, API conventions and telemetry; <c>endpoints.MapTalentFunctionsRoutes()</c> maps every route
/// (the one list: the standalone host serves it, the Functions host has one <c>[Function]</c> per entry).
/// Each host adds a Durable worker and client running <c>AddApplicationTasks()</c>.
/// </summary>
public static class TalentFunctionsWeb
{
    /// <summary>Everything the handlers need, except the Durable worker and client, which each host brings.</summary>
    public static IServiceCollection AddTalentFunctionsWeb(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddTalentFunctionsSettings();
        services.TryAddSingleton(TimeProvider.System);
        services.AddStorageClients();
        services.AddOptions<StorageResources>();
        services.AddHostedService<StorageInitializationService>();
        services.AddWorkflow();
        services.AddApiConventions();
        services.AddApiAuthentication();
        services.AddAppTelemetry(configuration);
        return services;
    }

    /// <summary>
    /// Binds the options classes both hosts read (<see cref="AppSettings.BoundOptions"/>) and validates them when the host
    /// starts, with messages naming the setting (the storage settings are bound by <c>AddStorageClients</c>).
    /// </summary>
    public static IServiceCollection AddTalentFunctionsSettings(this IServiceCollection services)
    {
        services.AddOptions<StaffOptions>().BindConfiguration(StaffOptions.Section).ValidateOnStart();
        services.AddOptions<LinksOptions>().BindConfiguration(LinksOptions.Section).ValidateOnStart();
        services.AddOptions<EmailOptions>().BindConfiguration(EmailOptions.Section).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<StaffOptions>, StaffOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<LinksOptions>, LinksOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<EmailOptions>, EmailOptionsValidator>());
        services.AddOptions<MaterialsOptions>().BindConfiguration(MaterialsOptions.Section).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<MaterialsOptions>, MaterialsOptionsValidator>());
        services.AddOptions<TranslatorOptions>().BindConfiguration(TranslatorOptions.Section).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TranslatorOptions>, TranslatorOptionsValidator>());
        return services;
    }

    /// <summary>
    /// Every route of the app, in one place. The standalone host maps these behind <see cref="ApiConventions.UseApiConventions"/>;
    /// the Functions host maps them into its route table and calls them from one <c>[Function]</c> each (a test keeps the two equal).
    /// </summary>
    public static IEndpointRouteBuilder MapTalentFunctionsRoutes(this IEndpointRouteBuilder app)
    {
        app.MapOpenApi().WithName("OpenApiDocument"); // GET /openapi/{documentName}.json
        app.MapProgramsApi();     // GET /api/programs
        app.MapApplicantApi();    // /api/applications/...
        app.MapStaffApi();        // /api/staff/...
        app.MapDecisionDateApi(); // POST /api/staff/programs/{programId}/decisions/release-at
        app.MapApplicationsConsole(); // /console/applications...: the staff console's list, detail and action forms
        app.MapPrivacyApi();      // GET …/export, POST …/erasure (applicant and staff)
        app.MapHealthApi();       // GET /api/health
        app.MapReviewApi();       // /review/{token} (mentor page), /mentor/{token} (my reviews), POST /api/reviews/{token}
        app.MapOfferApi();        // /offer/{token} (applicant page), POST /api/offers/{token}
        app.MapStatusPage();      // GET /applications/{id}?token=… (applicant status page)
        app.MapPortal();          // GET / (open programs), /apply/{programId} (form), /applications/{id}/edit?token=…, /assets/{name}, /privacy
        app.MapConsole();         // /console (staff dashboard), /console/sign-in, /console/sign-out
        app.MapDevMailbox();      // /dev/mailbox, /api/dev/mailbox: Development runs with the dev mailbox only
        return app;
    }


    /// <summary>
    /// The application workflow: programs, application records, what the orchestration's activities need,
    /// email (SendGrid, or the dev mailbox when no key is set), signed links and material uploads.
    /// </summary>
    private static IServiceCollection AddWorkflow(this IServiceCollection services)
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
        // Machine translation for mentors (Translator:*; not configured when Translator:Key is empty), before the
        // workflow, which otherwise registers a client that is never configured.
        services.AddHttpClient<TranslatorClient>();
        services.AddApplicationWorkflow();
        services.AddStorageInitializer((sp, ct) => sp.GetRequiredService<OrchestrationStorage>().EnsureCreatedAsync(ct));
        services.AddStorageResources(r =>
        {
            r.BlobContainers.Add(MaterialStorage.ContainerName);
            r.BlobContainers.Add(BlobMailbox.ContainerName);
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
        services.AddSingleton<TalentFunctions.Web.Pages.ReviewDraftStore>();
        services.AddSingleton(new TalentFunctions.Workflow.Privacy.ErasureOptions { MaterialsContainer = MaterialStorage.ContainerName, MailboxContainer = BlobMailbox.ContainerName });
        services.AddSingleton<TalentFunctions.Web.Privacy.ApplicationExporter>();
        return services;
    }

    /// <summary>JSON contract, ProblemDetails for every error, OpenAPI, rate limits on public routes.</summary>
    private static IServiceCollection AddApiConventions(this IServiceCollection services)
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
        services.AddExceptionHandler<BodyProblemExceptionHandler>(); // a body that cannot be bound is the caller's 4xx
        services.AddOpenApi();
        services.AddPublicRateLimits();
        return services;
    }
}
