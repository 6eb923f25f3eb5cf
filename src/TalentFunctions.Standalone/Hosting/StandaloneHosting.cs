using System.Text;
using Microsoft.Extensions.Options;
using TalentFunctions.Storage;
using TalentFunctions.Storage.Emulator;
using TalentFunctions.Web.Settings;
using TalentFunctions.Workflow;
using TalentFunctions.LocalEngine;

namespace TalentFunctions.Standalone.Hosting;

/// <summary>
/// The standalone host, in calls from Program.cs: <c>WebApplication.CreateBuilder(StandaloneHosting.CreateOptions(args))</c>,
/// <c>builder.AddStandaloneHosting()</c> (local settings file, Kestrel on :7071, the local Durable engine) and
/// <c>app.RunStandaloneAsync(args)</c> (Azurite when needed, the demo verb, the start-up banner).
/// </summary>
public static class StandaloneHosting
{
    /// <summary>Where a standalone run listens unless <c>--urls</c>/<c>ASPNETCORE_URLS</c> say otherwise (as <c>func start</c>).</summary>
    public const string DefaultUrl = "http://localhost:7071";

    /// <summary>
    /// Builder options: a run without an explicit environment takes <c>ASPNETCORE_ENVIRONMENT</c> (or
    /// <c>AZURE_FUNCTIONS_ENVIRONMENT</c>) from its local settings file, so <c>dotnet run</c> on a fresh clone is a
    /// Development run.
    /// </summary>
    public static WebApplicationOptions CreateOptions(string[] args)
    {
        var explicitEnvironment =
            !string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable("ASPNETCORE_ENVIRONMENT"))
            || !string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable("DOTNET_ENVIRONMENT"))
            || !string.IsNullOrWhiteSpace(new ConfigurationBuilder().AddCommandLine(args).Build()[HostDefaults.EnvironmentKey]);
        if (explicitEnvironment)
        {
            return new WebApplicationOptions { Args = args };
        }

        if (Environment.GetEnvironmentVariable("AZURE_FUNCTIONS_ENVIRONMENT") is { Length: > 0 } functionsEnvironment)
        {
            return new WebApplicationOptions { Args = args, EnvironmentName = functionsEnvironment };
        }

        if (LocalSettingsFile.Locate([Directory.GetCurrentDirectory()], AppContext.BaseDirectory) is { } path)
        {
            var values = LocalSettingsFile.Read(path);
            var environment = values.GetValueOrDefault("ASPNETCORE_ENVIRONMENT") ?? values.GetValueOrDefault("AZURE_FUNCTIONS_ENVIRONMENT");
            if (!string.IsNullOrWhiteSpace(environment))
            {
                return new WebApplicationOptions { Args = args, EnvironmentName = environment };
            }
        }

        return new WebApplicationOptions { Args = args };
    }

    /// <summary>
    /// The local settings file (environment variables override it), Kestrel on <see cref="DefaultUrl"/>, and the Durable
    /// engine in this process (DESIGN §5): the Azure Storage backend on the app's storage account (Azurite locally),
    /// served over loopback gRPC to the worker running the application orchestrations, and its client.
    /// </summary>
    public static WebApplicationBuilder AddStandaloneHosting(this WebApplicationBuilder builder)
    {
        var settingsFile = LocalSettingsFile.AddTo(builder.Configuration, [builder.Environment.ContentRootPath, Directory.GetCurrentDirectory()], AppContext.BaseDirectory);
        builder.Services.AddSingleton(new LocalSettingsSource(settingsFile));
        ConfigureKestrel(builder);

        var services = builder.Services;
        services.AddLocalDurableEngine(_ => { }, tasks => tasks.AddApplicationTasks());
        services.AddOptions<DurableEngineSettings>().BindConfiguration(DurableEngineSettings.Section);
        services.AddOptions<LocalEngineOptions>()
            .Configure<IOptions<StorageOptions>, IOptions<DurableEngineSettings>>((engine, storage, settings) =>
            {
                engine.StorageConnectionString = storage.Value.ConnectionString ?? "";
                settings.Value.ApplyTo(engine);
            });
        return builder;
    }

    /// <summary>
    /// Runs the <c>demo</c> or <c>routes</c> verb, or the app: starts Azurite when a Development run has no storage configured (and stops
    /// it after the app stops), prints the URLs a newcomer needs, and serves until Ctrl+C.
    /// </summary>
    public static async Task<int> RunStandaloneAsync(this WebApplication app, string[] args)
    {
        if (Demo.DemoCommand.IsDemo(args))
        {
            return await Demo.DemoCommand.RunAsync(app, args);
        }

        if (args is [RoutesVerb, ..])
        {
            PrintRoutes(app);
            return 0;
        }

        await using var azurite = await LocalStorageEmulator.StartIfNeededAsync(app);
        app.Lifetime.ApplicationStarted.Register(() => PrintStartupBanner(app, azurite));
        await app.RunAsync();
        return 0;
    }

    /// <summary><c>routes</c>: prints the route table (name, method, template) as JSON lines and exits, without serving.</summary>
    public const string RoutesVerb = "routes";

    private static void PrintRoutes(WebApplication app)
    {
        var endpoints = ((IEndpointRouteBuilder)app).DataSources.SelectMany(d => d.Endpoints).OfType<RouteEndpoint>();
        foreach (var endpoint in endpoints.OrderBy(e => e.RoutePattern.RawText, StringComparer.Ordinal))
        {
            var route = new
            {
                name = endpoint.Metadata.GetMetadata<IEndpointNameMetadata>()?.EndpointName,
                methods = endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods,
                route = endpoint.RoutePattern.RawText?.Trim('/'),
            };
            Console.WriteLine(System.Text.Json.JsonSerializer.Serialize(route));
        }
    }

    private static void ConfigureKestrel(WebApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        var addressesConfigured =
            !string.IsNullOrWhiteSpace(configuration[WebHostDefaults.ServerUrlsKey])
            || !string.IsNullOrWhiteSpace(configuration[WebHostDefaults.HttpPortsKey])
            || !string.IsNullOrWhiteSpace(configuration[WebHostDefaults.HttpsPortsKey])
            || configuration.GetSection("Kestrel:Endpoints").Exists();
        if (!addressesConfigured)
        {
            builder.WebHost.UseUrls(DefaultUrl);
        }
    }

    private static void PrintStartupBanner(WebApplication app, AzuriteProcess? azurite)
    {
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("TalentFunctions.Standalone.Hosting.Startup");
        var settingsFile = app.Services.GetRequiredService<LocalSettingsSource>().Path;
        var email = app.Services.GetRequiredService<IOptions<EmailOptions>>().Value;
        var baseUrl = (app.Urls.FirstOrDefault(u => u.StartsWith("http://", StringComparison.Ordinal)) ?? app.Urls.FirstOrDefault())?.TrimEnd('/');

        var text = new StringBuilder();
        text.AppendLine($"TalentFunctions is running (standalone, {app.Environment.EnvironmentName}).");
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

        text.Append("Press Ctrl+C to stop.");
        HostingLog.StartupBanner(logger, text.ToString().TrimEnd());
        if (email.UseDevMailbox && !app.Environment.IsDevelopment())
        {
            HostingLog.DevMailboxInUse(logger);
        }
    }
}

/// <summary>The local settings file a standalone run read, if any.</summary>
public sealed record LocalSettingsSource(string? Path);
