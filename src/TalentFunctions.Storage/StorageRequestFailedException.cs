namespace TalentFunctions.Storage;

/// <summary>
/// The one exception the storage clients throw for a failed request. <see cref="Status"/> is the HTTP
/// status, or 0 when no response was received (network failure or timeout after all retries).
/// Catch it with a filter: <c>catch (StorageRequestFailedException e) when (e.Status == 412)</c>.
/// </summary>
public class StorageRequestFailedException : Exception
{
    public StorageRequestFailedException(int status, string? errorCode, string? requestId, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Status = status;
        ErrorCode = errorCode;
        RequestId = requestId;
    }

    /// <summary>HTTP status code; 0 when no response was received.</summary>
    public int Status { get; }

    /// <summary>The service's error code, e.g. <c>EntityAlreadyExists</c> or <c>UpdateConditionNotSatisfied</c>.</summary>
    public string? ErrorCode { get; }

    /// <summary>The service's <c>x-ms-request-id</c>, for support cases.</summary>
    public string? RequestId { get; }
}
