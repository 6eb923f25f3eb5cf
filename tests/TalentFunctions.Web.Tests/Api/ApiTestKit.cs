using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using TalentFunctions.Web.Api;
using TalentFunctions.Web.Security;
using TalentFunctions.Web.Tests.Hosting;

namespace TalentFunctions.Web.Tests.Api;

/// <summary>Request builders and ProblemDetails assertions shared by the HTTP API tests.</summary>
public static class ApiTestKit
{
    public const string ProblemJson = "application/problem+json";

    /// <summary>A request with a raw body (any bytes, any content type) and optional credentials and headers.</summary>
    public static HttpRequestMessage Raw(
        HttpMethod method,
        string url,
        byte[]? body = null,
        string? contentType = "application/json",
        string? token = null,
        string? staffKey = null,
        IReadOnlyDictionary<string, string>? headers = null)
    {
        var request = new HttpRequestMessage(method, url);
        if (body is not null)
        {
            request.Content = new ByteArrayContent(body);
            if (contentType is not null)
            {
                request.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
            }
        }
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
        if (staffKey is not null)
        {
            request.Headers.TryAddWithoutValidation(StaffApiKeyAuthenticationHandler.Header, staffKey);
        }
        foreach (var (name, value) in headers ?? new Dictionary<string, string>())
        {
            if (!request.Headers.TryAddWithoutValidation(name, value))
            {
                throw new InvalidOperationException($"The header {name} cannot be set on a request.");
            }
        }
        return request;
    }

    public static HttpRequestMessage Text(HttpMethod method, string url, string body, string? contentType = "application/json",
        string? token = null, string? staffKey = null, IReadOnlyDictionary<string, string>? headers = null) =>
        Raw(method, url, Encoding.UTF8.GetBytes(body), contentType, token, staffKey, headers);

    public static HttpRequestMessage Json(HttpMethod method, string url, JsonNode body, string? token = null, string? staffKey = null,
        IReadOnlyDictionary<string, string>? headers = null) =>
        Text(method, url, body.ToJsonString(), "application/json", token, staffKey, headers);

    public static HttpRequestMessage Json(HttpMethod method, string url, object body, string? token = null, string? staffKey = null,
        IReadOnlyDictionary<string, string>? headers = null) =>
        Text(method, url, JsonSerializer.Serialize(body, ApiJson.Options), "application/json", token, staffKey, headers);

    public static HttpRequestMessage Staff(HttpMethod method, string url, object? body = null) =>
        body is null
            ? Raw(method, url, staffKey: TestSettings.StaffApiKey)
            : Json(method, url, body, staffKey: TestSettings.StaffApiKey);

    /// <summary>A create body (see <see cref="Infrastructure.TestApp.CreateBody"/>) changed by <paramref name="change"/>.</summary>
    public static JsonObject CreateBody(Action<JsonObject>? change = null, string email = "bad-input@example.com")
    {
        var body = Infrastructure.TestApp.CreateBody(email);
        change?.Invoke(body);
        return body;
    }

    public static JsonObject Applicant(this JsonObject body) => body["applicant"]!.AsObject();

    public static JsonObject Project(this JsonObject body) => body["project"]!.AsObject();

    /// <summary>
    /// Asserts a ProblemDetails answer: the status, <c>application/problem+json</c>, a <c>type</c> (and
    /// <c>/problems/{code}</c> when <paramref name="code"/> is given), a title; returns the body.
    /// </summary>
    public static async Task<JsonElement> AssertProblemAsync(HttpResponseMessage response, int status, string? code, string because)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode == status,
            $"{because}: expected {status}{(code is null ? "" : " " + code)}, got {(int)response.StatusCode}: {Shorten(text)}");
        Assert.True(response.Content.Headers.ContentType?.MediaType == ProblemJson,
            $"{because}: expected {ProblemJson}, got '{response.Content.Headers.ContentType}': {Shorten(text)}");
        using var document = JsonDocument.Parse(text);
        var problem = document.RootElement.Clone();
        Assert.True(problem.TryGetProperty("type", out var type) && type.ValueKind == JsonValueKind.String && type.GetString()!.Length > 0,
            $"{because}: the problem has no type: {Shorten(text)}");
        Assert.True(problem.TryGetProperty("title", out var title) && title.GetString() is { Length: > 0 }, $"{because}: the problem has no title: {Shorten(text)}");
        if (problem.TryGetProperty("status", out var statusProperty))
        {
            Assert.Equal(status, statusProperty.GetInt32());
        }
        if (code is not null)
        {
            Assert.True(type.GetString() == Problems.TypePrefix + code, $"{because}: expected type {Problems.TypePrefix}{code}, got {type.GetString()}: {Shorten(text)}");
        }
        return problem;
    }

    /// <summary>A problem body without its per-request trace id, for comparing two answers.</summary>
    public static string WithoutTraceId(JsonElement problem)
    {
        var node = JsonNode.Parse(problem.GetRawText())!.AsObject();
        node.Remove("traceId");
        return node.ToJsonString();
    }

    public static string Shorten(string text) => text.Length <= 400 ? text : text[..400] + "…";
}
