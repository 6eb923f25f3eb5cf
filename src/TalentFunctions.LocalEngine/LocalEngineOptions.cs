using Azure.Core;
using Microsoft.Extensions.Logging;

namespace TalentFunctions.LocalEngine;

/// <summary>
/// Settings of the local Durable engine (<see cref="LocalDurableEngine"/>): the Azure Storage backend that
/// Durable Functions uses by default, run against Azurite (or any storage account reachable by a connection
/// string). The defaults suit one local process: one partition, a polling interval that keeps an idle engine
/// under one storage request per second while a raised event is still picked up within 3 s, and a short
/// visibility timeout so work interrupted by a crash is retried within half a minute instead of five.
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
    /// the worst-case delay before an idle engine notices a new message (a started instance, a raised event); once
    /// busy it polls at once again. It also sets the idle cost: the control queue and the work-item queue are each
    /// polled about once per interval, on top of the partition lease renewal (2 requests every 10 s).
    /// Measured idle traffic with one partition: 0.5 s → 4.2 requests/s, 1 s → 2.2, 2 s → 1.2, 3 s → 0.87,
    /// 30 s (the Azure Storage default) → 0.27. The default of 3 s keeps an idle local host under 1 request/s.
    /// </summary>
    public TimeSpan MaxQueuePollingInterval { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>
    /// How long a dequeued message stays invisible while its work runs (control and work-item queues alike).
    /// Work interrupted by a crash is retried after this, so activities must be idempotent.
    /// The Azure Storage default is 5 minutes.
    /// </summary>
    public TimeSpan WorkItemVisibilityTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The longest each step of the engine's own stop may take: its gRPC server closing open calls, then the
    /// backend releasing its partition lease (about 1 s when all is well). Stopping stays bounded even if a
    /// worker is still connected.
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
