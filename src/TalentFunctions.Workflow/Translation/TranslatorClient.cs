using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace TalentFunctions.Workflow.Translation;

/// <summary>What the Translator answered: the texts translated, or why there is no translation.</summary>
public abstract record TranslationOutcome;

/// <summary>
/// The texts translated, in the order asked. <see cref="SourceLanguage"/> is the <c>from</c> code sent, or the language
/// the Translator detected when none was sent.
/// </summary>
public sealed record MachineTranslation(IReadOnlyList<string> Texts, string? SourceLanguage) : TranslationOutcome;

/// <summary>No translation: <see cref="Reason"/> says why, for logs and staff (status codes and ids, never the texts).</summary>
public sealed record TranslationUnavailable(string Reason) : TranslationOutcome;

/// <summary>
/// Azure AI Translator, Text Translation v3 <c>translate</c>: <c>POST {Endpoint}/translate?api-version=3.0&amp;to=…[&amp;from=…]</c>
/// with <c>Ocp-Apim-Subscription-Key</c> (and <c>Ocp-Apim-Subscription-Region</c> when set) and a JSON array of
/// <c>{"Text": …}</c>; the answer has one item per text, each with <c>translations[0].text</c> (and
/// <c>detectedLanguage</c> when no <c>from</c> was sent). A typed client (<c>AddHttpClient&lt;TranslatorClient&gt;()</c>).
/// <para>
/// A translation is a convenience for mentors, so this never throws for the service's failures: after a few short
/// attempts it answers <see cref="TranslationUnavailable"/>. 5xx, 408, timeouts and network errors are tried again after
/// a short backoff; a 429 is waited out when its <c>Retry-After</c> is at most <see cref="MaxRetryAfter"/>, else given up
/// at once; any other 4xx (bad key, bad language) is given up at once. Waits are real time, not business time.
/// </para>
/// </summary>
public sealed partial class TranslatorClient
{
    /// <summary>Attempts per request, the first included.</summary>
    public const int MaxAttempts = 3;

    /// <summary>The Translator's limits per request: characters of all texts together, and texts.</summary>
    public const int MaxCharactersPerRequest = 50_000;
    public const int MaxTextsPerRequest = 1_000;

    /// <summary>The longest <c>Retry-After</c> of a 429 that is waited for; a longer one gives up.</summary>
    public static readonly TimeSpan MaxRetryAfter = TimeSpan.FromSeconds(10);

    /// <summary>How long one attempt may take.</summary>
    public static readonly TimeSpan AttemptTimeout = TimeSpan.FromSeconds(20);

    private static readonly TimeSpan FirstBackoff = TimeSpan.FromMilliseconds(500);
    private static readonly JsonSerializerOptions ResponseJson = new(JsonSerializerDefaults.Web);

    private readonly HttpClient http;
    private readonly TranslatorOptions options;
    private readonly TimeProvider waits;
    private readonly ILogger logger;

    public TranslatorClient(HttpClient http, IOptions<TranslatorOptions> options, ILogger<TranslatorClient> logger)
        : this(http, options.Value, TimeProvider.System, logger)
    {
    }

    /// <summary>With the clock the client waits on between attempts (tests move it instead of waiting).</summary>
    internal TranslatorClient(HttpClient http, TranslatorOptions options, TimeProvider waits, ILogger logger)
    {
        this.http = http;
        this.options = options;
        this.waits = waits;
        this.logger = logger;
    }

    /// <summary>False when no key is set: <see cref="TranslateAsync"/> answers unavailable without a request.</summary>
    public bool IsConfigured => options.IsConfigured;

    /// <summary>
    /// Translates <paramref name="texts"/> into <paramref name="to"/> (a Translator code, e.g. <c>en</c>, <c>zh-Hans</c>)
    /// from <paramref name="from"/> (null: detected). Blank texts are kept as they are; the rest go in as few requests as
    /// the Translator's limits allow.
    /// </summary>
    public async Task<TranslationOutcome> TranslateAsync(IReadOnlyList<string> texts, string to, string? from, CancellationToken cancellationToken = default)
    {
        if (!IsConfigured)
        {
            return new TranslationUnavailable("not configured");
        }

        var translated = texts.ToArray();
        string? detected = null;
        foreach (var batch in Batches(texts))
        {
            var outcome = await SendAsync([.. batch.Select(i => texts[i])], to, from, cancellationToken).ConfigureAwait(false);
            if (outcome is not MachineTranslation done)
            {
                return outcome;
            }
            for (var k = 0; k < batch.Count; k++)
            {
                translated[batch[k]] = done.Texts[k];
            }
            detected ??= done.SourceLanguage;
        }
        return new MachineTranslation(translated, from ?? detected);
    }

