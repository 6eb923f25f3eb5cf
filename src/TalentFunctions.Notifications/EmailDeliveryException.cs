namespace TalentFunctions.Notifications;

/// <summary>An email could not be delivered. Catch the two subtypes to decide between "tell staff" and "retry later".</summary>
public abstract class EmailDeliveryException : Exception
{
    protected EmailDeliveryException(string message, string effectId, Exception? innerException)
        : base(message, innerException)
    {
        EffectId = effectId;
    }

    /// <summary>The outbox effect whose email failed.</summary>
    public string EffectId { get; }
}

/// <summary>
/// The provider refused the message (a 4xx other than 429): retrying will not help. <see cref="Exception.Message"/>
/// names the status and the provider's error messages and is fit to show staff; it never contains the API key.
/// </summary>
public sealed class EmailPermanentFailureException : EmailDeliveryException
{
    public EmailPermanentFailureException(string effectId, int statusCode, IReadOnlyList<string> errors)
        : base(Describe(statusCode, errors), effectId, null)
    {
        StatusCode = statusCode;
        Errors = errors;
    }

    /// <summary>The HTTP status the provider answered with.</summary>
    public int StatusCode { get; }

    /// <summary>The provider's error messages (may be empty).</summary>
    public IReadOnlyList<string> Errors { get; }

    private static string Describe(int statusCode, IReadOnlyList<string> errors) =>
        $"The email provider refused the message with HTTP {statusCode}"
        + (errors.Count == 0 ? "." : ": " + string.Join(" | ", errors));
}

/// <summary>
/// The provider could not be reached, or kept answering 429/5xx, for every attempt allowed. The outbox may try again
/// later.
/// </summary>
public sealed class EmailTransientFailureException : EmailDeliveryException
{
    public EmailTransientFailureException(string effectId, int attempts, int? lastStatusCode, string detail, Exception? innerException = null)
        : base($"The email could not be delivered after {attempts} attempt(s): {detail}", effectId, innerException)
    {
        Attempts = attempts;
        LastStatusCode = lastStatusCode;
    }

    /// <summary>How many requests were made.</summary>
    public int Attempts { get; }

    /// <summary>The last HTTP status received, or null when the last attempt got no response (network error, timeout).</summary>
    public int? LastStatusCode { get; }
}
