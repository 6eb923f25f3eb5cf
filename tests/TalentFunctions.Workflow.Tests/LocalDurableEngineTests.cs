using System.Diagnostics;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using TalentFunctions.Storage;
using TalentFunctions.TestSupport;
using TalentFunctions.LocalEngine;
using Xunit.Abstractions;

namespace TalentFunctions.Workflow.Tests;

/// <summary>The local Durable engine on Azurite, driven through the SDK's client and worker as the app will.</summary>
[Collection(AzuriteFixture.Collection)]
public sealed class LocalDurableEngineTests(AzuriteFixture azurite, ITestOutputHelper output)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task An_orchestration_calls_an_activity_and_completes()
    {
        await using var host = await StartAsync(EngineHost.UniqueTaskHub());

        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync(TestTasks.Greeting, "Ada");
        var done = await WaitForCompletionAsync(host.Client, id);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        Assert.Equal("Hello, Ada!", done.ReadOutputAs<string>());
    }

    [Fact]
    public async Task An_event_that_arrives_before_the_timer_wins_and_the_timer_is_cancelled()
    {
        await using var host = await StartAsync(EngineHost.UniqueTaskHub());
        var started = Stopwatch.GetTimestamp();

        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync(TestTasks.ApprovalOrTimeout, 60);
        await WaitForCustomStatusAsync(host.Client, id, TestTasks.Waiting);
        await host.Client.RaiseEventAsync(id, TestTasks.ApprovalEvent, "yes");
        var done = await WaitForCompletionAsync(host.Client, id);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        Assert.Equal("approved:yes timer-cancelled:True", done.ReadOutputAs<string>());
        Assert.True(Stopwatch.GetElapsedTime(started) < TimeSpan.FromSeconds(60), "completed without waiting for the timer");
    }

    [Fact]
    public async Task Events_keep_winning_over_timers_replaced_each_round()
    {
        await using var host = await StartAsync(EngineHost.UniqueTaskHub());

        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync(TestTasks.RoundsOfEventsAndTimers, 3);
        for (var round = 1; round <= 3; round++)
        {
            await WaitForCustomStatusAsync(host.Client, id, $"round {round}");
            await host.Client.RaiseEventAsync(id, TestTasks.ApprovalEvent, $"e{round}");
        }
        var done = await WaitForCompletionAsync(host.Client, id);

        Assert.Equal("1:e1,2:e2,3:e3", done.ReadOutputAs<string>());
    }

    [Fact]
    public async Task An_orchestration_completes_with_an_event_wait_still_open()
    {
        await using var host = await StartAsync(EngineHost.UniqueTaskHub());

        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync(TestTasks.EndsWhileWaiting, 3);
        for (var i = 0; i < 3; i++)
        {
            await host.Client.RaiseEventAsync(id, TestTasks.ApprovalEvent, $"e{i}");
        }
        var done = await WaitForCompletionAsync(host.Client, id);

        Assert.Equal("done after 3", done.ReadOutputAs<string>());
    }

    [Fact]
    public async Task An_orchestration_completes_with_events_left_unread()
    {
        await using var host = await StartAsync(EngineHost.UniqueTaskHub());

        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync(TestTasks.EndsWhileWaiting, 1);
        for (var i = 0; i < 5; i++)
        {
            await host.Client.RaiseEventAsync(id, TestTasks.ApprovalEvent, $"e{i}");
        }
        var done = await WaitForCompletionAsync(host.Client, id);

        Assert.Equal("done after 1", done.ReadOutputAs<string>());
    }

    [Fact]
    public async Task An_orchestration_busy_with_activities_while_events_arrive_completes()
    {
        const int steps = 20;
        await using var host = await StartAsync(EngineHost.UniqueTaskHub());

        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync(TestTasks.BusyWhileEventsArrive, steps);
        // Events keep arriving while the instance works through its activities: each is raised once the previous
        // one is in the instance's queue, so most land in the middle of an activity.
        for (var i = 0; i < 30; i++)
        {
            await host.Client.RaiseEventAsync(id, TestTasks.ApprovalEvent, $"e{i}");
        }
        var done = await WaitForCompletionAsync(host.Client, id);

        Assert.Equal($"done {steps}", done.ReadOutputAs<string>());
    }

    [Fact]
    public async Task An_orchestration_raises_an_event_to_another_instance_with_SendEvent()
    {
        await using var host = await StartAsync(EngineHost.UniqueTaskHub());

        var waiting = await host.Client.ScheduleNewOrchestrationInstanceAsync(TestTasks.ApprovalOrTimeout, 60);
        await WaitForCustomStatusAsync(host.Client, waiting, TestTasks.Waiting);
        var sender = await host.Client.ScheduleNewOrchestrationInstanceAsync(TestTasks.SignalOther, waiting);

        Assert.Equal("sent", (await WaitForCompletionAsync(host.Client, sender)).ReadOutputAs<string>());
        var done = await WaitForCompletionAsync(host.Client, waiting);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        Assert.Equal($"approved:from {sender} timer-cancelled:True", done.ReadOutputAs<string>());
    }

    [Fact]
    public async Task Without_the_event_the_timer_fires()
    {
        await using var host = await StartAsync(EngineHost.UniqueTaskHub());
        var started = Stopwatch.GetTimestamp();

        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync(TestTasks.ApprovalOrTimeout, 2);
        var done = await WaitForCompletionAsync(host.Client, id);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        Assert.Equal("timed out", done.ReadOutputAs<string>());
        // Queue visibility delays are whole seconds, so the Azure Storage backend may fire a timer up to a second
        // early (measured: a 2 s timer fired after 1.1 s). Minutes-to-days reminders do not notice.
        Assert.True(Stopwatch.GetElapsedTime(started) >= TimeSpan.FromSeconds(1), "the timer fired no earlier than a second before due");
    }

    [Fact]
    public async Task A_graceful_stop_with_an_instance_waiting_takes_seconds_not_the_shutdown_timeout()
    {
        var host = await StartAsync(EngineHost.UniqueTaskHub());
        await using (host)
        {
            // A live worker stream and an instance waiting for an event: what a running app has.
            var id = await host.Client.ScheduleNewOrchestrationInstanceAsync(TestTasks.ApprovalOrTimeout, 600);
            await WaitForCustomStatusAsync(host.Client, id, TestTasks.Waiting);

            var stopping = await host.StopAsync();

            output.WriteLine($"Graceful stop took {stopping.TotalMilliseconds:0} ms.");
            Assert.True(stopping < TimeSpan.FromSeconds(10), $"stopping took {stopping.TotalSeconds:0.0} s");
        }
    }

    [Fact]
    public async Task An_instance_waiting_for_an_event_survives_a_restart_of_the_host()
    {
        var taskHub = EngineHost.UniqueTaskHub();
        string id;
        await using (var first = await StartAsync(taskHub))
        {
            id = await first.Client.ScheduleNewOrchestrationInstanceAsync(TestTasks.ApprovalOrTimeout, 600);
            await WaitForCustomStatusAsync(first.Client, id, TestTasks.Waiting);
            await first.StopAsync();
        }

        await using var second = await StartAsync(taskHub);
        Assert.Equal(OrchestrationRuntimeStatus.Running, (await second.Client.GetInstanceAsync(id))?.RuntimeStatus);
        await second.Client.RaiseEventAsync(id, TestTasks.ApprovalEvent, "after restart");
        var done = await WaitForCompletionAsync(second.Client, id);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        Assert.Equal("approved:after restart timer-cancelled:True", done.ReadOutputAs<string>());
    }

    [Fact]
    public async Task An_idle_engine_at_the_default_settings_makes_about_one_storage_request_per_second_or_fewer()
    {
        var requests = new StorageOperationCounter();
        var defaults = new LocalEngineOptions();
        await using var host = await EngineHost.StartAsync(azurite, EngineHost.UniqueTaskHub(), TestTasks.Register, output, engine =>
        {
            engine.MaxQueuePollingInterval = defaults.MaxQueuePollingInterval;
            engine.ConfigureStorageClient = requests.AddTo;
        });

        // One instance through, so the backend has started polling; then let its polling back off to idle.
        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync(TestTasks.Greeting, "idle");
        await WaitForCompletionAsync(host.Client, id);
        await PassAsync(TimeSpan.FromSeconds(8));

        var before = requests.Count + requests.Retries;
        var window = TimeSpan.FromSeconds(20);
        await PassAsync(window);
        var perSecond = (requests.Count + requests.Retries - before) / window.TotalSeconds;

        // Measured 0.87 requests/s over 60 s (partition lease: 2 per 10 s; two queues: one poll each per 3 s).
        // The bound leaves room for a short window's jitter and catches a regression (4 partitions at 1 s: 5.5).
        output.WriteLine($"Idle engine: {perSecond:0.00} storage requests/s over {window.TotalSeconds:0} s.");
        Assert.InRange(perSecond, 0.1, 1.25);
    }

    // A measurement window: lets time pass (this is not a wait for a condition).
    private static async Task PassAsync(TimeSpan duration)
    {
        using var window = new PeriodicTimer(duration);
        await window.WaitForNextTickAsync();
    }

    private Task<EngineHost> StartAsync(string taskHub) => EngineHost.StartAsync(azurite, taskHub, TestTasks.Register, output);

    private static Task<OrchestrationMetadata> WaitForCompletionAsync(DurableTaskClient client, string id) =>
        Eventually.ReferenceAsync(
            async () => await client.GetInstanceAsync(id, getInputsAndOutputs: true) is { IsCompleted: true } done ? done : null,
            Patience,
            $"instance {id} completes");

    private static Task WaitForCustomStatusAsync(DurableTaskClient client, string id, string status) =>
        Eventually.AssertAsync(
            async () => (await client.GetInstanceAsync(id, getInputsAndOutputs: true))?.ReadCustomStatusAs<string>() == status,
            Patience,
            $"instance {id} reports '{status}'");
}
