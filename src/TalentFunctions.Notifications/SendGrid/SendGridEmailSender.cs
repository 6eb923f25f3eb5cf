using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using SendGrid;
using SendGrid.Helpers.Mail;

namespace TalentFunctions.Notifications.SendGrid;

/// <summary>
/// Sends email through SendGrid v3 Mail Send with the official SDK's <see cref="SendGridClient"/>, over the
/// <see cref="HttpClient"/> it is given (from <c>IHttpClientFactory</c> in the app). 202 is success; 429, 5xx and
/// network errors are retried up to <see cref="SendGridOptions.MaxAttempts"/> times, waiting as <c>Retry-After</c> or
/// <c>X-RateLimit-Reset</c> ask (else exponential backoff with jitter), never longer than
/// <see cref="SendGridOptions.MaxRetryDelay"/>; any other 4xx fails at once with
/// <see cref="EmailPermanentFailureException"/>. SendGrid has no idempotency key, so the effect id travels in
/// <c>custom_args</c> for correlation and the caller de-duplicates.
/// </summary>
public sealed class SendGridEmailSender : IEmailSender
{
    private const int MaxErrorBodyChars = 2_000;
    private const string Redacted = "[redacted]";

    private readonly SendGridClient client;
    private readonly SendGridOptions options;
    private readonly TimeProvider timeProvider;

    public SendGridEmailSender(HttpClient httpClient, SendGridOptions options, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(httpClient);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        var problems = options.Validate();
        if (problems.Count > 0)
        {
            throw new ArgumentException("Invalid SendGrid settings: " + string.Join(" ", problems), nameof(options));
        }

        this.options = options;
        this.timeProvider = timeProvider;
        // The SDK posts to {Host}/v3/mail/send. Its ReliabilitySettings stay off on purpose (they would only apply if
        // the SDK built its own HttpClient, which we never let it do): they retry 5xx but not 429, ignore Retry-After
        // and X-RateLimit-Reset, and end by throwing HttpRequestException. Our loop in SendAsync owns retries instead,
        // so 429, 5xx and network errors share one policy that honours the server's hints and our TimeProvider.
        client = new SendGridClient(httpClient, new SendGridClientOptions
        {
            ApiKey = options.ApiKey,
            Host = options.BaseUrl.AbsoluteUri,
        });
    }

