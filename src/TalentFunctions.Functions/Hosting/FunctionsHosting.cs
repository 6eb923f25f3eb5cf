using System.Net;
using System.Text;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using TalentFunctions.Storage;
using TalentFunctions.Storage.Emulator;

namespace TalentFunctions.Functions.Hosting;

/// <summary>
/// The app's hosting, both ways, in three calls from Program.cs:
/// <c>WebApplication.CreateBuilder(FunctionsHosting.CreateOptions(args))</c>, <c>builder.AddFunctionsHosting()</c>,
/// <c>app.MapFunctionInvocations()</c> and <c>app.RunFunctionsAppAsync(args)</c>.
/// </summary>
public static class FunctionsHosting
{
    /// <summary>Where a standalone run listens unless <c>--urls</c>/<c>ASPNETCORE_URLS</c> say otherwise (as <c>func start</c>).</summary>
    public const string DefaultStandaloneUrl = "http://localhost:7071";

    /// <summary>
    /// Builder options: the <c>publish</c> verb's arguments are kept away from configuration, and a standalone run
    /// without an explicit environment takes <c>ASPNETCORE_ENVIRONMENT</c> (or <c>AZURE_FUNCTIONS_ENVIRONMENT</c>)
    /// from its local settings file, so <c>dotnet run</c> on a fresh clone is a Development run. In Azure the
    /// Functions host's <c>AZURE_FUNCTIONS_ENVIRONMENT</c> is used.
    /// </summary>
    public static WebApplicationOptions CreateOptions(string[] args)
    {
        var configurationArgs = PublishCommand.IsPublish(args) ? [] : args;
        var explicitEnvironment =
            !string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable("ASPNETCORE_ENVIRONMENT"))
            || !string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable("DOTNET_ENVIRONMENT"))
            || !string.IsNullOrWhiteSpace(new ConfigurationBuilder().AddCommandLine(configurationArgs).Build()[HostDefaults.EnvironmentKey]);
        if (explicitEnvironment)
        {
            return new WebApplicationOptions { Args = configurationArgs };
        }

        if (Environment.GetEnvironmentVariable("AZURE_FUNCTIONS_ENVIRONMENT") is { Length: > 0 } functionsEnvironment)
        {
            return new WebApplicationOptions { Args = configurationArgs, EnvironmentName = functionsEnvironment };
        }

        if (string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(AppSettings.CustomHandlerPort))
            && LocalSettingsFile.Locate([Directory.GetCurrentDirectory()], AppContext.BaseDirectory) is { } path)
        {
            var values = LocalSettingsFile.Read(path);
            var environment = values.GetValueOrDefault("ASPNETCORE_ENVIRONMENT") ?? values.GetValueOrDefault("AZURE_FUNCTIONS_ENVIRONMENT");
            if (!string.IsNullOrWhiteSpace(environment))
            {
                return new WebApplicationOptions { Args = configurationArgs, EnvironmentName = environment };
            }
        }

        return new WebApplicationOptions { Args = configurationArgs };
    }

    /// <summary>
    /// Settings (local settings file, options validated at start), Kestrel for the hosting mode, TimeProvider,
    /// the storage clients (Azure SDK, registered once), the function registry, the storage initializer and the local runners.
    /// </summary>
    public static WebApplicationBuilder AddFunctionsHosting(this WebApplicationBuilder builder)
    {
        var mode = HostingModeDetector.Detect(builder.Configuration);
        var settingsFile = mode == HostingMode.Standalone
            ? LocalSettingsFile.AddTo(builder.Configuration, [builder.Environment.ContentRootPath, Directory.GetCurrentDirectory()], AppContext.BaseDirectory)
            : null;
        builder.Services.AddSingleton(new LocalSettingsSource(settingsFile));

        ConfigureKestrel(builder, mode);
        builder.Services.AddFunctionsSettings();

        var services = builder.Services;
        services.TryAddSingleton(TimeProvider.System);
        services.AddStorageClients();
        services.AddOptions<StorageResources>();
        services.TryAddSingleton<FunctionRegistry>();

        // Order matters: storage exists before the runners poll it.
        services.AddHostedService<StorageInitializationService>();
        services.AddHostedService<LocalFunctionRunners>();
        return builder;
    }

    /// <summary>In custom-handler mode, maps <c>POST /{FunctionName}</c> for every queue and timer function.</summary>
    public static WebApplication MapFunctionInvocations(this WebApplication app)
    {
        var registry = app.Services.GetRequiredService<FunctionRegistry>();
        registry.UseEndpointsOf(app);
        if (HostingModeDetector.Detect(app.Configuration) == HostingMode.CustomHandler)
        {
            app.MapCustomHandlerInvocations(registry);
        }

        return app;
    }

    /// <summary>
    /// Runs the <c>publish</c> or <c>demo</c> verb, or the app: checks the function registry, starts Azurite when a standalone
    /// Development run has no storage configured (and stops it after the app stops), prints the URLs a newcomer
    /// needs, and serves until Ctrl+C.
    /// </summary>
    public static async Task<int> RunFunctionsAppAsync(this WebApplication app, string[] args)
    {
        var registry = app.Services.GetRequiredService<FunctionRegistry>();
        registry.UseEndpointsOf(app);
        if (PublishCommand.IsPublish(args))
        {
            return await PublishCommand.RunAsync(app, args);
        }

        if (Demo.DemoCommand.IsDemo(args))
        {
            return await Demo.DemoCommand.RunAsync(app, args);
        }

        // Fail fast on a duplicate or invalid function name, route, queue or schedule.
        registry.GetAll();

        await using var azurite = await LocalStorageEmulator.StartIfNeededAsync(app);
        app.Lifetime.ApplicationStarted.Register(() => PrintStartupBanner(app, registry, azurite));
        await app.RunAsync();
        return 0;
    }

    private static void ConfigureKestrel(WebApplicationBuilder builder, HostingMode mode)
    {
        if (mode == HostingMode.CustomHandler)
        {
            // The Functions host calls http://127.0.0.1:{port}; listen there and nowhere else.
            var port = HostingModeDetector.GetCustomHandlerPort(builder.Configuration);
            builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, port));
            return;
        }

        var configuration = builder.Configuration;
        var addressesConfigured =
            !string.IsNullOrWhiteSpace(configuration[WebHostDefaults.ServerUrlsKey])
            || !string.IsNullOrWhiteSpace(configuration[WebHostDefaults.HttpPortsKey])
            || !string.IsNullOrWhiteSpace(configuration[WebHostDefaults.HttpsPortsKey])
            || configuration.GetSection("Kestrel:Endpoints").Exists();
        if (!addressesConfigured)
        {
            builder.WebHost.UseUrls(DefaultStandaloneUrl);
        }
    }

    /// <summary>
    /// Binds the options classes (<see cref="AppSettings.BoundOptions"/>) and validates them when the host starts,
    /// with messages naming the setting (the storage settings are bound by <c>AddStorageClients</c>).
    /// <c>Hosting:RunLocalRunners</c> defaults to on standalone, off in custom-handler mode.
    /// </summary>
    public static IServiceCollection AddFunctionsSettings(this IServiceCollection services)
    {
        services.AddOptions<StaffOptions>().BindConfiguration(StaffOptions.Section).ValidateOnStart();
        services.AddOptions<LinksOptions>().BindConfiguration(LinksOptions.Section).ValidateOnStart();
        services.AddOptions<EmailOptions>().BindConfiguration(EmailOptions.Section).ValidateOnStart();
        services.AddOptions<HostingOptions>()
            .BindConfiguration(HostingOptions.Section)
            .Configure<IConfiguration>((options, configuration) =>
                options.RunLocalRunners ??= HostingModeDetector.Detect(configuration) == HostingMode.Standalone)
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<StaffOptions>, StaffOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<LinksOptions>, LinksOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<EmailOptions>, EmailOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<HostingOptions>, HostingOptionsValidator>());
        return services;
    }

    private static void PrintStartupBanner(WebApplication app, FunctionRegistry registry, AzuriteProcess? azurite)
    {
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("TalentFunctions.Functions.Hosting.Startup");
        var mode = HostingModeDetector.Detect(app.Configuration);
        var settingsFile = app.Services.GetRequiredService<LocalSettingsSource>().Path;
        var email = app.Services.GetRequiredService<IOptions<EmailOptions>>().Value;
        var hosting = app.Services.GetRequiredService<IOptions<HostingOptions>>().Value;
        var baseUrl = (app.Urls.FirstOrDefault(u => u.StartsWith("http://", StringComparison.Ordinal)) ?? app.Urls.FirstOrDefault())?.TrimEnd('/');

        var text = new StringBuilder();
        text.AppendLine($"TalentFunctions is running ({(mode == HostingMode.Standalone ? "standalone" : "Functions custom handler")}, {app.Environment.EnvironmentName}).");
        if (baseUrl is not null)
        {
            text.AppendLine($"  App:           {baseUrl}");
            text.AppendLine($"  OpenAPI:       {baseUrl}/openapi/v1.json");
            if (email.UseDevMailbox)
            {
                text.AppendLine($"  Dev mailbox:   {baseUrl}/dev/mailbox");
            }
        }

        if (azurite is not null)
        {
            text.AppendLine($"  Azurite blob:  {azurite.BlobEndpoint}");
            text.AppendLine($"  Azurite queue: {azurite.QueueEndpoint}");
            text.AppendLine($"  Azurite table: {azurite.TableEndpoint}");
        }
        else
        {
            // ToString leaves the account key out.
            text.AppendLine($"  Storage:       {app.Services.GetRequiredService<StorageAccount>()}");
        }

        if (settingsFile is not null)
        {
            text.AppendLine($"  Settings:      {settingsFile} (environment variables override it)");
        }

        text.AppendLine($"  Functions:     {registry.GetHttpFunctions().Count} HTTP, {registry.QueueFunctions.Count()} queue, {registry.TimerFunctions.Count()} timer"
                        + $" (local runners {(hosting.RunLocalRunners == true ? "on" : "off")})");
        if (mode == HostingMode.Standalone)
        {
            text.Append("Press Ctrl+C to stop.");
        }

        HostingLog.StartupBanner(logger, text.ToString().TrimEnd());
        if (email.UseDevMailbox && !app.Environment.IsDevelopment())
        {
            HostingLog.DevMailboxInUse(logger);
        }
    }
}

/// <summary>The local settings file a standalone run read, if any.</summary>
public sealed record LocalSettingsSource(string? Path);
