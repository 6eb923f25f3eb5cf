using Azure.Core;
using Azure.Core.Pipeline;

namespace TalentFunctions.Storage;

/// <summary>
/// Thread-safe counter of storage operations. <see cref="Count"/> counts <b>logical</b> operations:
/// one per service call a client method makes (a table transaction of 100 entities is one operation, a page of a
/// query is one operation), whether or not it succeeds. Retried attempts are not counted there but in
/// <see cref="Retries"/>, so <c>Count</c> is stable under transient faults and suits
/// "storage operations per application". <see cref="AddTo"/> puts it into an Azure SDK client's pipeline.
/// </summary>
public sealed class StorageOperationCounter
{
    private long _count;
    private long _retries;

    /// <summary>Logical operations started.</summary>
    public long Count => Interlocked.Read(ref _count);

    /// <summary>Extra attempts made because of transient failures.</summary>
    public long Retries => Interlocked.Read(ref _retries);

    public void Increment() => Interlocked.Increment(ref _count);

    internal void IncrementRetries() => Interlocked.Increment(ref _retries);

    /// <summary>Sets both numbers back to zero.</summary>
    public void Reset()
    {
        Interlocked.Exchange(ref _count, 0);
        Interlocked.Exchange(ref _retries, 0);
    }

    /// <summary>
    /// Adds this counter to an Azure SDK client's options: one count per call (the per-call position runs once,
    /// before the retry policy) and one retry for every attempt after the first (the per-retry position runs on each).
    /// </summary>
    public void AddTo(ClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.AddPolicy(new CallPolicy(this), HttpPipelinePosition.PerCall);
        options.AddPolicy(new RetryPolicy(this), HttpPipelinePosition.PerRetry);
    }

    private sealed class CallPolicy(StorageOperationCounter counter) : HttpPipelineSynchronousPolicy
    {
        public override void OnSendingRequest(HttpMessage message) => counter.Increment();
    }

    private sealed class RetryPolicy(StorageOperationCounter counter) : HttpPipelineSynchronousPolicy
    {
        public override void OnSendingRequest(HttpMessage message)
        {
            if (message.ProcessingContext.RetryNumber > 0)
            {
                counter.IncrementRetries();
            }
        }
    }
}
