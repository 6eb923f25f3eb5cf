using TalentFunctions.Storage;
using TalentFunctions.Web.Settings;
using TalentFunctions.LocalEngine;

namespace TalentFunctions.Standalone.Hosting;

/// <summary>
/// <c>DurableTask:*</c>: the local Durable engine's settings (empty ones keep <see cref="LocalEngineOptions"/>' defaults:
/// task hub TalentFunctions, one partition, 3 s polling, 30 s visibility timeout).
/// </summary>
public sealed class DurableEngineSettings
{
    public const string Section = "DurableTask";

    public string? TaskHubName { get; set; }
    public int? PartitionCount { get; set; }
    public TimeSpan? MaxQueuePollingInterval { get; set; }
    public TimeSpan? WorkItemVisibilityTimeout { get; set; }

    public void ApplyTo(LocalEngineOptions engine)
    {
        engine.TaskHubName = string.IsNullOrWhiteSpace(TaskHubName) ? engine.TaskHubName : TaskHubName;
        engine.PartitionCount = PartitionCount ?? engine.PartitionCount;
        engine.MaxQueuePollingInterval = MaxQueuePollingInterval ?? engine.MaxQueuePollingInterval;
        engine.WorkItemVisibilityTimeout = WorkItemVisibilityTimeout ?? engine.WorkItemVisibilityTimeout;
    }
}

/// <summary>The options only the standalone host binds (see <see cref="AppSettings.BoundOptions"/> for the rest).</summary>
public static class StandaloneSettings
{
    public static IReadOnlyList<(Type OptionsType, string Section)> BoundOptions { get; } =
    [
        (typeof(DurableEngineSettings), DurableEngineSettings.Section),
    ];
}
