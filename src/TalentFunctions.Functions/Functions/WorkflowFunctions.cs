using TalentFunctions.Functions.Hosting;
using TalentFunctions.Workflow;
using TalentFunctions.Workflow.Outbox;
using TalentFunctions.Workflow.Timers;
using TalentFunctions.Workflow.Work;

namespace TalentFunctions.Functions.Functions;

// The queue and timer functions. Each is a few lines calling the same service in both hostings:
// the local runners (standalone) and the custom-handler invocations (Azure Functions).

/// <summary><c>ProcessWorkItem</c> (queue <c>work-items</c>): screening and mentor assignment.</summary>
public sealed class ProcessWorkItemFunction(WorkItemProcessor processor) : IQueueFunctionHandler
{
    public Task HandleAsync(QueueTriggerMessage message, CancellationToken cancellationToken) => processor.HandleAsync(message.Body, cancellationToken);
}

/// <summary><c>ProcessPoisonWorkItem</c> (queue <c>work-items-poison</c>): the application gets NeedsAttention.</summary>
public sealed class ProcessPoisonWorkItemFunction(WorkItemProcessor processor) : IQueueFunctionHandler
{
    public Task HandleAsync(QueueTriggerMessage message, CancellationToken cancellationToken) =>
        processor.HandlePoisonAsync(message.Body, message.Id, cancellationToken);
}

/// <summary><c>SweepTimers</c> (every minute): fires due timers.</summary>
public sealed class SweepTimersFunction(TimerSweeper sweeper) : ITimerFunctionHandler
{
    public Task RunAsync(CancellationToken cancellationToken) => sweeper.SweepAsync(cancellationToken);
}

/// <summary><c>SweepOutbox</c> (every minute): finishes effects interrupted by a crash.</summary>
public sealed class SweepOutboxFunction(OutboxSweeper sweeper) : ITimerFunctionHandler
{
    public Task RunAsync(CancellationToken cancellationToken) => sweeper.SweepAsync(cancellationToken);
}

/// <summary>Runs the background outbox dispatcher for the life of the app.</summary>
public sealed class OutboxDispatchService(BackgroundOutboxDispatcher dispatcher, ApplicationRuntime runtime) : BackgroundService
{
    public const int Parallelism = 8;

    protected override Task ExecuteAsync(CancellationToken stoppingToken) => dispatcher.RunAsync(runtime, Parallelism, stoppingToken);
}

/// <summary>
/// Renders every email template once at start, so a broken edit by program staff stops the app with the
/// template named, instead of failing each email of that kind later.
/// </summary>
public sealed class EmailTemplateCheck(TalentFunctions.Notifications.EmailRenderer renderer) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        var problems = renderer.Verify();
        return problems.Count == 0
            ? Task.CompletedTask
            : throw new InvalidOperationException("Email templates are broken: " + string.Join(" | ", problems));
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
