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

    public static void Register(DurableTaskRegistry tasks)
    {
        tasks.AddActivityFunc<string, string>(Greet, (_, name) => $"Hello, {name}!");

        tasks.AddOrchestratorFunc<string, string>(Greeting, (context, name) => context.CallActivityAsync<string>(Greet, name));

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
