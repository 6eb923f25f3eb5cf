using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;

namespace TalentFunctions.Notifications.SendGrid;

/// <summary>
/// Sends email through SendGrid v3 Mail Send. 202 is success; 429, 5xx and network errors are retried up to
/// <see cref="SendGridOptions.MaxAttempts"/> times, waiting as <c>Retry-After</c> or <c>X-RateLimit-Reset</c> ask
/// (else exponential backoff with jitter), never longer than <see cref="SendGridOptions.MaxRetryDelay"/>; any other
/// 4xx fails at once with <see cref="EmailPermanentFailureException"/>. SendGrid has no idempotency key, so the
/// effect id travels in <c>custom_args</c> for correlation and the caller de-duplicates.
/// </summary>
public sealed class SendGridEmailSender : IEmailSender
{
    private const int MaxErrorBodyChars = 2_000;
    private const string Redacted = "[redacted]";

    private readonly HttpClient httpClient;
    private readonly SendGridOptions options;
    private readonly TimeProvider timeProvider;
    private readonly Uri endpoint;

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

        this.httpClient = httpClient;
        this.options = options;
        this.timeProvider = timeProvider;
        endpoint = new Uri(options.BaseUrl.AbsoluteUri.TrimEnd('/') + "/v3/mail/send");
    }

    public async Task SendAsync(EmailMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        message.Validate();
        var body = JsonSerializer.SerializeToUtf8Bytes(BuildRequest(message), SendGridJsonContext.Default.SendGridMailRequest);

        for (var attempt = 1; ; attempt++)
        {
            int? status = null;
            TimeSpan? serverHint = null;
            string detail;
            Exception? failure = null;
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, endpoint) { Content = new ByteArrayContent(body) };
                request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", options.ApiKey);
                using var response = await httpClient.SendAsync(request, cancellationToken).ConfigureAwait(false);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }

                status = (int)response.StatusCode;
                var errors = await ReadErrorsAsync(response, cancellationToken).ConfigureAwait(false);
                if (!IsRetryable(response.StatusCode))
                {
                    throw new EmailPermanentFailureException(message.EffectId, status.Value, errors);
                }

                serverHint = RetryHint(response);
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

    private SendGridMailRequest BuildRequest(EmailMessage message) => new(
        Personalizations:
        [
            new SendGridPersonalization(
                [new SendGridAddress(message.To, string.IsNullOrWhiteSpace(message.ToName) ? null : message.ToName)],
                new Dictionary<string, string>(StringComparer.Ordinal)
                {
                    ["effectId"] = message.EffectId,
                    ["applicationId"] = message.ApplicationId,
                    ["kind"] = message.Kind,
                }),
        ],
        From: new SendGridAddress(options.FromEmail, string.IsNullOrWhiteSpace(options.FromName) ? null : options.FromName),
        Subject: message.Subject,
        Content: [new SendGridContent("text/plain", message.Text), new SendGridContent("text/html", message.Html)],
        Categories: [message.Kind]);

    private static bool IsRetryable(HttpStatusCode status) =>
        status == HttpStatusCode.TooManyRequests || (int)status >= 500;

    /// <summary>How long the server asks us to wait: <c>Retry-After</c> (seconds or date), or for 429 <c>X-RateLimit-Reset</c>.</summary>
    private TimeSpan? RetryHint(HttpResponseMessage response)
    {
        var now = timeProvider.GetUtcNow();
        TimeSpan? hint = null;
        if (response.Headers.RetryAfter is { } retryAfter)
        {
            hint = retryAfter.Delta ?? (retryAfter.Date is { } date ? date - now : null);
        }

        if (response.StatusCode == HttpStatusCode.TooManyRequests
            && response.Headers.TryGetValues("X-RateLimit-Reset", out var values)
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

    private async Task<IReadOnlyList<string>> ReadErrorsAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        string text;
        try
        {
            text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException)
        {
            return [];
        }

        if (string.IsNullOrWhiteSpace(text))
        {
            return [];
        }

        try
        {
            var parsed = JsonSerializer.Deserialize(text, SendGridJsonContext.Default.SendGridErrorResponse);
            var errors = (parsed?.Errors ?? [])
                .Where(error => !string.IsNullOrWhiteSpace(error.Message))
                .Select(error => Redact(string.IsNullOrWhiteSpace(error.Field) ? error.Message! : $"{error.Field}: {error.Message}"))
                .ToList();
            if (errors.Count > 0)
            {
                return errors;
            }
        }
        catch (JsonException)
        {
            // Not SendGrid's error shape (a proxy's page, say): fall through and quote the start of it.
        }

        var excerpt = text.Length > MaxErrorBodyChars ? text[..MaxErrorBodyChars] + "…" : text;
        return [Redact(excerpt.Trim())];
    }

    private string Redact(string text) =>
        text.Contains(options.ApiKey, StringComparison.Ordinal) ? text.Replace(options.ApiKey, Redacted, StringComparison.Ordinal) : text;
}
