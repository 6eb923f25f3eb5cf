using System.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using TalentFunctions.TestSupport;
using TalentFunctions.LocalEngine;
using Xunit.Abstractions;

namespace TalentFunctions.Workflow.Tests;

/// <summary>How the engine starts and stops in the host shapes the app uses.</summary>
[Collection(AzuriteFixture.Collection)]
public sealed class LocalEngineLifecycleTests(AzuriteFixture azurite, ITestOutputHelper output)
{
    [Fact]
    public async Task In_a_web_host_with_its_own_Kestrel_a_graceful_stop_takes_seconds_not_the_shutdown_timeout()
    {
        // The standalone host's shape: the app's HTTP routes on Kestrel and the engine, worker and client beside them.
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(System.Net.IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        builder.Services.AddLocalDurableEngine(
            engine =>
            {
                engine.StorageConnectionString = azurite.ConnectionString;
                engine.TaskHubName = EngineHost.UniqueTaskHub();
                engine.MaxQueuePollingInterval = EngineHost.TestPolling;
            },
            TestTasks.Register);
        await using var app = builder.Build();
        app.MapGet("/status/{id}", async (string id, DurableTaskClient client) =>
            (await client.GetInstanceAsync(id))?.RuntimeStatus.ToString() ?? "unknown");
        await app.StartAsync();

        var client = app.Services.GetRequiredService<DurableTaskClient>();
        var id = await client.ScheduleNewOrchestrationInstanceAsync(TestTasks.ApprovalOrTimeout, 600);
        await Eventually.AssertAsync(
            async () => (await client.GetInstanceAsync(id, getInputsAndOutputs: true))?.ReadCustomStatusAs<string>() == TestTasks.Waiting,
            TimeSpan.FromSeconds(30),
            "the instance waits for its event");
        using (var http = new HttpClient { BaseAddress = new Uri(app.Urls.Single()) })
        {
            Assert.Equal("Running", await http.GetStringAsync($"/status/{id}"));
        }

        var started = Stopwatch.GetTimestamp();
        await app.StopAsync();
        var stopping = Stopwatch.GetElapsedTime(started);

        output.WriteLine($"Graceful stop of the web host took {stopping.TotalMilliseconds:0} ms.");
        Assert.True(stopping < TimeSpan.FromSeconds(10), $"stopping took {stopping.TotalSeconds:0.0} s");
    }

    [Fact]
    public async Task An_engine_stopped_before_any_worker_connected_stops_at_once_and_starts_nothing()
    {
        var options = Options.Create(new LocalEngineOptions
        {
            StorageConnectionString = azurite.ConnectionString,
            TaskHubName = EngineHost.UniqueTaskHub(),
        });
        var services = new ServiceCollection().BuildServiceProvider();
        await using var engine = new LocalDurableEngine(options, services, NullLoggerFactory.Instance);

        await engine.StartAsync(CancellationToken.None);
        Assert.NotNull(engine.Address);
        var started = Stopwatch.GetTimestamp();
        await engine.StoppingAsync(CancellationToken.None);
        await engine.StopAsync(CancellationToken.None);

        Assert.True(Stopwatch.GetElapsedTime(started) < TimeSpan.FromSeconds(5));
        Assert.False(engine.BackendStarted, "no worker ever connected, so the backend never polled");
    }
}
