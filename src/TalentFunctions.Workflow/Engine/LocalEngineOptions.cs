using Azure.Core;
using Microsoft.Extensions.Logging;

namespace TalentFunctions.Workflow.Engine;

/// <summary>
/// Settings of the local Durable engine (<see cref="LocalDurableEngine"/>): the Azure Storage backend that
/// Durable Functions uses by default, run against Azurite (or any storage account reachable by a connection
/// string). The defaults suit one local process: one partition, a short polling interval so a raised event
/// is picked up within about a second or two, and a short visibility timeout so work interrupted by a crash is
/// retried within half a minute instead of five.
/// </summary>
public sealed class LocalEngineOptions
{
    /// <summary>The storage connection string (for Azurite: the emulator's, with explicit endpoints). Required.</summary>
    public string StorageConnectionString { get; set; } = "";

    /// <summary>
    /// The task hub: names the engine's queues, tables and blob containers in the storage account.
    /// 3–45 ASCII letters and digits, starting with a letter. Instances live in one task hub; a host started on
    /// the same hub (and storage) later sees the instances an earlier host left.
    /// </summary>
    public string TaskHubName { get; set; } = "TalentFunctions";

    /// <summary>
    /// Control-queue partitions (1–16). Each partition is one control queue that is polled and one lease that is
    /// renewed, so idle traffic grows with it; one process needs only one.
    /// </summary>
    public int PartitionCount { get; set; } = 1;

    /// <summary>
    /// The longest wait between two polls of an empty queue (the engine backs off up to this when idle). It is
    /// the worst-case delay before the engine notices a message that arrived while it was idle (a started
    /// instance, a raised event), and sets the idle request rate: about one request per queue per interval.
    /// </summary>
    public TimeSpan MaxQueuePollingInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// How long a dequeued message stays invisible while its work runs (control and work-item queues alike).
    /// Work interrupted by a crash is retried after this, so activities must be idempotent.
    /// The Azure Storage default is 5 minutes.
    /// </summary>
    public TimeSpan WorkItemVisibilityTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The longest the engine's own stop may take (its gRPC server closing open calls and the backend releasing
    /// its partition lease). Stopping stays bounded by this even if a worker is still connected.
    /// </summary>
    public TimeSpan ShutdownTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// The least severe log level the engine's internals write (the Azure Storage backend, the gRPC server and its
    /// web host); the host's own filters still apply on top. Warning by default: at Information the backend logs
    /// every empty poll and the server every call. The worker and client log through the host as usual.
    /// </summary>
    public LogLevel EngineLogLevel { get; set; } = LogLevel.Warning;

    /// <summary>
    /// Called once for each of the engine's storage clients' options (Blob, Queue, Table) before the clients are
    /// made: add pipeline policies here (e.g. to count requests or trace them). Optional.
    /// </summary>
    public Action<ClientOptions>? ConfigureStorageClient { get; set; }

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid setting.</summary>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(StorageConnectionString))
        {
            throw new ArgumentException("LocalEngineOptions.StorageConnectionString is required.");
        }

        if (TaskHubName.Length is < 3 or > 45 || !char.IsAsciiLetter(TaskHubName[0]) || !TaskHubName.All(char.IsAsciiLetterOrDigit))
        {
            throw new ArgumentException("LocalEngineOptions.TaskHubName must be 3-45 ASCII letters and digits, starting with a letter.");
        }

        if (PartitionCount is < 1 or > 16)
        {
            throw new ArgumentException("LocalEngineOptions.PartitionCount must be between 1 and 16.");
        }

        if (MaxQueuePollingInterval <= TimeSpan.Zero)
        {
            throw new ArgumentException("LocalEngineOptions.MaxQueuePollingInterval must be positive.");
        }

        if (WorkItemVisibilityTimeout < TimeSpan.FromSeconds(1))
        {
            throw new ArgumentException("LocalEngineOptions.WorkItemVisibilityTimeout must be at least one second.");
        }

        if (ShutdownTimeout <= TimeSpan.Zero)
        {
            throw new ArgumentException("LocalEngineOptions.ShutdownTimeout must be positive.");
        }
    }
}
