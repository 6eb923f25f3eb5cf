namespace TalentFunctions.Notifications.SendGrid;

/// <summary>Settings for <see cref="SendGridEmailSender"/> (section <c>SendGrid</c>).</summary>
public sealed class SendGridOptions
{
    public const string SectionName = "SendGrid";

    /// <summary>The API key, sent as <c>Authorization: Bearer …</c>. Never logged nor put in exception messages.</summary>
    public string ApiKey { get; set; } = "";

    /// <summary><c>https://api.sendgrid.com</c>; <c>https://api.eu.sendgrid.com</c> for EU subusers; a fake in tests.</summary>
    public Uri BaseUrl { get; set; } = new("https://api.sendgrid.com");

    /// <summary>The verified sender address.</summary>
    public string FromEmail { get; set; } = "";

    /// <summary>The sender's display name.</summary>
    public string FromName { get; set; } = "";

    /// <summary>Requests per message, the first included (429, 5xx and network errors are retried).</summary>
    public int MaxAttempts { get; set; } = 5;

    /// <summary>Longest wait between attempts, also capping what <c>Retry-After</c> / <c>X-RateLimit-Reset</c> ask for.</summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>First backoff step when the server gives no hint; it doubles per attempt.</summary>
    public TimeSpan BaseRetryDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Returns every problem with these settings (empty when valid).</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(ApiKey))
        {
            problems.Add("SendGrid:ApiKey is required.");
        }

        if (string.IsNullOrWhiteSpace(FromEmail) || !FromEmail.Contains('@', StringComparison.Ordinal))
        {
            problems.Add("SendGrid:FromEmail must be an email address.");
        }

        if (BaseUrl is null || !BaseUrl.IsAbsoluteUri || (BaseUrl.Scheme != Uri.UriSchemeHttps && BaseUrl.Scheme != Uri.UriSchemeHttp))
        {
            problems.Add("SendGrid:BaseUrl must be an absolute http(s) URL.");
        }

        if (MaxAttempts < 1)
        {
            problems.Add("SendGrid:MaxAttempts must be at least 1.");
        }

        if (BaseRetryDelay < TimeSpan.Zero || MaxRetryDelay < TimeSpan.Zero)
        {
            problems.Add("SendGrid:BaseRetryDelay and SendGrid:MaxRetryDelay must not be negative.");
        }

        return problems;
    }
}
