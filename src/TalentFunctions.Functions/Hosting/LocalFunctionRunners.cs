using Microsoft.Extensions.Options;
using Azure.Storage.Queues;

namespace TalentFunctions.Functions.Hosting;

/// <summary>
/// Standalone trigger source: one <see cref="QueueFunctionRunner"/> per queue function and one
/// <see cref="TimerFunctionRunner"/> per timer function, while <see cref="HostingOptions.RunLocalRunners"/> is on
/// (by default standalone only; the Functions host triggers the functions in custom-handler mode).
/// </summary>
internal sealed class LocalFunctionRunners(
    FunctionRegistry registry,
    IOptions<HostingOptions> options,
    IServiceProvider services,
    ILogger<LocalFunctionRunners> logger) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        if (settings.RunLocalRunners != true)
        {
            HostingLog.LocalRunnersOff(logger);
            return Task.CompletedTask;
        }

        var scopes = services.GetRequiredService<IServiceScopeFactory>();
        var time = services.GetRequiredService<TimeProvider>();
        var runs = new List<Task>();
        foreach (var function in registry.QueueFunctions)
        {
            var runner = new QueueFunctionRunner(
                function, services.GetRequiredService<QueueServiceClient>(), scopes, settings, time, services.GetRequiredService<ILogger<QueueFunctionRunner>>());
            runs.Add(runner.RunAsync(stoppingToken));
        }

        foreach (var function in registry.TimerFunctions)
        {
            var runner = new TimerFunctionRunner(function, scopes, time, services.GetRequiredService<ILogger<TimerFunctionRunner>>());
            runs.Add(runner.RunAsync(stoppingToken));
        }

        HostingLog.LocalRunnersStarted(logger, registry.QueueFunctions.Count(), registry.TimerFunctions.Count());
        return Task.WhenAll(runs);
    }
}
