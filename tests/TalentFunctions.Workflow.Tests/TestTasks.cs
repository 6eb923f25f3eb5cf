using Microsoft.DurableTask;

namespace TalentFunctions.Workflow.Tests;

/// <summary>Small orchestrations and activities that exercise the engine, not the app.</summary>
public static class TestTasks
{
    public const string Greeting = nameof(Greeting);
    public const string Greet = nameof(Greet);
    public const string ApprovalOrTimeout = nameof(ApprovalOrTimeout);
    public const string ApprovalEvent = "Approval";
    public const string Waiting = "waiting";
    public const string RoundsOfEventsAndTimers = nameof(RoundsOfEventsAndTimers);
    public const string EndsWhileWaiting = nameof(EndsWhileWaiting);
    public const string BusyWhileEventsArrive = nameof(BusyWhileEventsArrive);
    public const string Pause = nameof(Pause);
    public const string SignalOther = nameof(SignalOther);

    public static void Register(DurableTaskRegistry tasks)
    {
        tasks.AddActivityFunc<string, string>(Greet, (_, name) => $"Hello, {name}!");

        tasks.AddOrchestratorFunc<string, string>(Greeting, (context, name) => context.CallActivityAsync<string>(Greet, name));

        // What the application lifecycle does: rounds of "a change or a timer", a new timer each round, the previous
        // one cancelled, an activity after each change. Returns the number of the round each event was seen in.
        tasks.AddOrchestratorFunc<int, string>(RoundsOfEventsAndTimers, async (context, rounds) =>
        {
            var seen = new List<string>();
            CancellationTokenSource? previous = null;
            Task<string>? change = null;
            for (var round = 1; round <= rounds; round++)
            {
                previous?.Cancel();
                previous = new CancellationTokenSource();
                var timer = context.CreateTimer(TimeSpan.FromSeconds(60 + round), previous.Token);
                change ??= context.WaitForExternalEvent<string>(ApprovalEvent);
                context.SetCustomStatus($"round {round}");
                if (await Task.WhenAny(change, timer) == change)
                {
                    seen.Add($"{round}:{await change}");
                    change = null;
                    await context.CallActivityAsync<string>(Greet, "round");
                }
            }
            previous?.Cancel();
            return string.Join(",", seen);
        });

        tasks.AddActivityFunc<int, int>(Pause, async (_, ms) =>
        {
            await Task.Delay(ms);
            return ms;
        });

        // Activities back to back while events keep arriving, a change wait and a timer outstanding; then it ends.
        tasks.AddOrchestratorFunc<int, string>(BusyWhileEventsArrive, async (context, steps) =>
        {
            Task<string>? change = null;
            CancellationTokenSource? cancellation = null;
            var seen = 0;
            for (var i = 0; i < steps; i++)
            {
                await context.CallActivityAsync<int>(Pause, 30);
                cancellation?.Cancel();
                cancellation = new CancellationTokenSource();
                var timer = context.CreateTimer(TimeSpan.FromSeconds(600), cancellation.Token);
                change ??= context.WaitForExternalEvent<string>(ApprovalEvent);
                if (await Task.WhenAny(change, timer) == change)
                {
                    seen++;
                    change = null;
                }
            }
            // Cancel the last timer: an instance with a timer still running does not complete until it fires
            // (measured: with the 600 s timer left running it stayed Running).
            cancellation?.Cancel();
            return $"done {seen}";
        });

        // Ends with a wait for an event still open and a timer cancelled, after buffered events were consumed.
        tasks.AddOrchestratorFunc<int, string>(EndsWhileWaiting, async (context, events) =>
        {
            var seen = 0;
            await context.CallActivityAsync<string>(Greet, "first");
            while (seen < events)
            {
                await context.WaitForExternalEvent<string>(ApprovalEvent);
                seen++;
            }
            using var cancellation = new CancellationTokenSource();
            var timer = context.CreateTimer(TimeSpan.FromSeconds(60), cancellation.Token);
            var change = context.WaitForExternalEvent<string>(ApprovalEvent);
            await context.CallActivityAsync<string>(Greet, "last");
            cancellation.Cancel();
            return $"done after {seen}";
        });

        // One instance raising an event to another (what a waitlist promotion does to wake the promoted application):
        // an activity first, then SendEvent to the instance named by the input, then it ends.
        tasks.AddOrchestratorFunc<string, string>(SignalOther, async (context, target) =>
        {
            await context.CallActivityAsync<string>(Greet, "sender");
            context.SendEvent(target, ApprovalEvent, "from " + context.InstanceId);
            return "sent";
        });

        // The human-interaction pattern: wait for an approval, raced against a durable timer.
        tasks.AddOrchestratorFunc<int, string>(ApprovalOrTimeout, async (context, timeoutSeconds) =>
        {
            // An activity first, so the instance has history to replay after a restart.
            await context.CallActivityAsync<string>(Greet, "engine");
            using var timerCancellation = new CancellationTokenSource();
            var timer = context.CreateTimer(TimeSpan.FromSeconds(timeoutSeconds), timerCancellation.Token);
            var approval = context.WaitForExternalEvent<string>(ApprovalEvent);
            context.SetCustomStatus(Waiting);
            if (await Task.WhenAny(approval, timer) == approval)
            {
                // Cancel(), never CancelAsync(): awaiting CancelAsync resumes the orchestrator off its own thread,
                // after the episode has been reported, so the instance would never complete (measured).
                timerCancellation.Cancel();
                return $"approved:{await approval} timer-cancelled:{timer.IsCanceled}";
            }

            return "timed out";
        });
    }
}