    public async Task SendAsync(EmailMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        message.Validate();
        var mail = BuildMessage(message);

        for (var attempt = 1; ; attempt++)
        {
            int? status = null;
            TimeSpan? serverHint = null;
            string detail;
            Exception? failure = null;
            try
            {
                // HttpErrorAsException is off, so every HTTP status comes back as a Response; network errors and
                // timeouts still surface as HttpRequestException / TaskCanceledException.
                var response = await client.SendEmailAsync(mail, cancellationToken).ConfigureAwait(false);
                using var responseBody = response.Body;
                if (response.IsSuccessStatusCode)
                {
                    return;
                }

                status = (int)response.StatusCode;
                var errors = await ReadErrorsAsync(responseBody, cancellationToken).ConfigureAwait(false);
                if (!IsRetryable(response.StatusCode))
                {
                    throw new EmailPermanentFailureException(message.EffectId, status.Value, errors);
                }

                serverHint = RetryHint(response.StatusCode, response.Headers);
                detail = $"HTTP {status}" + (errors.Count == 0 ? "" : ": " + string.Join(" | ", errors));
            }
            catch (HttpRequestException ex)
            {
                failure = ex;
                detail = "network error: " + Redact(ex.Message);
            }
            catch (TaskCanceledException ex) when (!cancellationToken.IsCancellationRequested)
            {
                failure = ex;
                detail = "the request timed out";
            }

            if (attempt >= options.MaxAttempts)
            {
                throw new EmailTransientFailureException(message.EffectId, attempt, status, detail, failure);
            }

            await Task.Delay(NextDelay(attempt, serverHint), timeProvider, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// One personalization (the recipient, and <c>custom_args</c> with the effect id, application id and kind), the
    /// sender, the subject, text/plain then text/html (SendGrid's required order; the SDK also enforces it) and the
    /// kind as the one category. A blank display name is left out.
    /// </summary>
    private SendGridMessage BuildMessage(EmailMessage message)
    {
        var mail = new SendGridMessage
        {
            From = new EmailAddress(options.FromEmail, NameOrNull(options.FromName)),
            Subject = message.Subject,
            Contents = [new Content(MimeType.Text, message.Text), new Content(MimeType.Html, message.Html)],
        };
        mail.AddTo(new EmailAddress(message.To, NameOrNull(message.ToName)));
        mail.AddCustomArgs(new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["effectId"] = message.EffectId,
            ["applicationId"] = message.ApplicationId,
            ["kind"] = message.Kind,
        });
        mail.AddCategory(message.Kind);
        return mail;
    }

    private static string? NameOrNull(string? name) => string.IsNullOrWhiteSpace(name) ? null : name;

    private static bool IsRetryable(HttpStatusCode status) =>
        status == HttpStatusCode.TooManyRequests || (int)status >= 500;

    /// <summary>How long the server asks us to wait: <c>Retry-After</c> (seconds or date), or for 429 <c>X-RateLimit-Reset</c>.</summary>
    private TimeSpan? RetryHint(HttpStatusCode status, HttpResponseHeaders? headers)
    {
        if (headers is null)
        {
            return null;
        }

        var now = timeProvider.GetUtcNow();
        TimeSpan? hint = null;
        if (headers.RetryAfter is { } retryAfter)
        {
            hint = retryAfter.Delta ?? (retryAfter.Date is { } date ? date - now : null);
        }

        if (status == HttpStatusCode.TooManyRequests
            && headers.TryGetValues("X-RateLimit-Reset", out var values)
            && long.TryParse(values.FirstOrDefault(), NumberStyles.None, CultureInfo.InvariantCulture, out var reset))
        {
            // Epoch seconds per the docs; a small number can only be "seconds from now".
            var untilReset = reset >= 1_000_000_000 ? DateTimeOffset.FromUnixTimeSeconds(reset) - now : TimeSpan.FromSeconds(reset);
            hint = hint is null || untilReset > hint ? untilReset : hint;
        }

        return hint;
    }

    private TimeSpan NextDelay(int attempt, TimeSpan? serverHint)
    {
        TimeSpan delay;
        if (serverHint > TimeSpan.Zero)
        {
            delay = serverHint.Value;
        }
        else
        {
            // Exponential backoff with "equal jitter": half fixed, half random, so concurrent senders spread out.
            var exponential = options.BaseRetryDelay * Math.Pow(2, Math.Min(attempt - 1, 16));
            var capped = exponential > options.MaxRetryDelay ? options.MaxRetryDelay : exponential;
            delay = capped / 2 + capped / 2 * Random.Shared.NextDouble();
        }

        return delay > options.MaxRetryDelay ? options.MaxRetryDelay : delay;
    }

    private async Task<IReadOnlyList<string>> ReadErrorsAsync(HttpContent? content, CancellationToken cancellationToken)
    {
        if (content is null)
        {
            return [];
        }

        string text;
        try
        {
            text = await content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException)
        {
            return [];
        }

        if (string.IsNullOrWhiteSpace(text))
        {
            return [];
        }

        if (ParseErrors(text) is { Count: > 0 } errors)
        {
            return [.. errors.Select(Redact)];
        }

        // Not SendGrid's error shape (a proxy's page, say): quote the start of it.
        var excerpt = text.Length > MaxErrorBodyChars ? text[..MaxErrorBodyChars] + "…" : text;
        return [Redact(excerpt.Trim())];
    }

    /// <summary>
    /// SendGrid's error body, <c>{"errors":[{"message":"…","field":"…"},…]}</c>, as "field: message" lines (blank
    /// messages skipped); null when the body is not that shape (not JSON, no <c>errors</c> array, a member of the
    /// wrong type).
    /// </summary>
    private static List<string>? ParseErrors(string text)
    {
        try
        {
            using var document = JsonDocument.Parse(text);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object
                || !root.TryGetProperty("errors", out var list)
                || list.ValueKind != JsonValueKind.Array)
            {
                return null;
            }

            var errors = new List<string>();
            foreach (var error in list.EnumerateArray())
            {
                if (error.ValueKind == JsonValueKind.Null)
                {
                    continue;
                }

                if (error.ValueKind != JsonValueKind.Object
                    || !TryGetString(error, "message", out var message)
                    || !TryGetString(error, "field", out var field))
                {
                    return null;
                }

                if (!string.IsNullOrWhiteSpace(message))
                {
                    errors.Add(string.IsNullOrWhiteSpace(field) ? message : $"{field}: {message}");
                }
            }

            return errors;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>A member that is absent or null reads as null; one of any type but string fails.</summary>
    private static bool TryGetString(JsonElement element, string name, out string? value)
    {
        value = null;
        if (!element.TryGetProperty(name, out var member) || member.ValueKind == JsonValueKind.Null)
        {
            return true;
        }

        if (member.ValueKind != JsonValueKind.String)
        {
            return false;
        }

        value = member.GetString();
        return true;
    }

    private string Redact(string text) =>
        text.Contains(options.ApiKey, StringComparison.Ordinal) ? text.Replace(options.ApiKey, Redacted, StringComparison.Ordinal) : text;
}
