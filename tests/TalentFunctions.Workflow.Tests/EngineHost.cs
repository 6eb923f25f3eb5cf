using System.Diagnostics;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using TalentFunctions.TestSupport;
using TalentFunctions.LocalEngine;
using Xunit.Abstractions;

namespace TalentFunctions.Workflow.Tests;

/// <summary>
/// A host as an app would build it (<c>AddLocalDurableEngine</c> on a generic host) against the shared Azurite,
/// on the task hub the test names, with the engine's warnings and errors written to the test's output.
/// </summary>
public sealed class EngineHost : IAsyncDisposable
{
    /// <summary>Polling bound for tests: quicker than the default so idle-to-busy steps cost little time.</summary>
    public static readonly TimeSpan TestPolling = TimeSpan.FromMilliseconds(500);

    // Warnings and errors by default; TALENTFUNCTIONS_TEST_LOG_LEVEL=Information (or Debug) shows the engine's work.
    private static readonly LogLevel MinimumLevel =
        Enum.TryParse<LogLevel>(Environment.GetEnvironmentVariable("TALENTFUNCTIONS_TEST_LOG_LEVEL"), ignoreCase: true, out var level)
            ? level
            : LogLevel.Warning;

    private bool _stopped;

    private EngineHost(IHost host)
    {
        Host = host;
    }

    public IHost Host { get; }

    public DurableTaskClient Client => Host.Services.GetRequiredService<DurableTaskClient>();

    public LocalDurableEngine Engine => Host.Services.GetRequiredService<LocalDurableEngine>();

    /// <summary>A task hub name of its own for each test: its queues, tables and containers are its own.</summary>
    public static string UniqueTaskHub() => "t" + Guid.NewGuid().ToString("N");

    public static async Task<EngineHost> StartAsync(
        AzuriteFixture azurite,
        string taskHub,
        Action<DurableTaskRegistry> tasks,
        ITestOutputHelper? output = null,
        Action<LocalEngineOptions>? configure = null)
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Services.AddLogging(logging =>
        {
            logging.SetMinimumLevel(MinimumLevel);
            if (output is not null)
            {
                logging.AddProvider(new TestOutputLoggerProvider(output));
            }
        });
        builder.Services.AddLocalDurableEngine(
            engine =>
            {
                engine.StorageConnectionString = azurite.ConnectionString;
                engine.TaskHubName = taskHub;
                engine.MaxQueuePollingInterval = TestPolling;
                engine.EngineLogLevel = MinimumLevel;
                configure?.Invoke(engine);
            },
            tasks);

        var host = builder.Build();
        try
        {
            await host.StartAsync();
        }
        catch
        {
            host.Dispose();
            throw;
        }

        return new EngineHost(host);
    }

    /// <summary>Stops the host gracefully (as on SIGTERM) and returns how long that took.</summary>
    public async Task<TimeSpan> StopAsync()
    {
        var started = Stopwatch.GetTimestamp();
        _stopped = true;
        await Host.StopAsync();
        return Stopwatch.GetElapsedTime(started);
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_stopped)
            {
                await StopAsync();
            }
        }
        finally
        {
            Host.Dispose();
        }
    }

    private sealed class TestOutputLoggerProvider(ITestOutputHelper output) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new TestOutputLogger(output, categoryName);

        public void Dispose()
        {
        }
    }

    private sealed class TestOutputLogger(ITestOutputHelper output, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= MinimumLevel;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            try
            {
                output.WriteLine($"{DateTime.UtcNow:HH:mm:ss.fff} {logLevel} {category}: {formatter(state, exception)}{(exception is null ? "" : " " + exception.GetType().Name)}");
            }
            catch (InvalidOperationException)
            {
                // The test has finished; its output is closed.
            }
        }
    }
}
