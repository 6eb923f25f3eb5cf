using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Web;

namespace TalentFunctions.TestSupport;

/// <summary>
/// A fake Azure AI Translator (Text Translation v3 <c>translate</c>): a real HTTP server on a free loopback port, so
/// the client under test goes through its whole HTTP stack. It checks what the service checks — <c>POST /translate</c>,
/// <c>api-version=3.0</c>, a <c>to</c>, the subscription key (401 otherwise), a JSON array of <c>{"Text": …}</c> — and
/// answers scripted responses first (<see cref="Enqueue"/>), then <see cref="FailWith"/> when set, else translates:
/// each text becomes <c>[{to}] {text}</c>, with <c>detectedLanguage</c> when no <c>from</c> was sent. Every request is
/// logged (thread-safe). Depends on nothing but the BCL, so any test project can start one.
/// </summary>
public sealed class FakeTranslatorServer : IAsyncDisposable
{
    public const string TranslatePath = "/translate";

    private readonly object gate = new();
    private LoopbackHttpServer server = null!;
    private readonly Queue<FakeTranslatorResponse> script = new();
    private readonly List<FakeTranslatorRequest> requests = [];
    private FakeTranslatorResponse? failWith;

    private FakeTranslatorServer(string key)
    {
        Key = key;
    }

    /// <summary>Where to point the client (<c>http://127.0.0.1:{port}/</c>).</summary>
    public Uri Endpoint => server.BaseUrl;

    /// <summary>The only key accepted as <c>Ocp-Apim-Subscription-Key</c>.</summary>
    public string Key { get; }

    /// <summary>Every request received, in arrival order.</summary>
    public IReadOnlyList<FakeTranslatorRequest> Requests
    {
        get { lock (gate) { return [.. requests]; } }
    }

    /// <summary>When set, every well-formed request that no script entry answers gets this response (e.g. a 500).</summary>
    public FakeTranslatorResponse? FailWith
    {
        get { lock (gate) { return failWith; } }
        set { lock (gate) { failWith = value; } }
    }

    /// <summary>What the fake makes of a text translated into <paramref name="to"/>.</summary>
    public static string Translation(string text, string to) => $"[{to}] {text}";

    public static FakeTranslatorServer Start(string key = "fake-translator-key")
    {
        var fake = new FakeTranslatorServer(key);
        fake.server = LoopbackHttpServer.Start(fake.HandleAsync);
        return fake;
    }

