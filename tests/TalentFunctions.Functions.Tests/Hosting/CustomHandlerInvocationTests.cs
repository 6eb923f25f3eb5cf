using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using TalentFunctions.Functions.Hosting;
using TalentFunctions.TestSupport;

namespace TalentFunctions.Functions.Tests.Hosting;

/// <summary>The app as a custom handler: invocations as the Functions host sends them (azure-storage-protocol.md §5).</summary>
[Collection(AzuriteFixture.Collection)]
public sealed class CustomHandlerInvocationTests : IDisposable
{
    // The Functions host writes PascalCase names ("Data", "Metadata"): no naming policy.
    private static readonly JsonSerializerOptions HostJson = new();

    private readonly AzuriteFixture _azurite;
    private readonly HandlerRecorder _recorder = new();
    private readonly HostingAppFactory _factory;

    public CustomHandlerInvocationTests(AzuriteFixture azurite)
    {
        _azurite = azurite;
        _factory = CreateFactory(azurite, _recorder, customHandler: true);
    }

    [Fact]
    public async Task A_queue_invocation_with_the_item_as_a_json_string_runs_the_handler()
    {
        using var client = CreateClient();
        var item = """{"kind":"screen","applicationId":"app-1"}""";
        var payload = new
        {
            Data = new { message = item },
            Metadata = new
            {
                DequeueCount = 2,
                Id = "6a3c1f6e-0c47-4f3a-9a43-2b0d51f0c0de",
                PopReceipt = "AgAAAAMAAAAAAAAA",
                InsertionTime = "2030-01-01T09:00:00+00:00",
                ExpirationTime = "2030-01-08T09:00:00+00:00",
                NextVisibleTime = "2030-01-01T09:10:00+00:00",
                sys = new { MethodName = "TestQueue", UtcNow = "2030-01-01T09:00:01Z", RandGuid = "0f2c4d0c-6a46-4f33-a5a1-0d3c2f6f6c37" },
            },
        };

        using var response = await client.PostAsJsonAsync("/TestQueue", payload, HostJson);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(JsonValueKind.Object, body.RootElement.GetProperty("Outputs").ValueKind);
        Assert.Equal(JsonValueKind.Array, body.RootElement.GetProperty("Logs").ValueKind);
        Assert.Equal(JsonValueKind.Null, body.RootElement.GetProperty("ReturnValue").ValueKind);
        var message = Assert.Single(_recorder.Messages);
        Assert.Equal(item, message.Body);
        Assert.Equal("6a3c1f6e-0c47-4f3a-9a43-2b0d51f0c0de", message.Id);
        Assert.Equal(2, message.DequeueCount);
        Assert.Equal(new DateTimeOffset(2030, 1, 1, 9, 0, 0, TimeSpan.Zero), message.InsertionTime);
    }

