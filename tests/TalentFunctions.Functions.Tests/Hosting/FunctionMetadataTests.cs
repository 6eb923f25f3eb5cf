using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using NCrontab;
using TalentFunctions.Functions.Hosting;

namespace TalentFunctions.Functions.Tests.Hosting;

public sealed class FunctionMetadataTests
{
    [Fact]
    public async Task Http_functions_come_from_the_named_endpoints()
    {
        await using var app = BuildSampleApp();
        var registry = app.Services.GetRequiredService<FunctionRegistry>();

        var http = registry.GetHttpFunctions().ToDictionary(f => f.Name, f => (HttpFunctionTrigger)f.Trigger);

        Assert.Equal(["Application", "CreateApplication", "ListPrograms", "ReviewPage", "StaffDashboard", "SubmitApplication"], http.Keys.Order());
        Assert.Equal("api/applications", http["CreateApplication"].Route);
        Assert.Equal("api/programs", http["ListPrograms"].Route);
        Assert.Equal(["get"], http["ListPrograms"].Methods);
        Assert.Equal("api/applications/{id}/submit", http["SubmitApplication"].Route);
        Assert.Equal(["get", "patch"], http["Application"].Methods);
        Assert.Equal("api/staff/dashboard", http["StaffDashboard"].Route);
        Assert.Equal("review/{token}", http["ReviewPage"].Route);
        Assert.All(http.Values, t => Assert.Equal("anonymous", t.AuthLevel));
        Assert.Equal(["/not-a-function"], registry.GetUnnamedRoutes());
    }

    [Fact]
    public async Task Every_generated_function_json_has_the_documented_shape_and_maps_to_a_handler_or_endpoint()
    {
        await using var app = BuildSampleApp();
        using var output = new TempDirectory();
        var registry = app.Services.GetRequiredService<FunctionRegistry>();

        await FunctionMetadataWriter.WriteAsync(registry.GetAll(), HostJsonPath, output.Path);

        var folders = Directory.GetDirectories(output.Path).Select(d => Path.GetFileName(d)).Order().ToArray();
        Assert.Equal(
            ["Application", "CreateApplication", "ListPrograms", "ProcessPoisonWorkItem", "ProcessWorkItem", "ReviewPage", "StaffDashboard", "SubmitApplication", "SweepOutbox", "SweepTimers"],
            folders);
        foreach (var folder in folders)
        {
            AssertFunctionJsonMapsToApp(app.Services, AppEndpoints(app), folder, Path.Combine(output.Path, folder, FunctionMetadataWriter.FunctionFileName));
        }

        Assert.Equal(File.ReadAllText(HostJsonPath), File.ReadAllText(Path.Combine(output.Path, FunctionMetadataWriter.HostFileName)));
    }

    [Fact]
    public async Task The_generated_files_match_the_documented_examples()
    {
        await using var app = BuildSampleApp();
        using var output = new TempDirectory();
        await FunctionMetadataWriter.WriteAsync(app.Services.GetRequiredService<FunctionRegistry>().GetAll(), HostJsonPath, output.Path);

        Assert.Equal(
            """{"bindings":[{"type":"queueTrigger","direction":"in","name":"message","queueName":"work-items","connection":"AzureWebJobsStorage"}]}""",
            Compact(output.Combine("ProcessWorkItem", "function.json")));
        Assert.Equal(
            """{"bindings":[{"type":"timerTrigger","direction":"in","name":"timer","schedule":"0 * * * * *"}]}""",
            Compact(output.Combine("SweepTimers", "function.json")));
        Assert.Equal(
            """{"bindings":[{"type":"timerTrigger","direction":"in","name":"timer","schedule":"30 * * * * *"}]}""",
            Compact(output.Combine("SweepOutbox", "function.json")));
        Assert.Equal(
            """{"bindings":[{"type":"httpTrigger","direction":"in","name":"req","authLevel":"anonymous","methods":["post"],"route":"api/applications/{id}/submit"},{"type":"http","direction":"out","name":"res"}]}""",
            Compact(output.Combine("SubmitApplication", "function.json")));
    }

    [Fact]
    public async Task Writing_again_removes_the_folders_of_functions_that_no_longer_exist()
    {
        using var output = new TempDirectory();
        var stale = Directory.CreateDirectory(output.Combine("RemovedFunction")).FullName;
        File.WriteAllText(Path.Combine(stale, FunctionMetadataWriter.FunctionFileName), "{}");
        var unrelated = Directory.CreateDirectory(output.Combine("runtimes")).FullName;

        await FunctionMetadataWriter.WriteAsync([SampleFunctions.SweepTimers], HostJsonPath, output.Path);

        Assert.False(Directory.Exists(stale));
        Assert.True(Directory.Exists(unrelated));
        Assert.True(File.Exists(output.Combine("SweepTimers", FunctionMetadataWriter.FunctionFileName)));
    }

