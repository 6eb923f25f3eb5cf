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

    // None since the Durable orchestrations took over screening, assignment and timers (issue 9); the queue and
    // timer plumbing leaves with the custom handler (issue 10).
    public static IReadOnlyList<FunctionDefinition> All { get; } = [];
}
