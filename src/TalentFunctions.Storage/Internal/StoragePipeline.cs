using System.Net;
using System.Text.Json;
using System.Xml.Linq;
using Azure.Core;
using TalentFunctions.Storage.Auth;

namespace TalentFunctions.Storage.Internal;

/// <summary>
/// The HTTP pipeline of one service client: retry → auth (Shared Key or bearer) → a process-wide
/// connection pool. Clients derived from a service client (table, container, blob, queue clients)
/// share its pipeline, so nothing is created per call.
/// </summary>
internal sealed class StoragePipeline
{
    internal const string ServiceVersion = "2024-11-04";

    // One connection pool for all storage clients in the process; PooledConnectionLifetime keeps DNS fresh.
    private static readonly SocketsHttpHandler SharedTransport = new()
    {
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        AllowAutoRedirect = false,
        UseCookies = false,
        AutomaticDecompression = DecompressionMethods.None,
    };

    private readonly HttpClient _http;
    private readonly string _endpointBase;

    public StoragePipeline(StorageServiceKind kind, Uri endpoint, StorageSharedKeyCredential? sharedKey, TokenCredential? token, StorageClientOptions? options)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        if (!endpoint.IsAbsoluteUri || (endpoint.Scheme != Uri.UriSchemeHttp && endpoint.Scheme != Uri.UriSchemeHttps))
        {
            throw new ArgumentException("The endpoint must be an absolute http or https URI.", nameof(endpoint));
        }

        Options = options ?? new StorageClientOptions();
        Options.Validate();
        Kind = kind;
        Endpoint = endpoint;
        SharedKey = sharedKey;
        _endpointBase = endpoint.GetLeftPart(UriPartial.Path).TrimEnd('/');

        HttpMessageHandler handler = SharedTransport;
        if (sharedKey is not null)
        {
            handler = new SharedKeyHandler(sharedKey, kind, handler);
        }
        else if (token is not null)
        {
            handler = new BearerTokenHandler(token, Options.TimeProvider, handler);
        }

        handler = new RetryHandler(Options, handler);
        _http = new HttpClient(handler, disposeHandler: false) { Timeout = Timeout.InfiniteTimeSpan };
    }

    public StorageServiceKind Kind { get; }

    public Uri Endpoint { get; }

    public StorageSharedKeyCredential? SharedKey { get; }

    public StorageClientOptions Options { get; }

    /// <summary>Endpoint + "/" + an already-escaped relative path and query.</summary>
    public Uri BuildUri(string escapedPath, string? query = null)
    {
        var uri = escapedPath.Length == 0 ? _endpointBase + "/" : _endpointBase + "/" + escapedPath;
        return new Uri(string.IsNullOrEmpty(query) ? uri : uri + "?" + query);
    }

    public HttpRequestMessage CreateRequest(HttpMethod method, Uri uri)
    {
        var request = new HttpRequestMessage(method, uri);
        request.Headers.TryAddWithoutValidation("x-ms-version", ServiceVersion);
        request.Headers.TryAddWithoutValidation("x-ms-client-request-id", Guid.NewGuid().ToString());
        request.Headers.TryAddWithoutValidation("User-Agent", "TalentFunctions.Storage/1.0");
        return request;
    }

    /// <summary>Sends; the response (success or not) is returned buffered unless <paramref name="streaming"/>.</summary>
    public Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken, bool streaming = false)
    {
        if (streaming)
        {
            request.Options.Set(RetryHandler.StreamingResponse, true);
        }

        return _http.SendAsync(
            request,
            streaming ? HttpCompletionOption.ResponseHeadersRead : HttpCompletionOption.ResponseContentRead,
            cancellationToken);
    }

    /// <summary>Sends and throws <see cref="StorageRequestFailedException"/> unless the status is a success.</summary>
    public async Task<HttpResponseMessage> SendEnsureSuccessAsync(HttpRequestMessage request, CancellationToken cancellationToken, bool streaming = false)
    {
        var response = await SendAsync(request, cancellationToken, streaming).ConfigureAwait(false);
        if (response.IsSuccessStatusCode)
        {
            return response;
        }

        using (response)
        {
            throw await CreateExceptionAsync(response, cancellationToken).ConfigureAwait(false);
        }
    }

    public static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? values.FirstOrDefault()
        : response.Content.Headers.TryGetValues(name, out var contentValues) ? contentValues.FirstOrDefault()
        : null;

    public static string? ETag(HttpResponseMessage response) => Header(response, "ETag");

    public static async Task<StorageRequestFailedException> CreateExceptionAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        var (code, message) = ParseError(body);
        code = Header(response, "x-ms-error-code") ?? code;
        return Create((int)response.StatusCode, response.ReasonPhrase, code, message, Header(response, "x-ms-request-id"));
    }

    internal static StorageRequestFailedException Create(int status, string? reason, string? code, string? serviceMessage, string? requestId)
    {
        var text = $"Storage request failed with status {status}{(string.IsNullOrEmpty(reason) ? string.Empty : " " + reason)}";
        if (code is not null)
        {
            text += $" ({code})";
        }

        var firstLine = serviceMessage?.Split('\n', 2)[0].Trim();
        if (!string.IsNullOrEmpty(firstLine))
        {
            text += ": " + (firstLine.Length > 200 ? firstLine[..200] + "…" : firstLine);
        }

        if (requestId is not null)
        {
            text += $" [request id {requestId}]";
        }

        return new StorageRequestFailedException(status, code, requestId, text);
    }

    /// <summary>Reads the error code and message from a Table (JSON) or Blob/Queue (XML) error body.</summary>
    internal static (string? Code, string? Message) ParseError(string body)
    {
        var trimmed = body.AsSpan().TrimStart();
        if (trimmed.Length == 0)
        {
            return (null, null);
        }

        try
        {
            if (trimmed[0] == '{')
            {
                using var json = JsonDocument.Parse(body);
                if (json.RootElement.TryGetProperty("odata.error", out var error)
                    || json.RootElement.TryGetProperty("error", out error))
                {
                    var code = error.TryGetProperty("code", out var c) && c.ValueKind == JsonValueKind.String ? c.GetString() : null;
                    string? message = null;
                    if (error.TryGetProperty("message", out var m))
                    {
                        message = m.ValueKind == JsonValueKind.String ? m.GetString()
                            : m.ValueKind == JsonValueKind.Object && m.TryGetProperty("value", out var v) ? v.GetString()
                            : null;
                    }

                    return (code, message);
                }
            }
            else if (trimmed[0] == '<')
            {
                var xml = XDocument.Parse(body);
                var root = xml.Root;
                return (root?.Element("Code")?.Value, root?.Element("Message")?.Value);
            }
        }
        catch (JsonException)
        {
            return (null, null);
        }
        catch (System.Xml.XmlException)
        {
            return (null, null);
        }

        return (null, null);
    }
}
