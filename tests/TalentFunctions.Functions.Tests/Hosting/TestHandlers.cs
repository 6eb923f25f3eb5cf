using System.Collections.Concurrent;
using TalentFunctions.Functions.Hosting;

namespace TalentFunctions.Functions.Tests.Hosting;

/// <summary>What the test handlers saw; one instance per test, registered as a singleton.</summary>
public sealed class HandlerRecorder
{
    private int _attempts;
    private int _timerRuns;

    public ConcurrentQueue<QueueTriggerMessage> Messages { get; } = new();

    public int Attempts => Volatile.Read(ref _attempts);

    public int TimerRuns => Volatile.Read(ref _timerRuns);

    /// <summary>How many attempts fail before the flaky handler succeeds.</summary>
    public int FailuresBeforeSuccess { get; set; }

    public int RecordAttempt() => Interlocked.Increment(ref _attempts);

    public int RecordTimerRun() => Interlocked.Increment(ref _timerRuns);
}

public sealed class RecordingQueueHandler(HandlerRecorder recorder) : IQueueFunctionHandler
{
    public Task HandleAsync(QueueTriggerMessage message, CancellationToken cancellationToken)
    {
        recorder.RecordAttempt();
        recorder.Messages.Enqueue(message);
        return Task.CompletedTask;
    }
}

public sealed class FailingQueueHandler(HandlerRecorder recorder) : IQueueFunctionHandler
{
    public Task HandleAsync(QueueTriggerMessage message, CancellationToken cancellationToken)
    {
        recorder.RecordAttempt();
        throw new InvalidOperationException("The test handler always fails.");
    }
}

public sealed class FlakyQueueHandler(HandlerRecorder recorder) : IQueueFunctionHandler
{
    public Task HandleAsync(QueueTriggerMessage message, CancellationToken cancellationToken)
    {
        if (recorder.RecordAttempt() <= recorder.FailuresBeforeSuccess)
        {
            throw new InvalidOperationException("The test handler fails this attempt.");
        }

        recorder.Messages.Enqueue(message);
        return Task.CompletedTask;
    }
}

public sealed class RecordingTimerHandler(HandlerRecorder recorder) : ITimerFunctionHandler
{
    public Task RunAsync(CancellationToken cancellationToken)
    {
        recorder.RecordTimerRun();
        return Task.CompletedTask;
    }
}

public sealed class FailingTimerHandler(HandlerRecorder recorder) : ITimerFunctionHandler
{
    public Task RunAsync(CancellationToken cancellationToken)
    {
        recorder.RecordTimerRun();
        throw new InvalidOperationException("The test timer always fails.");
    }
}

/// <summary>Queue and timer functions to exercise the custom-handler plumbing with (the app itself has none left).</summary>
public static class SampleFunctions
{
    public static readonly FunctionDefinition ProcessWorkItem =
        new("ProcessWorkItem", new QueueFunctionTrigger("work-items", FunctionCatalog.StorageConnection));

    public static readonly FunctionDefinition ProcessPoisonWorkItem =
        new("ProcessPoisonWorkItem", new QueueFunctionTrigger("work-items-poison", FunctionCatalog.StorageConnection));

    public static readonly FunctionDefinition SweepTimers = new("SweepTimers", new TimerFunctionTrigger("0 * * * * *"));

    public static readonly FunctionDefinition SweepOutbox = new("SweepOutbox", new TimerFunctionTrigger("30 * * * * *"));
}