    [Fact]
    public void The_catalog_has_no_queue_or_timer_functions_since_the_orchestrations_do_that_work()
    {
        Assert.Empty(FunctionCatalog.All);
        Assert.Equal("work-items-poison", ((QueueFunctionTrigger)SampleFunctions.ProcessWorkItem.Trigger).PoisonQueueName);
        Assert.All([SampleFunctions.ProcessWorkItem, SampleFunctions.ProcessPoisonWorkItem, SampleFunctions.SweepTimers, SampleFunctions.SweepOutbox], FunctionRules.EnsureValid);
    }

    [Theory]
    [InlineData("1Bad", "work-items", "0 * * * * *")]
    [InlineData("Bad.Name", "work-items", "0 * * * * *")]
    [InlineData("Good", "Work-Items", "0 * * * * *")]
    [InlineData("Good", "wi", "0 * * * * *")]
    [InlineData("Good", "work--items", "0 * * * * *")]
    [InlineData("Good", "work-items", "* * * * *")]
    [InlineData("Good", "work-items", "every minute")]
    public void Invalid_names_queues_and_schedules_are_refused_at_registration(string name, string queue, string schedule)
    {
        var services = new ServiceCollection();

        Assert.ThrowsAny<ArgumentException>(() =>
        {
            services.AddQueueFunction<RecordingQueueHandler>(name, queue);
            services.AddTimerFunction<RecordingTimerHandler>(name + "Timer", schedule);
        });
    }

    [Fact]
    public void A_function_name_can_be_registered_once()
    {
        var services = new ServiceCollection();
        services.AddQueueFunction<RecordingQueueHandler>(SampleFunctions.ProcessWorkItem);

        var error = Assert.Throws<InvalidOperationException>(() => services.AddTimerFunction<RecordingTimerHandler>("processworkitem", "0 * * * * *"));

        Assert.Contains("processworkitem", error.Message);
    }

    [Fact]
    public async Task An_endpoint_named_like_a_queue_or_timer_function_is_refused()
    {
        await using var app = BuildSampleApp(extra: a => a.MapGet("/api/sweep", () => "x").WithName("SweepTimers"));

        var error = Assert.Throws<InvalidOperationException>(() => app.Services.GetRequiredService<FunctionRegistry>().GetAll());

        Assert.Contains("SweepTimers", error.Message);
    }

    [Fact]
    public async Task A_route_the_functions_host_reserves_is_refused()
    {
        await using var app = BuildSampleApp(extra: a => a.MapGet("/admin/tools", () => "x").WithName("AdminTools"));

        Assert.Throws<ArgumentException>(() => app.Services.GetRequiredService<FunctionRegistry>().GetAll());
    }

    [Fact]
    public async Task The_publish_verb_writes_the_metadata_into_a_folder()
    {
        await using var app = BuildSampleApp();
        using var output = new TempDirectory();

        var exitCode = await PublishCommand.RunAsync(app, [PublishCommand.Verb, output.Path, PublishCommand.MetadataOnlyFlag]);

        Assert.Equal(0, exitCode);
        Assert.True(File.Exists(output.Combine(FunctionMetadataWriter.HostFileName)));
        Assert.Equal(10, Directory.GetDirectories(output.Path).Length);
        Assert.All(Directory.GetDirectories(output.Path), d => Assert.True(File.Exists(Path.Combine(d, FunctionMetadataWriter.FunctionFileName))));
    }

    [Fact]
    public async Task The_publish_verb_refuses_unknown_options_and_foreign_folders()
    {
        await using var app = BuildSampleApp();
        using var output = new TempDirectory();
        File.WriteAllText(output.Combine("notes.txt"), "mine");

        Assert.Equal(2, await PublishCommand.RunAsync(app, [PublishCommand.Verb, output.Path, "--zip"]));
        Assert.Equal(1, await PublishCommand.RunAsync(app, [PublishCommand.Verb, output.Path]));
        Assert.True(File.Exists(output.Combine("notes.txt")));
    }

    [Fact]
    public void The_publish_verb_keeps_its_arguments_out_of_configuration()
    {
        Assert.Empty(FunctionsHosting.CreateOptions([PublishCommand.Verb, "/tmp/out"]).Args ?? ["missing"]);
        var explicitEnvironment = FunctionsHosting.CreateOptions(["--environment=Staging"]);
        Assert.Null(explicitEnvironment.EnvironmentName);
        Assert.Equal(["--environment=Staging"], explicitEnvironment.Args ?? []);
    }

    internal static string HostJsonPath => Path.Combine(RepositoryLocator.FindRoot(AppContext.BaseDirectory)!, FunctionMetadataWriter.HostFileName);

