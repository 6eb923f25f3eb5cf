using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace TalentFunctions.TestSupport;

/// <summary>
/// A fake SendGrid v3 Mail Send endpoint: a real HTTP server on a free loopback port (<see cref="HttpListener"/>),
/// so the client under test goes through its whole HTTP stack. It checks the path, the bearer key and the JSON
/// shape the way SendGrid does (401 / 400 with SendGrid's error body), answers scripted responses first
/// (<see cref="Enqueue"/>), then fails <see cref="FailureRate"/> of requests with 500 at random, and accepts the rest
/// with 202. Every request and every accepted message is logged (thread-safe).
/// Depends on nothing but the BCL (no xunit), so any test project can start one.
/// </summary>
public sealed class FakeSendGridServer : IAsyncDisposable
{
    public const string MailSendPath = "/v3/mail/send";

    private readonly object gate = new();
    private LoopbackHttpServer server = null!;
    private readonly Queue<FakeSendGridResponse> script = new();
    private readonly List<FakeSendGridRequest> requests = [];
    private readonly List<FakeSendGridMail> accepted = [];
    private readonly List<(int Count, TaskCompletionSource Done)> waiters = [];
    private readonly Random random;
    private double failureRate;

    private FakeSendGridServer(string apiKey, int? seed)
    {
        ApiKey = apiKey;
        random = seed is null ? new Random() : new Random(seed.Value);
    }

    /// <summary>Where to point the client (<c>http://127.0.0.1:{port}/</c>).</summary>
    public Uri BaseUrl => server.BaseUrl;

    /// <summary>The only key accepted as <c>Authorization: Bearer …</c>.</summary>
    public string ApiKey { get; }

