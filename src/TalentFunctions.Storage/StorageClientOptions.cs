namespace TalentFunctions.Storage;

/// <summary>
/// Settings shared by every storage client (tables, blobs, queues). Create one per service client;
/// the values are read when the client is constructed.
/// </summary>
public sealed class StorageClientOptions
{
    /// <summary>How many times a failed attempt is retried (so at most <c>MaxRetries + 1</c> attempts).</summary>
    public int MaxRetries { get; set; } = 4;

    /// <summary>Base delay of the jittered exponential backoff.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Upper bound of a computed backoff delay. A server's <c>Retry-After</c> is honoured as given.</summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Time allowed for one attempt to receive the response headers (and, unless streaming, the body).</summary>
    public TimeSpan NetworkTimeout { get; set; } = TimeSpan.FromSeconds(100);

    /// <summary>Optional counter of logical storage operations (see <see cref="StorageOperationCounter"/>).</summary>
    public StorageOperationCounter? Counter { get; set; }

    /// <summary>Clock used for request dates, SAS times and retry delays.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    internal void Validate()
    {
        if (MaxRetries < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxRetries), MaxRetries, "MaxRetries cannot be negative.");
        }

        if (RetryDelay < TimeSpan.Zero || MaxRetryDelay < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(RetryDelay), "Retry delays cannot be negative.");
        }

        if (NetworkTimeout <= TimeSpan.Zero && NetworkTimeout != Timeout.InfiniteTimeSpan)
        {
            throw new ArgumentOutOfRangeException(nameof(NetworkTimeout), NetworkTimeout, "NetworkTimeout must be positive or infinite.");
        }

        ArgumentNullException.ThrowIfNull(TimeProvider);
    }
}