    /// <summary>Asserts the shape of one function.json and that the app has the handler or endpoint it names.</summary>
    internal static void AssertFunctionJsonMapsToApp(IServiceProvider services, IEnumerable<Endpoint> endpoints, string name, string path)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        var bindings = document.RootElement.GetProperty("bindings").EnumerateArray().ToArray();
        var trigger = bindings[0];
        Assert.Equal("in", trigger.GetProperty("direction").GetString());
        using var scope = services.CreateScope();
        switch (trigger.GetProperty("type").GetString())
        {
            case "httpTrigger":
                Assert.Equal(2, bindings.Length);
                Assert.Equal("req", trigger.GetProperty("name").GetString());
                Assert.Equal("anonymous", trigger.GetProperty("authLevel").GetString());
                Assert.Equal("http", bindings[1].GetProperty("type").GetString());
                Assert.Equal("out", bindings[1].GetProperty("direction").GetString());
                Assert.Equal("res", bindings[1].GetProperty("name").GetString());
                var route = trigger.GetProperty("route").GetString()!;
                Assert.False(route.StartsWith('/'));
                var methods = trigger.TryGetProperty("methods", out var m) ? m.EnumerateArray().Select(x => x.GetString()!).ToArray() : [];
                Assert.All(methods, method => Assert.Equal(method.ToLowerInvariant(), method));
                var endpoint = endpoints
                    .OfType<RouteEndpoint>()
                    .Single(e => e.Metadata.GetMetadata<IEndpointNameMetadata>()?.EndpointName == name);
                Assert.Equal(FunctionRegistry.ToFunctionRoute(endpoint.RoutePattern.RawText!), route);
                Assert.False(route.EndsWith('/'));
                var mapped = endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? [];
                Assert.Equal(mapped.Select(x => x.ToLowerInvariant()).Order(), methods.Order());
                break;
            case "queueTrigger":
                Assert.Single(bindings);
                Assert.Equal(CustomHandlerInvocations.QueueBindingName, trigger.GetProperty("name").GetString());
                Assert.Equal("AzureWebJobsStorage", trigger.GetProperty("connection").GetString());
                Assert.True(FunctionRules.IsValidQueueName(trigger.GetProperty("queueName").GetString()!));
                Assert.NotNull(scope.ServiceProvider.GetRequiredKeyedService<IQueueFunctionHandler>(name));
                break;
            case "timerTrigger":
                Assert.Single(bindings);
                Assert.Equal(CustomHandlerInvocations.TimerBindingName, trigger.GetProperty("name").GetString());
                Assert.NotNull(CrontabSchedule.TryParse(trigger.GetProperty("schedule").GetString(), new CrontabSchedule.ParseOptions { IncludingSeconds = true }));
                Assert.NotNull(scope.ServiceProvider.GetRequiredKeyedService<ITimerFunctionHandler>(name));
                break;
            default:
                Assert.Fail($"{name}: unexpected trigger type {trigger.GetProperty("type")}");
                break;
        }
    }

    private static IEnumerable<Endpoint> AppEndpoints(WebApplication app) =>
        ((IEndpointRouteBuilder)app).DataSources.SelectMany(d => d.Endpoints);

    private static string Compact(string path) => JsonSerializer.Serialize(JsonDocument.Parse(File.ReadAllText(path)).RootElement);

    private static WebApplication BuildSampleApp(Action<WebApplication>? extra = null)
    {
        var builder = WebApplication.CreateBuilder();
        builder.Services.AddSingleton(new HandlerRecorder());
        builder.Services.AddSingleton<FunctionRegistry>();
        builder.Services.AddQueueFunction<RecordingQueueHandler>(SampleFunctions.ProcessWorkItem);
        builder.Services.AddQueueFunction<RecordingQueueHandler>(SampleFunctions.ProcessPoisonWorkItem);
        builder.Services.AddTimerFunction<RecordingTimerHandler>(SampleFunctions.SweepTimers);
        builder.Services.AddTimerFunction<RecordingTimerHandler>(SampleFunctions.SweepOutbox);
        var app = builder.Build();
        app.MapGet("/api/programs", () => "[]").WithName("ListPrograms");
        app.MapPost("/api/applications/{id}/submit", (string id) => id).WithName("SubmitApplication");
        app.MapMethods("/api/applications/{id}", [HttpMethods.Patch, HttpMethods.Get], (string id) => id).WithName("Application");
        app.MapGroup("/api/staff").MapGet("/dashboard", () => "{}").WithName("StaffDashboard");
        app.MapGroup("/api/applications").MapPost("/", () => "{}").WithName("CreateApplication");
        app.MapGet("/review/{token}", (string token) => token).WithName("ReviewPage");
        app.MapGet("/not-a-function", () => "x");
        extra?.Invoke(app);
        app.Services.GetRequiredService<FunctionRegistry>().UseEndpointsOf(app);
        return app;
    }
}
