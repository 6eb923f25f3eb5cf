using System.Net;
using System.Reflection;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using TalentFunctions.Functions;
using TalentFunctions.Functions.Hosting;
using TalentFunctions.TestSupport;
using TalentFunctions.Workflow.Lifecycle;
using TalentFunctions.Workflow.Privacy;

namespace TalentFunctions.Web.Tests.Hosting;

/// <summary>
/// The Functions host (src/TalentFunctions.Functions) cannot run here (no Functions host can be installed), so these
/// tests check what can be checked without it: the two hosts have the same routes, and the Functions host's services,
/// built as in Azure, run those routes through its invoker with the same answers.
/// </summary>
[Collection(AzuriteFixture.Collection)]
public sealed class FunctionsHostTests(AzuriteFixture azurite)
{
    private sealed record Route(string Name, string Method, string Template);

    [Fact]
    public async Task Both_hosts_have_the_same_routes_and_each_route_is_one_function()
    {
        await using var factory = new HostingAppFactory(TestSettings.Valid(azurite.ConnectionString));
        var standalone = StandaloneRoutes(factory.Services.GetRequiredService<EndpointDataSource>());
        var functions = FunctionRoutes().Select(f => f.Route).ToList();

        Assert.True(standalone.Count >= 49, $"only {standalone.Count} routes found"); // each route needs its function: add it to one of the *Functions classes
        Assert.Equal(standalone.OrderBy(r => r.Name), functions.OrderBy(r => r.Name));
        Assert.Equal(functions.Count, functions.Select(f => f.Name).Distinct().Count());
    }

    [Fact]
    public async Task Functions_whose_route_changes_state_or_reads_an_orchestration_take_a_durable_client()
    {
        await using var factory = new HostingAppFactory(TestSettings.Valid(azurite.ConnectionString));
        var handlers = factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<IEndpointNameMetadata>() is not null)
            .ToDictionary(e => e.Metadata.GetMetadata<IEndpointNameMetadata>()!.EndpointName, e => e.Metadata.GetMetadata<MethodInfo>());