    /// <summary>Fraction (0–1) of well-formed requests answered 500 without accepting the message.</summary>
    public double FailureRate
    {
        get { lock (gate) { return failureRate; } }
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 0);
            ArgumentOutOfRangeException.ThrowIfGreaterThan(value, 1);
            lock (gate) { failureRate = value; }
        }
    }

    /// <summary>Every request received, in arrival order.</summary>
    public IReadOnlyList<FakeSendGridRequest> Requests
    {
        get { lock (gate) { return [.. requests]; } }
    }

    /// <summary>Every message answered with 2xx, in order (an effect sent twice appears twice).</summary>
    public IReadOnlyList<FakeSendGridMail> Accepted
    {
        get { lock (gate) { return [.. accepted]; } }
    }

    /// <summary>The distinct effect ids accepted.</summary>
    public IReadOnlySet<string> AcceptedEffectIds
    {
        get { lock (gate) { return accepted.Select(m => m.EffectId).ToHashSet(StringComparer.Ordinal); } }
    }

    /// <summary>How many accepted messages repeated an effect id accepted before.</summary>
    public int DuplicateCount
    {
        get { lock (gate) { return accepted.Count - accepted.Select(m => m.EffectId).Distinct(StringComparer.Ordinal).Count(); } }
    }

    /// <summary>Starts a server on a free loopback port.</summary>
    public static FakeSendGridServer Start(string apiKey = "SG.fake-key-for-tests", int? seed = null)
    {
        var fake = new FakeSendGridServer(apiKey, seed);
        fake.server = LoopbackHttpServer.Start(fake.HandleAsync);
        return fake;
    }

    /// <summary>Queues responses for the next well-formed, authorised requests (one each, in order).</summary>
    public void Enqueue(params FakeSendGridResponse[] responses)
    {
        lock (gate)
        {
            foreach (var response in responses)
            {
                script.Enqueue(response);
            }
        }
    }

    /// <summary>Completes when at least <paramref name="count"/> messages have been accepted.</summary>
    public Task WaitForAcceptedAsync(int count, CancellationToken cancellationToken = default)
    {
        lock (gate)
        {
            if (accepted.Count >= count)
            {
                return Task.CompletedTask;
            }

            var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            waiters.Add((count, done));
            return done.Task.WaitAsync(cancellationToken);
        }
    }

    public ValueTask DisposeAsync() => server.DisposeAsync();

    private async Task HandleAsync(HttpListenerContext context)
    {
        var request = context.Request;
        string body;
        using (var reader = new StreamReader(request.InputStream, Encoding.UTF8))
        {
            body = await reader.ReadToEndAsync().ConfigureAwait(false);
        }

        var authorization = request.Headers["Authorization"];
        var path = request.Url?.AbsolutePath ?? "";
        List<string> problems = [];
        FakeSendGridMail? mail = null;
        FakeSendGridResponse response;
        if (path != MailSendPath)
        {
            response = FakeSendGridResponse.Error(404, "Not found: " + path);
        }
        else if (request.HttpMethod != "POST")
        {
            response = FakeSendGridResponse.Error(405, "Method not allowed");
        }
        else if (authorization != "Bearer " + ApiKey)
        {
            response = FakeSendGridResponse.Error(401, "The provided authorization grant is invalid, expired, or revoked");
        }
        else if (!(request.ContentType ?? "").StartsWith("application/json", StringComparison.OrdinalIgnoreCase))
        {
            response = FakeSendGridResponse.Error(415, "Content-Type must be application/json");
        }
        else
        {
            mail = Parse(body, problems);
            response = problems.Count > 0 ? FakeSendGridResponse.BadRequest([.. problems]) : Decide();
        }

        lock (gate)
        {
            requests.Add(new FakeSendGridRequest(request.HttpMethod, path, authorization, request.ContentType, body, response.StatusCode, problems));
            if (mail is not null && response.StatusCode is >= 200 and < 300)
            {
                accepted.Add(mail);
                foreach (var waiter in waiters.Where(w => accepted.Count >= w.Count).ToList())
                {
                    waiters.Remove(waiter);
                    waiter.Done.TrySetResult();
                }
            }
        }

        await WriteAsync(context.Response, response).ConfigureAwait(false);
    }

    private FakeSendGridResponse Decide()
    {
        lock (gate)
        {
            if (script.Count > 0)
            {
                return script.Dequeue();
            }

            return random.NextDouble() < failureRate
                ? FakeSendGridResponse.Error(500, "Internal server error (injected failure)")
                : FakeSendGridResponse.Accepted();
        }
    }

    private static async Task WriteAsync(HttpListenerResponse response, FakeSendGridResponse answer)
    {
        try
        {
            response.StatusCode = answer.StatusCode;
            foreach (var (name, value) in answer.Headers)
            {
                response.Headers[name] = value;
            }

            if (answer.StatusCode is >= 200 and < 300)
            {
                response.Headers["X-Message-Id"] = Guid.NewGuid().ToString("N");
            }

            var bytes = Encoding.UTF8.GetBytes(answer.Body ?? "");
            if (bytes.Length > 0)
            {
                response.ContentType = "application/json";
            }

            response.ContentLength64 = bytes.Length;
            await response.OutputStream.WriteAsync(bytes).ConfigureAwait(false);
            response.Close();
        }
        catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or IOException)
        {
            // The client went away or the server is stopping.
        }
    }

    /// <summary>Checks the body the way SendGrid would (plus our own contract: custom_args carry the ids).</summary>
    private static FakeSendGridMail? Parse(string body, List<string> problems)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body);
        }
        catch (JsonException ex)
        {
            problems.Add("Invalid JSON: " + ex.Message);
            return null;
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                problems.Add("The request body must be a JSON object.");
                return null;
            }

            var from = Property(root, "from", JsonValueKind.Object, problems);
            var fromEmail = from is { } f ? String(f, "email", problems, "from.email") : null;
            if (fromEmail is not null && !fromEmail.Contains('@', StringComparison.Ordinal))
            {
                problems.Add("from.email: Does not contain a valid address.");
            }

            var subject = String(root, "subject", problems, "subject");
            var contents = Property(root, "content", JsonValueKind.Array, problems);
            string? text = null, html = null;
            if (contents is { } c)
            {
                var items = c.EnumerateArray().ToList();
                var types = items.Select(item => item.TryGetProperty("type", out var t) ? t.GetString() : null).ToList();
                if (items.Count == 0)
                {
                    problems.Add("content: at least one item is required.");
                }

                foreach (var item in items)
                {
                    var type = String(item, "type", problems, "content.type");
                    var value = String(item, "value", problems, "content.value");
                    if (type == "text/plain")
                    {
                        text = value;
                    }
                    else if (type == "text/html")
                    {
                        html = value;
                    }
                }

                var plainAt = types.IndexOf("text/plain");
                var htmlAt = types.IndexOf("text/html");
                if (plainAt > 0 || (htmlAt >= 0 && htmlAt != (plainAt == 0 ? 1 : 0)))
                {
                    problems.Add("content: text/plain, then text/html, must come first and in that order.");
                }
            }

            if (root.TryGetProperty("categories", out var categories))
            {
                var names = categories.ValueKind == JsonValueKind.Array
                    ? categories.EnumerateArray().Select(x => x.ValueKind == JsonValueKind.String ? x.GetString()! : null).ToList()
                    : null;
                if (names is null || names.Any(n => n is null || n.Length > 255) || names.Count > 10 || names.Distinct().Count() != names.Count)
                {
                    problems.Add("categories: at most 10 unique strings of at most 255 characters.");
                }
            }

            var personalizations = Property(root, "personalizations", JsonValueKind.Array, problems);
            if (personalizations is not { } p)
            {
                return null;
            }

            var list = p.EnumerateArray().ToList();
            if (list.Count is 0 or > 1000)
            {
                problems.Add("personalizations: between 1 and 1000 items are required.");
                return null;
            }

            var first = list[0];
            var to = Property(first, "to", JsonValueKind.Array, problems);
            var recipient = to?.EnumerateArray().FirstOrDefault();
            var toEmail = recipient is { ValueKind: JsonValueKind.Object } r ? String(r, "email", problems, "personalizations.to.email") : null;
            if (recipient is null)
            {
                problems.Add("personalizations.to: at least one recipient is required.");
            }
            else if (toEmail is not null && !toEmail.Contains('@', StringComparison.Ordinal))
            {
                problems.Add("personalizations.to.email: Does not contain a valid address.");
            }

            string? toName = recipient is { ValueKind: JsonValueKind.Object } rr && rr.TryGetProperty("name", out var n) ? n.GetString() : null;
            var customArgs = new Dictionary<string, string>(StringComparer.Ordinal);
            if (Property(first, "custom_args", JsonValueKind.Object, problems) is { } args)
            {
                foreach (var arg in args.EnumerateObject())
                {
                    if (arg.Value.ValueKind != JsonValueKind.String)
                    {
                        problems.Add($"custom_args.{arg.Name}: values must be strings.");
                        continue;
                    }

                    customArgs[arg.Name] = arg.Value.GetString()!;
                }

                foreach (var required in new[] { "effectId", "applicationId", "kind" })
                {
                    if (!customArgs.ContainsKey(required))
                    {
                        problems.Add($"custom_args.{required} is required (our contract).");
                    }
                }
            }

            if (problems.Count > 0)
            {
                return null;
            }

            return new FakeSendGridMail(
                customArgs["effectId"], customArgs["applicationId"], customArgs["kind"], toEmail!, toName,
                fromEmail!, subject!, text, html, customArgs);
        }
    }

    private static JsonElement? Property(JsonElement element, string name, JsonValueKind kind, List<string> problems)
    {
        if (element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == kind)
        {
            return value;
        }

        problems.Add($"{name}: a JSON {kind.ToString().ToLowerInvariant()} is required.");
        return null;
    }

    private static string? String(JsonElement element, string name, List<string> problems, string field)
    {
        if (element.ValueKind == JsonValueKind.Object
            && element.TryGetProperty(name, out var value)
            && value.ValueKind == JsonValueKind.String
            && !string.IsNullOrEmpty(value.GetString()))
        {
            return value.GetString();
        }

        problems.Add($"{field}: a non-empty string is required.");
        return null;
    }
}

