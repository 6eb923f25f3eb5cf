namespace TalentFunctions.Functions.Hosting;

/// <summary>
/// The non-HTTP functions of the app: names, queues and schedules. Register each with its handler through
/// <see cref="FunctionRegistrationExtensions"/> (HTTP functions come from the named endpoints instead).
/// </summary>
public static class FunctionCatalog
{
    /// <summary>The connection the queue triggers use in <c>function.json</c> (the Functions convention).</summary>
    public const string StorageConnection = AppSettings.FunctionsStorageConnection;

    /// <summary>Attempts before a queue message is moved to its poison queue; equals <c>extensions.queues.maxDequeueCount</c> in host.json.</summary>
    public const int MaxDequeueCount = 5;

    public const string WorkItemsQueue = "work-items";
    public const string WorkItemsPoisonQueue = WorkItemsQueue + "-poison";

    /// <summary>Screening, mentor assignment and outbox dispatch (queue <c>work-items</c>).</summary>
    public static readonly FunctionDefinition ProcessWorkItem =
        new("ProcessWorkItem", new QueueFunctionTrigger(WorkItemsQueue, StorageConnection));

    /// <summary>Work items that failed <see cref="MaxDequeueCount"/> times (queue <c>work-items-poison</c>).</summary>
    public static readonly FunctionDefinition ProcessPoisonWorkItem =
        new("ProcessPoisonWorkItem", new QueueFunctionTrigger(WorkItemsPoisonQueue, StorageConnection));

    /// <summary>Fires due timers, every minute at second 0.</summary>
    public static readonly FunctionDefinition SweepTimers =
        new("SweepTimers", new TimerFunctionTrigger("0 * * * * *"));

    /// <summary>Re-dispatches stale pending-outbox markers, every minute at second 30.</summary>
    public static readonly FunctionDefinition SweepOutbox =
        new("SweepOutbox", new TimerFunctionTrigger("30 * * * * *"));

    public static IReadOnlyList<FunctionDefinition> All { get; } = [ProcessWorkItem, ProcessPoisonWorkItem, SweepTimers, SweepOutbox];
}