        foreach (var (route, takesClient) in FunctionRoutes())
        {
            // No GET changes state: only state changes signal an orchestration, and reading one asks for the client by name.
            var readsOrchestration = handlers[route.Name]?.GetParameters().Any(p => p.ParameterType == typeof(IDurableClientSource)) == true;
            Assert.True(takesClient == (route.Method != "GET" || readsOrchestration), $"{route.Name}: [DurableClient] {(takesClient ? "not expected" : "missing")}");
        }
    }

    [Fact]
    public async Task The_functions_host_runs_the_routes_with_the_standalone_answers()
    {
        var builder = FunctionsProgram.CreateBuilder([]);
        builder.Configuration.AddInMemoryCollection(TestSettings.Valid(azurite.ConnectionString));
        using var host = builder.Build();
        var invoker = host.Services.GetRequiredService<RouteInvoker>();
        await using var factory = new HostingAppFactory(TestSettings.Valid(azurite.ConnectionString));
        using var standalone = factory.CreateClient();

        var programs = await RunAsync(host.Services, invoker, "ListPrograms", "GET", "/api/programs");
        Assert.Equal(200, programs.Status);
        Assert.Equal(await standalone.GetStringAsync("/api/programs"), programs.Body);

        // Credentials are checked by the same schemes: a staff route without the key is the 401 problem, an applicant
        // route without a token the 404 of a missing application.
        var staff = await RunAsync(host.Services, invoker, "StaffDashboard", "GET", "/api/staff/dashboard");
        Assert.Equal(401, staff.Status);
        Assert.EndsWith("/unauthorized", JsonDocument.Parse(staff.Body).RootElement.GetProperty("type").GetString());
        // The console's cookie scheme answers through the invoker too: no session, off to the sign-in page.
        var console = await RunAsync(host.Services, invoker, "ConsoleDashboard", "GET", "/console");
        Assert.Equal(302, console.Status);
        var applicant = await RunAsync(host.Services, invoker, "GetApplication", "GET", "/api/applications/app-0123456789abcdef0123", ("id", "app-0123456789abcdef0123"));
        Assert.Equal(404, applicant.Status);
        Assert.Equal(WithoutTraceId(await (await standalone.GetAsync("/api/applications/app-0123456789abcdef0123")).Content.ReadAsStringAsync()), WithoutTraceId(applicant.Body));
        var tooLarge = await RunAsync(host.Services, invoker, "CreateApplication", "POST", "/api/applications", contentLength: 2_000_000);
        Assert.Equal(413, tooLarge.Status);
        // A body the framework cannot bind is the same problem in both hosts.
        var malformed = await RunAsync(host.Services, invoker, "CreateApplication", "POST", "/api/applications", body: "{\"programId\": ");
        using var malformedRequest = new StringContent("{\"programId\": ", System.Text.Encoding.UTF8, "application/json");
        var standaloneMalformed = await standalone.PostAsync("/api/applications", malformedRequest);
        Assert.Equal((int)standaloneMalformed.StatusCode, malformed.Status);
        Assert.Equal(400, malformed.Status);
        Assert.Equal(WithoutTraceId(await standaloneMalformed.Content.ReadAsStringAsync()), WithoutTraceId(malformed.Body));

        // The OpenAPI document describes the routes, as the standalone host's does.
        var openApi = await RunAsync(host.Services, invoker, "OpenApiDocument", "GET", "/openapi/v1.json", ("documentName", "v1"));
        Assert.Equal(200, openApi.Status);
        var paths = JsonDocument.Parse(openApi.Body).RootElement.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();
        Assert.Contains("/api/applications/{id}/submit", paths);
        Assert.Contains("/api/staff/applications/{id}/decision", paths);
    }

    private static async Task<(int Status, string Body)> RunAsync(
        IServiceProvider services, RouteInvoker invoker, string name, string method, string path, (string Key, string Value)? routeValue = null, long? contentLength = null, string? body = null)
    {
        await using var scope = services.CreateAsyncScope();
        var context = new DefaultHttpContext { RequestServices = scope.ServiceProvider };
        context.Request.Method = method;
        context.Request.Path = path;
        context.Request.ContentLength = contentLength;
        if (body is not null)
        {
            var bytes = System.Text.Encoding.UTF8.GetBytes(body);
            context.Request.Body = new MemoryStream(bytes);
            context.Request.ContentLength = bytes.Length;
            context.Request.ContentType = "application/json";
        }
        if (routeValue is { } value)
        {
            context.Request.RouteValues[value.Key] = value.Value;
        }
        var response = new MemoryStream();
        context.Response.Body = response;
        var result = await invoker.InvokeAsync(context.Request, name, durable: null);
        await result.ExecuteAsync(context);
        return (context.Response.StatusCode, System.Text.Encoding.UTF8.GetString(response.ToArray()));
    }

    private static string WithoutTraceId(string problem)
    {
        var json = System.Text.Json.Nodes.JsonNode.Parse(problem)!.AsObject();
        Assert.True(json.Remove("traceId"));
        return json.ToJsonString();
    }

    /// <summary>
    /// The activities that need the Durable client are not registered as classes in the Functions host
    /// (<c>hostRunsClientSteps</c>): each must be a function of its own with an activity trigger and a client.
    /// </summary>
    [Fact]
    public void Every_activity_that_needs_the_durable_client_is_a_function_with_one()
    {
        string[] needed = [ErasureActivityNames.Withdraw, ErasureActivityNames.ForgetLifecycle, RetentionActivityNames.StartErasures];
        var activities = typeof(FunctionsProgram).Assembly.GetTypes()
            .SelectMany(t => t.GetMethods())
            .Where(m => m.GetParameters().Any(p => p.GetCustomAttribute<ActivityTriggerAttribute>() is not null))
            .ToDictionary(m => m.GetCustomAttribute<FunctionAttribute>()!.Name,
                m => m.GetParameters().Any(p => p.ParameterType == typeof(DurableTaskClient) && p.GetCustomAttribute<DurableClientAttribute>() is not null));

        Assert.Equal(needed.Order(), activities.Keys.Order());
        Assert.All(activities, a => Assert.True(a.Value, $"{a.Key} takes no [DurableClient]"));
    }

    private static List<Route> StandaloneRoutes(EndpointDataSource endpoints) =>
        [.. endpoints.Endpoints.OfType<RouteEndpoint>().Select(e => new Route(
            e.Metadata.GetMetadata<IEndpointNameMetadata>()?.EndpointName ?? $"(unnamed {e.RoutePattern.RawText})",
            string.Join(",", e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["(any)"]),
            e.RoutePattern.RawText!.Trim('/')))]; // "/api/applications/" (a group's own route) is the same route

    private static List<(Route Route, bool TakesClient)> FunctionRoutes() =>
        [.. typeof(FunctionsProgram).Assembly.GetTypes()
            .SelectMany(t => t.GetMethods())
            .Where(m => m.GetCustomAttribute<FunctionAttribute>() is not null && m.GetParameters().Any(p => p.GetCustomAttribute<HttpTriggerAttribute>() is not null))
            .Select(m =>
            {
                var trigger = m.GetParameters().Select(p => p.GetCustomAttribute<HttpTriggerAttribute>()).Single(a => a is not null)!;
                var route = new Route(m.GetCustomAttribute<FunctionAttribute>()!.Name, string.Join(",", trigger.Methods!.Select(x => x.ToUpperInvariant())), trigger.Route!);
                return (route, m.GetParameters().Any(p => p.ParameterType == typeof(DurableTaskClient) && p.GetCustomAttribute<DurableClientAttribute>() is not null));
            })];
}