    /// <summary>Queues responses for the next well-formed, authorised requests (one each, in order).</summary>
    public void Enqueue(params FakeTranslatorResponse[] responses)
    {
        lock (gate)
        {
            foreach (var response in responses)
            {
                script.Enqueue(response);
            }
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

        var path = request.Url?.AbsolutePath ?? "";
        var query = HttpUtility.ParseQueryString(request.Url?.Query ?? "");
        var to = query.GetValues("to") ?? [];
        var from = query["from"];
        var key = request.Headers["Ocp-Apim-Subscription-Key"];
        FakeTranslatorResponse response;
        if (path != TranslatePath)
        {
            response = FakeTranslatorResponse.Error(404, 404000, "The requested resource was not found.");
        }
        else if (request.HttpMethod != "POST")
        {
            response = FakeTranslatorResponse.Error(405, 405000, "The request method is not supported for the requested resource.");
        }
        else if (key != Key)
        {
            response = FakeTranslatorResponse.Error(401, 401000, "The request is not authorized because credentials are missing or invalid.");
        }
        else if (query["api-version"] != "3.0")
        {
            response = FakeTranslatorResponse.Error(400, 400021, "The API version parameter is missing or invalid.");
        }
        else if (to.Length == 0)
        {
            response = FakeTranslatorResponse.Error(400, 400036, "The target language (\"To\" field) is missing or invalid.");
        }
        else if (!(request.ContentType ?? "").StartsWith("application/json", StringComparison.OrdinalIgnoreCase)
                 || Texts(body) is not { } texts)
        {
            response = FakeTranslatorResponse.Error(400, 400074, "The body of the request is not valid JSON.");
        }
        else
        {
            response = Decide(texts, to, from);
        }

        lock (gate)
        {
            requests.Add(new FakeTranslatorRequest(
                request.HttpMethod, path, request.Url?.Query ?? "", key, request.Headers["Ocp-Apim-Subscription-Region"],
                request.ContentType, body, response.StatusCode));
        }

        await WriteAsync(context.Response, response).ConfigureAwait(false);
    }

    private FakeTranslatorResponse Decide(IReadOnlyList<string> texts, IReadOnlyList<string> to, string? from)
    {
        lock (gate)
        {
            if (script.Count > 0)
            {
                return script.Dequeue();
            }
            if (failWith is not null)
            {
                return failWith;
            }
        }

        var items = texts.Select(text =>
        {
            var item = new Dictionary<string, object>(StringComparer.Ordinal);
            if (from is null)
            {
                item["detectedLanguage"] = new { language = text.Any(c => c is >= '\u4e00' and <= '\u9fff') ? "zh-Hans" : "en", score = 1.0 };
            }
            item["translations"] = to.Select(language => new { text = Translation(text, language), to = language }).ToList();
            return item;
        });
        return new FakeTranslatorResponse(200, new Dictionary<string, string>(), JsonSerializer.Serialize(items));
    }

    /// <summary>The texts of a body that is a JSON array of objects with a string <c>Text</c>, or null.</summary>
    private static List<string>? Texts(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind != JsonValueKind.Array)
            {
                return null;
            }
            var texts = new List<string>();
            foreach (var item in document.RootElement.EnumerateArray())
            {
                if (item.ValueKind != JsonValueKind.Object || !item.TryGetProperty("Text", out var text) || text.ValueKind != JsonValueKind.String)
                {
                    return null;
                }
                texts.Add(text.GetString()!);
            }
            return texts.Count is > 0 and <= 1000 ? texts : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static async Task WriteAsync(HttpListenerResponse response, FakeTranslatorResponse answer)
    {
        try
        {
            response.StatusCode = answer.StatusCode;
            foreach (var (name, value) in answer.Headers)
            {
                response.Headers[name] = value;
            }
            response.Headers["X-RequestId"] = Guid.NewGuid().ToString("N");
            var bytes = Encoding.UTF8.GetBytes(answer.Body ?? "");
            if (bytes.Length > 0)
            {
                response.ContentType = "application/json; charset=utf-8";
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
}

/// <summary>A response the fake gives; build with the factory methods or by hand (any status, headers, body).</summary>
public sealed record FakeTranslatorResponse(int StatusCode, IReadOnlyDictionary<string, string> Headers, string? Body)
{
    /// <summary>The Translator's error body: <c>{"error":{"code":…,"message":…}}</c>.</summary>
    public static FakeTranslatorResponse Error(int statusCode, int code, string message, IReadOnlyDictionary<string, string>? headers = null) =>
        new(statusCode, headers ?? new Dictionary<string, string>(), JsonSerializer.Serialize(new { error = new { code, message } }));

    public static FakeTranslatorResponse ServerError() => Error(500, 500000, "An unexpected error occurred.");

    /// <summary>429 with <c>Retry-After</c> in seconds (none when null).</summary>
    public static FakeTranslatorResponse TooManyRequests(int? retryAfterSeconds) => Error(429, 429001,
        "The server rejected the request because the client has exceeded request limits.",
        retryAfterSeconds is { } seconds ? new Dictionary<string, string> { ["Retry-After"] = seconds.ToString(CultureInfo.InvariantCulture) } : null);
}

/// <summary>One request the fake received, with the status it answered.</summary>
public sealed record FakeTranslatorRequest(
    string Method,
    string Path,
    string Query,
    string? Key,
    string? Region,
    string? ContentType,
    string Body,
    int StatusCode);
