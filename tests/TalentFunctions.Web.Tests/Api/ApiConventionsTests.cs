using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using TalentFunctions.Web.Tests.Infrastructure;
using TalentFunctions.TestSupport;
using static TalentFunctions.Web.Tests.Api.ApiTestKit;

namespace TalentFunctions.Web.Tests.Api;

/// <summary>Rate limits on public routes, the OpenAPI document and the health endpoint.</summary>
[Collection(AzuriteFixture.Collection)]
public sealed class ApiConventionsTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Over_the_limit_a_public_route_answers_429_with_retry_after_and_a_problem()
    {
        await using var app = await TestApp.StartAsync(azurite, new Dictionary<string, string?> { ["RateLimiting:PermitsPerMinute"] = "3" });

        for (var i = 1; i <= 3; i++)
        {
            using var allowed = await app.Client.GetAsync("/api/programs");
            Assert.True(allowed.StatusCode == HttpStatusCode.OK, $"request {i} of 3 answered {(int)allowed.StatusCode}");
        }
        using var limited = await app.Client.GetAsync("/api/programs");
        await AssertProblemAsync(limited, 429, "rate-limited", "the 4th public request in a minute");
        var retryAfter = limited.Headers.RetryAfter?.Delta;
        Assert.True(retryAfter is { } wait && wait > TimeSpan.Zero && wait <= TimeSpan.FromMinutes(1), $"Retry-After: {limited.Headers.RetryAfter}");

        // The applicant routes share the public limit; staff and health are not limited this way.
        using var create = await app.Client.PostAsJsonAsync("/api/applications", TestApp.CreateBody("limited@example.com"));
        await AssertProblemAsync(create, 429, "rate-limited", "create over the limit");
        using var health = await app.Client.GetAsync("/api/health");
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        using var dashboard = await app.Staff.GetAsync("/api/staff/dashboard?programId=hina-directors");
        Assert.Equal(HttpStatusCode.OK, dashboard.StatusCode);
    }

    [Fact]
    public async Task The_OpenAPI_document_learns_success_bodies_from_the_typed_results_and_201_202_carry_no_location()
    {
        await using var app = await TestApp.StartAsync(azurite);
        var document = await app.Client.GetFromJsonAsync<JsonElement>("/openapi/v1.json");
        var paths = document.GetProperty("paths");
        foreach (var (path, method, status) in new[]
        {
            ("/api/programs", "get", "200"), ("/api/health", "get", "200"),
            ("/api/staff/applications", "get", "200"), ("/api/staff/applications/{id}", "get", "200"),
            ("/api/staff/applications/{id}/decision", "post", "200"), ("/api/staff/dashboard", "get", "200"),
            ("/api/applications", "post", "201"), ("/api/applications/{id}", "get", "200"),
            ("/api/applications/{id}/submit", "post", "202"), ("/api/applications/{id}/withdraw", "post", "202"),
        })
        {
            var response = paths.GetProperty(path).GetProperty(method).GetProperty("responses");
            Assert.True(response.TryGetProperty(status, out var ok) && ok.TryGetProperty("content", out _), $"{method} {path}: no {status} body in {response}");
        }

        using var create = await app.Client.PostAsJsonAsync("/api/applications", TestApp.CreateBody("typed-results@example.com"));
        Assert.Equal(HttpStatusCode.Created, create.StatusCode);
        Assert.Null(create.Headers.Location);
        var created = await create.Content.ReadFromJsonAsync<JsonElement>();
        using var withdraw = await app.Client.SendAsync(TestApp.As(created.GetProperty("accessToken").GetString()!, HttpMethod.Post,
            $"/api/applications/{created.GetProperty("id").GetString()}/withdraw"));
        Assert.Equal(HttpStatusCode.Accepted, withdraw.StatusCode);
        Assert.Null(withdraw.Headers.Location);
        Assert.Equal("application/json", withdraw.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task The_OpenAPI_document_lists_every_route()
    {
        await using var app = await TestApp.StartAsync(azurite);
        using var response = await app.Client.GetAsync("/openapi/v1.json");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var document = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.StartsWith("3.", document.GetProperty("openapi").GetString());
        var paths = document.GetProperty("paths");

        var expected = new (string Path, string Method)[]
        {
            ("/api/programs", "get"),
            ("/api/applications", "post"),
            ("/api/applications/{id}", "get"),
            ("/api/applications/{id}", "patch"),
            ("/api/applications/{id}/materials", "post"),
            ("/api/applications/{id}/materials/{materialId}/complete", "post"),
            ("/api/applications/{id}/submit", "post"),
            ("/api/applications/{id}/withdraw", "post"),
            ("/api/staff/applications", "get"),
            ("/api/staff/applications.csv", "get"),
            ("/api/staff/applications/{id}", "get"),
            ("/api/staff/applications/{id}/decision", "post"),
            ("/api/staff/applications/{id}/screening-override", "post"),
            ("/api/staff/dashboard", "get"),
            ("/api/health", "get"),
        };
        var missing = expected.Where(e => !paths.TryGetProperty(e.Path, out var item) || !item.TryGetProperty(e.Method, out _)).ToList();
        Assert.True(missing.Count == 0, "missing from the OpenAPI document: " + string.Join(", ", missing.Select(m => $"{m.Method.ToUpperInvariant()} {m.Path}")));

        // Request bodies are described, e.g. the create body with its contract's field names.
        var create = paths.GetProperty("/api/applications").GetProperty("post");
        Assert.True(create.TryGetProperty("requestBody", out var body) && body.GetProperty("content").TryGetProperty("application/json", out _), create.GetRawText());
        var schemas = document.GetProperty("components").GetProperty("schemas");
        var createSchema = schemas.GetProperty("CreateApplicationRequest").GetProperty("properties");
        foreach (var field in new[] { "programId", "track", "applicant", "project" })
        {
            Assert.True(createSchema.TryGetProperty(field, out _), $"CreateApplicationRequest has no {field}");
        }
    }

    [Fact]
    public async Task Health_is_200_when_storage_answers()
    {
        await using var app = await TestApp.StartAsync(azurite);
        using var response = await app.Client.GetAsync("/api/health");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("healthy", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());
    }

    [Fact]
    public async Task Health_is_503_with_a_problem_when_storage_does_not_answer()
    {
        var closedPort = ClosedLoopbackPort();
        var unreachable = "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;" +
                          "AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;" +
                          $"BlobEndpoint=http://127.0.0.1:{closedPort}/devstoreaccount1;QueueEndpoint=http://127.0.0.1:{closedPort}/devstoreaccount1;" +
                          $"TableEndpoint=http://127.0.0.1:{closedPort}/devstoreaccount1;";
        // Storage went away after the app started: leave out the app's own background services (storage
        // initialization at start, the Durable engine and worker), which would otherwise fail the start.
        await using var app = await TestApp.StartAsync(azurite, new Dictionary<string, string?> { ["Storage:ConnectionString"] = unreachable },
            services =>
            {
                foreach (var own in services.Where(d => d.ServiceType == typeof(IHostedService)
                                                        && (d.ImplementationFactory is not null
                                                            || d.ImplementationType?.Namespace?.StartsWith("TalentFunctions", StringComparison.Ordinal) == true
                                                            || d.ImplementationType?.Namespace?.StartsWith("Microsoft.DurableTask", StringComparison.Ordinal) == true)).ToList())
                {
                    services.Remove(own);
                }
            });

        using var response = await app.Client.GetAsync("/api/health");
        await AssertProblemAsync(response, 503, "storage-unavailable", "health without storage");
    }

    private static int ClosedLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
