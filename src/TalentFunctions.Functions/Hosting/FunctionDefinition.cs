namespace TalentFunctions.Functions.Hosting;

/// <summary>One function of the app, as the Functions host sees it.</summary>
public sealed record FunctionDefinition(string Name, FunctionTrigger Trigger);

/// <summary>What starts a function.</summary>
public abstract record FunctionTrigger;

/// <summary>An HTTP function; forwarded by the host to our own route.</summary>
/// <param name="Route">The route template without a leading slash (e.g. <c>api/applications/{id}</c>).</param>
/// <param name="Methods">Lower-case HTTP methods; empty means any method.</param>
/// <param name="AuthLevel"><c>anonymous</c>, <c>function</c> or <c>admin</c>.</param>
public sealed record HttpFunctionTrigger(string Route, IReadOnlyList<string> Methods, string AuthLevel) : FunctionTrigger;

/// <summary>A queue function.</summary>
/// <param name="QueueName">The queue it reads.</param>
/// <param name="Connection">The name of the app setting (prefix) holding the storage connection.</param>
public sealed record QueueFunctionTrigger(string QueueName, string Connection) : FunctionTrigger
{
    /// <summary>Where the host (and our local runner) moves a message after <see cref="FunctionCatalog.MaxDequeueCount"/> failed attempts.</summary>
    public string PoisonQueueName => QueueName + "-poison";
}

/// <summary>A timer function with a six-field NCRONTAB schedule (<c>{second} {minute} {hour} {day} {month} {day-of-week}</c>, UTC).</summary>
public sealed record TimerFunctionTrigger(string Schedule) : FunctionTrigger;

/// <summary>A message delivered to a queue function, in either hosting.</summary>
/// <param name="Id">The queue message id.</param>
/// <param name="Body">The message text as it was sent.</param>
/// <param name="DequeueCount">How many times the message has been received, this time included.</param>
/// <param name="InsertionTime">When the message was put on the queue, when known.</param>
public sealed record QueueTriggerMessage(string Id, string Body, long DequeueCount, DateTimeOffset? InsertionTime);

/// <summary>Handles the messages of one queue function. Throw to fail: the message is retried, then poisoned.</summary>
public interface IQueueFunctionHandler
{
    Task HandleAsync(QueueTriggerMessage message, CancellationToken cancellationToken);
}

/// <summary>Runs one timer function. A throw is logged (and fails the invocation); the next occurrence runs as planned.</summary>
public interface ITimerFunctionHandler
{
    Task RunAsync(CancellationToken cancellationToken);
}