    /// <summary>The indices of the non-blank texts, in requests within the Translator's limits.</summary>
    private static List<List<int>> Batches(IReadOnlyList<string> texts)
    {
        var batches = new List<List<int>>();
        var characters = 0;
        for (var i = 0; i < texts.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(texts[i]))
            {
                continue;
            }
            if (batches.Count == 0 || batches[^1].Count >= MaxTextsPerRequest || characters + texts[i].Length > MaxCharactersPerRequest)
            {
                batches.Add([]);
                characters = 0;
            }
            batches[^1].Add(i);
            characters += texts[i].Length;
        }
        return batches;
    }

    private async Task<TranslationOutcome> SendAsync(IReadOnlyList<string> texts, string to, string? from, CancellationToken cancellationToken)
    {
        if (texts.Sum(t => t.Length) > MaxCharactersPerRequest)
        {
            return new TranslationUnavailable($"a text is longer than the Translator's {MaxCharactersPerRequest} characters per request");
        }

        for (var attempt = 1; ; attempt++)
        {
            TimeSpan wait;
            string failure;
            using var attemptTimeout = new CancellationTokenSource(AttemptTimeout, waits);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, attemptTimeout.Token);
            try
            {
                using var request = Request(texts, to, from);
                using var response = await http.SendAsync(request, linked.Token).ConfigureAwait(false);
                if (response.IsSuccessStatusCode)
                {
                    return await ReadAsync(response, texts.Count, linked.Token).ConfigureAwait(false);
                }

                var status = (int)response.StatusCode;
                failure = $"HTTP {status.ToString(CultureInfo.InvariantCulture)}";
                if (response.StatusCode == HttpStatusCode.TooManyRequests)
                {
                    var hint = RetryAfter(response);
                    if (hint is not { } asked || asked > MaxRetryAfter)
                    {
                        return new TranslationUnavailable(hint is null
                            ? "HTTP 429 without Retry-After"
                            : $"HTTP 429 asking to wait {hint.Value.TotalSeconds:0} s (more than {MaxRetryAfter.TotalSeconds:0} s)");
                    }
                    wait = asked;
                }
                else if (status >= 500 || response.StatusCode == HttpStatusCode.RequestTimeout)
                {
                    wait = Backoff(attempt);
                }
                else
                {
                    return new TranslationUnavailable(failure); // 400, 401, 403…: trying again changes nothing
                }
            }
            catch (HttpRequestException)
            {
                failure = "network error";
                wait = Backoff(attempt);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                failure = "timed out";
                wait = Backoff(attempt);
            }

            if (attempt >= MaxAttempts)
            {
                return new TranslationUnavailable($"{failure} after {attempt.ToString(CultureInfo.InvariantCulture)} attempts");
            }
            LogRetry(failure, attempt, wait.TotalMilliseconds);
            await Task.Delay(wait, waits, cancellationToken).ConfigureAwait(false);
        }
    }

    private HttpRequestMessage Request(IReadOnlyList<string> texts, string to, string? from)
    {
        var query = "api-version=3.0&to=" + Uri.EscapeDataString(to) + (from is null ? "" : "&from=" + Uri.EscapeDataString(from));
        var request = new HttpRequestMessage(HttpMethod.Post, options.Endpoint!.AbsoluteUri.TrimEnd('/') + "/translate?" + query)
        {
            Content = JsonContent.Create(texts.Select(t => new TranslateItem(t)).ToList()),
        };
        request.Headers.TryAddWithoutValidation("Ocp-Apim-Subscription-Key", options.Key);
        if (!string.IsNullOrWhiteSpace(options.Region))
        {
            request.Headers.TryAddWithoutValidation("Ocp-Apim-Subscription-Region", options.Region);
        }
        return request;
    }

    private static async Task<TranslationOutcome> ReadAsync(HttpResponseMessage response, int expected, CancellationToken cancellationToken)
    {
        List<TranslateResult>? results;
        try
        {
            results = await response.Content.ReadFromJsonAsync<List<TranslateResult>>(ResponseJson, cancellationToken).ConfigureAwait(false);
        }
        catch (JsonException)
        {
            return new TranslationUnavailable("the answer is not the Translator's JSON");
        }
        if (results is null || results.Count != expected || results.Any(r => r.Translations is not [{ Text: not null }, ..]))
        {
            return new TranslationUnavailable("the answer does not hold one translation per text");
        }
        return new MachineTranslation(
            [.. results.Select(r => r.Translations![0].Text!)],
            results.Select(r => r.DetectedLanguage?.Language).FirstOrDefault(l => !string.IsNullOrEmpty(l)));
    }

    /// <summary><c>Retry-After</c> as seconds or as a date.</summary>
    private TimeSpan? RetryAfter(HttpResponseMessage response) => response.Headers.RetryAfter switch
    {
        { Delta: { } delta } => delta < TimeSpan.Zero ? TimeSpan.Zero : delta,
        { Date: { } date } => date - waits.GetUtcNow() is var left && left > TimeSpan.Zero ? left : TimeSpan.Zero,
        _ => null,
    };

    private static TimeSpan Backoff(int attempt) => FirstBackoff * (1 << Math.Min(attempt - 1, 4));

    [LoggerMessage(Level = LogLevel.Warning, Message = "Translator request failed ({Failure}, attempt {Attempt}); trying again in {WaitMs} ms.")]
    private partial void LogRetry(string failure, int attempt, double waitMs);

    private sealed record TranslateItem([property: JsonPropertyName("Text")] string Text);

    private sealed record TranslateResult(DetectedLanguage? DetectedLanguage, IReadOnlyList<TranslatedText>? Translations);

    private sealed record DetectedLanguage(string? Language, double? Score);

    private sealed record TranslatedText(string? Text, string? To);
}