/// <summary>A response the fake gives; build with the factory methods or by hand (any status, headers, body).</summary>
public sealed record FakeSendGridResponse(int StatusCode, IReadOnlyDictionary<string, string> Headers, string? Body)
{
    public static FakeSendGridResponse Accepted() => new(202, new Dictionary<string, string>(), null);

    /// <summary>429 with SendGrid's body and the given headers (e.g. Retry-After, X-RateLimit-Reset).</summary>
    public static FakeSendGridResponse TooManyRequests(IReadOnlyDictionary<string, string>? headers = null) =>
        new(429, headers ?? new Dictionary<string, string>(), ErrorBody("too many requests"));

    public static FakeSendGridResponse Error(int statusCode, string message, IReadOnlyDictionary<string, string>? headers = null) =>
        new(statusCode, headers ?? new Dictionary<string, string>(), ErrorBody(message));

    public static FakeSendGridResponse BadRequest(params string[] messages) =>
        new(400, new Dictionary<string, string>(), ErrorBody(messages));

    private static string ErrorBody(params string[] messages) => JsonSerializer.Serialize(new
    {
        errors = messages.Select(message => new { field = (string?)null, message, help = (string?)null }),
    });
}

/// <summary>One request the fake received, with the status it answered and any shape problems found.</summary>
public sealed record FakeSendGridRequest(
    string Method,
    string Path,
    string? Authorization,
    string? ContentType,
    string Body,
    int StatusCode,
    IReadOnlyList<string> Problems);

/// <summary>A message the fake accepted.</summary>
public sealed record FakeSendGridMail(
    string EffectId,
    string ApplicationId,
    string Kind,
    string To,
    string? ToName,
    string From,
    string Subject,
    string? Text,
    string? Html,
    IReadOnlyDictionary<string, string> CustomArgs);
