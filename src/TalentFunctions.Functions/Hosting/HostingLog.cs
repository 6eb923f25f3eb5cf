namespace TalentFunctions.Functions.Hosting;

/// <summary>Log messages of the hosting layer. Ids and names only, never personal data or message bodies.</summary>
internal static partial class HostingLog
{
    [LoggerMessage(1, LogLevel.Warning, "Invocation {FunctionName} ({InvocationId}) rejected: {Reason}")]
    public static partial void InvocationPayloadRejected(ILogger logger, string functionName, string invocationId, string reason);

    [LoggerMessage(2, LogLevel.Error, "Invocation {FunctionName} ({InvocationId}) failed")]
    public static partial void InvocationFailed(ILogger logger, Exception exception, string functionName, string invocationId);

    [LoggerMessage(3, LogLevel.Debug, "Invocation {FunctionName} ({InvocationId}) succeeded")]
    public static partial void InvocationSucceeded(ILogger logger, string functionName, string invocationId);

    [LoggerMessage(10, LogLevel.Error, "Timer function {FunctionName} failed; it runs again at its next occurrence")]
    public static partial void TimerRunFailed(ILogger logger, Exception exception, string functionName);

    [LoggerMessage(11, LogLevel.Debug, "Timer function {FunctionName} ran in {ElapsedMs:0.0} ms")]
    public static partial void TimerRunCompleted(ILogger logger, string functionName, double elapsedMs);

    [LoggerMessage(20, LogLevel.Warning, "Queue function {FunctionName}: polling failed (status {Status}, {ErrorCode}); backing off")]
    public static partial void QueuePollFailed(ILogger logger, Exception exception, string functionName, int status, string? errorCode);

    [LoggerMessage(21, LogLevel.Error, "Queue function {FunctionName} failed on message {MessageId} (attempt {DequeueCount})")]
    public static partial void QueueMessageFailed(ILogger logger, Exception exception, string functionName, string messageId, long dequeueCount);

    [LoggerMessage(22, LogLevel.Warning, "Queue function {FunctionName}: message {MessageId} moved to {PoisonQueue} after {DequeueCount} attempts")]
    public static partial void QueueMessagePoisoned(ILogger logger, string functionName, string messageId, long dequeueCount, string poisonQueue);

    [LoggerMessage(23, LogLevel.Warning, "Queue function {FunctionName}: message {MessageId} could not be deleted (its visibility timeout ran out)")]
    public static partial void QueueMessageLeaseLost(ILogger logger, string functionName, string messageId);

    [LoggerMessage(30, LogLevel.Information, "Local runners started: {QueueFunctions} queue function(s), {TimerFunctions} timer function(s)")]
    public static partial void LocalRunnersStarted(ILogger logger, int queueFunctions, int timerFunctions);

    [LoggerMessage(31, LogLevel.Information, "Local runners are off (Hosting:RunLocalRunners)")]
    public static partial void LocalRunnersOff(ILogger logger);

    [LoggerMessage(40, LogLevel.Information, "Storage ready: {Queues} queue(s), {Tables} table(s) and {Containers} container(s) ensured")]
    public static partial void StorageInitialized(ILogger logger, int queues, int tables, int containers);

    [LoggerMessage(41, LogLevel.Information, "No storage connection configured: starting Azurite (data in {DataDirectory})")]
    public static partial void AzuriteStarting(ILogger logger, string dataDirectory);

    [LoggerMessage(50, LogLevel.Information, "Settings read from {SettingsFile} (environment variables override it)")]
    public static partial void LocalSettingsUsed(ILogger logger, string settingsFile);

    [LoggerMessage(51, LogLevel.Warning, "Email:SendGridApiKey is empty: emails go to the dev mailbox, not to SendGrid")]
    public static partial void DevMailboxInUse(ILogger logger);

    [LoggerMessage(52, LogLevel.Information, "{Banner}")]
    public static partial void StartupBanner(ILogger logger, string banner);
}