    [Fact]
    public async Task A_queue_invocation_with_the_item_already_parsed_passes_its_json_text()
    {
        using var client = CreateClient();
        const string payload = """
            {"Data":{"message":{"kind":"assign","applicationId":"app-2","attempt":3}},
             "Metadata":{"DequeueCount":"1","Id":"m-2","InsertionTime":"01/01/2030 09:00:00 +00:00"}}
            """;

        using var response = await client.PostAsync("/TestQueue", new StringContent(payload, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var message = Assert.Single(_recorder.Messages);
        using var item = JsonDocument.Parse(message.Body);
        Assert.Equal("assign", item.RootElement.GetProperty("kind").GetString());
        Assert.Equal(3, item.RootElement.GetProperty("attempt").GetInt32());
        Assert.Equal(1, message.DequeueCount);
        Assert.Equal("m-2", message.Id);
    }

    [Fact]
    public async Task A_throwing_queue_handler_fails_the_invocation_with_logs_and_a_problem()
    {
        using var client = CreateClient();

        using var response = await client.PostAsJsonAsync("/TestQueueFailing", new { Data = new { message = "{}" }, Metadata = new { DequeueCount = 1, Id = "m-3" } }, HostJson);

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(500, body.RootElement.GetProperty("status").GetInt32());
        Assert.Equal(CustomHandlerInvocations.FunctionFailedProblemType, body.RootElement.GetProperty("type").GetString());
        Assert.Contains(body.RootElement.GetProperty("Logs").EnumerateArray(), l => l.GetString()!.Contains("InvalidOperationException", StringComparison.Ordinal));
        Assert.Equal(1, _recorder.Attempts);
    }

    [Theory]
    [InlineData("{ not json")]
    [InlineData("""{"Metadata":{}}""")]
    [InlineData("""{"Data":{"a":"1","b":"2"},"Metadata":{}}""")]
    [InlineData("""{"Data":{"message":null},"Metadata":{}}""")]
    public async Task A_malformed_queue_payload_is_refused_without_running_the_handler(string payload)
    {
        using var client = CreateClient();

        using var response = await client.PostAsync("/TestQueue", new StringContent(payload, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(0, _recorder.Attempts);
    }

    [Fact]
    public async Task A_timer_invocation_runs_the_handler()
    {
        using var client = CreateClient();
        const string payload = """
            {"Data":{"timer":{"Schedule":{"AdjustForDST":true},
                              "ScheduleStatus":{"Last":"2030-01-01T08:59:00Z","Next":"2030-01-01T09:00:00Z","LastUpdated":"2030-01-01T08:59:00Z"},
                              "IsPastDue":false}},
             "Metadata":{"sys":{"MethodName":"TestTimer","UtcNow":"2030-01-01T09:00:00Z","RandGuid":"7b0d4c1e-5b3a-4e49-9f0e-3a5d2e6c1b11"}}}
            """;

        using var response = await client.PostAsync("/TestTimer", new StringContent(payload, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(1, _recorder.TimerRuns);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.True(body.RootElement.TryGetProperty("Outputs", out _));
    }

    [Fact]
    public async Task A_throwing_timer_handler_fails_the_invocation()
    {
        using var client = CreateClient();

        using var response = await client.PostAsJsonAsync("/TestTimerFailing", new { Data = new { timer = new { IsPastDue = true } }, Metadata = new { } }, HostJson);

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal(1, _recorder.TimerRuns);
    }

    [Fact]
    public async Task As_a_custom_handler_the_local_runners_are_off_and_the_real_functions_are_valid()
    {
        using var client = CreateClient();
        var hosting = _factory.Services.GetRequiredService<IOptions<HostingOptions>>().Value;
        Assert.False(hosting.RunLocalRunners);

        var registry = _factory.Services.GetRequiredService<FunctionRegistry>();
        using var output = new TempDirectory();
        await FunctionMetadataWriter.WriteAsync(registry.GetAll(), FunctionMetadataTests.HostJsonPath, output.Path);
        foreach (var folder in Directory.GetDirectories(output.Path))
        {
            FunctionMetadataTests.AssertFunctionJsonMapsToApp(
                _factory.Services,
                _factory.Services.GetRequiredService<EndpointDataSource>().Endpoints,
                Path.GetFileName(folder), Path.Combine(folder, FunctionMetadataWriter.FunctionFileName));
        }

        Assert.Contains(registry.TriggeredFunctions, f => f.Name == "TestQueue");
    }

    [Fact]
    public async Task Standalone_the_invocation_routes_do_not_exist()
    {
        using var standalone = CreateFactory(_azurite, _recorder, customHandler: false);
        using var client = standalone.CreateClient();

        using var response = await client.PostAsJsonAsync("/TestQueue", new { Data = new { message = "{}" }, Metadata = new { } }, HostJson);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    public void Dispose() => _factory.Dispose();

    private HttpClient CreateClient()
    {
        var client = _factory.CreateClient();
        client.DefaultRequestHeaders.Add("X-Azure-Functions-InvocationId", Guid.NewGuid().ToString());
        client.DefaultRequestHeaders.UserAgent.ParseAdd("Azure-Functions-Host/4.1000.0");
        return client;
    }

    private static HostingAppFactory CreateFactory(AzuriteFixture storage, HandlerRecorder recorder, bool customHandler)
    {
        var queue = AzuriteFixture.UniqueQueueName("invoke");
        var settings = TestSettings.Valid(storage.ConnectionString);
        settings["Hosting:RunLocalRunners"] = customHandler ? null : "false";
        if (customHandler)
        {
            settings[AppSettings.CustomHandlerPort] = "7199";
        }

        return new HostingAppFactory(settings, services =>
        {
            services.AddSingleton(recorder);
            services.AddQueueFunction<RecordingQueueHandler>("TestQueue", queue);
            services.AddQueueFunction<FailingQueueHandler>("TestQueueFailing", queue);
            services.AddTimerFunction<RecordingTimerHandler>("TestTimer", "0 0 * * * *");
            services.AddTimerFunction<FailingTimerHandler>("TestTimerFailing", "0 0 * * * *");
        });
    }
}
