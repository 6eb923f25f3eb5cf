using Azure.Monitor.OpenTelemetry.Exporter;
using OpenTelemetry.Trace;
using TalentFunctions.Workflow;

namespace TalentFunctions.Web.Hosting;

/// <summary>
/// <c>Telemetry:Exporter</c>: where traces go locally — empty (nowhere), <c>console</c>, or <c>otlp</c> (the endpoint from
/// the standard <c>OTEL_EXPORTER_OTLP_ENDPOINT</c>). In Azure, <c>APPLICATIONINSIGHTS_CONNECTION_STRING</c> sends them to
/// Azure Monitor.
/// </summary>
public sealed class TelemetryOptions
{
    public const string Section = "Telemetry";

    public const string ApplicationInsightsConnection = "APPLICATIONINSIGHTS_CONNECTION_STRING";

    public string? Exporter { get; set; }
}

public static class TelemetrySetup
{
    /// <summary>
    /// OpenTelemetry tracing: the app's <see cref="Telemetry.Source"/>, the Durable SDK's spans, ASP.NET Core requests
    /// and outgoing HTTP calls (SendGrid). Request and HTTP spans keep only route templates and hosts, not query strings
    /// (links carry tokens), so no personal data leaves in a span.
    /// </summary>
    public static IServiceCollection AddAppTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<TelemetryOptions>().BindConfiguration(TelemetryOptions.Section);
        var exporter = configuration[$"{TelemetryOptions.Section}:{nameof(TelemetryOptions.Exporter)}"]?.Trim().ToLowerInvariant();
        var azureMonitor = configuration[TelemetryOptions.ApplicationInsightsConnection];
        services.AddOpenTelemetry().WithTracing(tracing =>
        {
            tracing
                .AddSource(Telemetry.SourceName, "Microsoft.DurableTask")
                .AddAspNetCoreInstrumentation(o =>
                {
                    o.RecordException = false;
                    // The route template (http.route) stays; the raw path goes, since link paths carry tokens.
                    o.EnrichWithHttpResponse = (activity, _) => activity.SetTag("url.path", null);
                })
                .AddHttpClientInstrumentation(o => o.RecordException = false);
            switch (exporter)
            {
                case "console":
                    tracing.AddConsoleExporter();
                    break;
                case "otlp":
                    tracing.AddOtlpExporter();
                    break;
            }
            if (!string.IsNullOrWhiteSpace(azureMonitor))
            {
                tracing.AddAzureMonitorTraceExporter(o => o.ConnectionString = azureMonitor);
            }
        });
        return services;
    }
}
