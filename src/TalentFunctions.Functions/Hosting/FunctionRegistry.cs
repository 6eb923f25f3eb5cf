using Microsoft.AspNetCore.Routing;

namespace TalentFunctions.Functions.Hosting;

/// <summary>Marks endpoints that are not functions themselves (the custom-handler invocation routes).</summary>
public sealed class NotAFunctionMetadata
{
    public static NotAFunctionMetadata Instance { get; } = new();

    private NotAFunctionMetadata()
    {
    }
}

/// <summary>
/// Every function of the app, in one place: the HTTP functions are the app's <b>named</b> route endpoints
/// (<c>.WithName("CreateApplication")</c>; name, route and methods are read from what is mapped, so they cannot drift),
/// the queue and timer functions are the ones registered with <see cref="FunctionRegistrationExtensions"/>.
/// <c>function.json</c> files are generated from it. Unnamed endpoints are served standalone but are not functions,
/// so the Functions host does not forward them (<see cref="GetUnnamedRoutes"/> lists them).
/// </summary>
public sealed class FunctionRegistry
{
    /// <summary>Our app does its own authentication (access tokens, signed links, staff key or platform auth).</summary>
    public const string HttpAuthLevel = "anonymous";

    private Func<IEnumerable<EndpointDataSource>> _endpointSources;

    public FunctionRegistry(IEnumerable<FunctionRegistration> registrations, IServiceProvider services)
    {
        // Once the app runs, the DI data source holds every endpoint; before that (the publish verb), only the
        // app's own data sources do, so MapFunctionInvocations points the registry at them.
        _endpointSources = () => [services.GetRequiredService<EndpointDataSource>()];
        TriggeredFunctions = registrations
            .Select(r => r.Function)
            .OrderBy(f => f.Name, StringComparer.Ordinal)
            .ToArray();
    }

    /// <summary>Reads the HTTP functions from these endpoints (the app's data sources, a live collection).</summary>
    public void UseEndpointsOf(IEndpointRouteBuilder endpoints) => _endpointSources = () => endpoints.DataSources;

    /// <summary>The queue and timer functions, by name.</summary>
    public IReadOnlyList<FunctionDefinition> TriggeredFunctions { get; }

    public IEnumerable<FunctionDefinition> QueueFunctions => TriggeredFunctions.Where(f => f.Trigger is QueueFunctionTrigger);

    public IEnumerable<FunctionDefinition> TimerFunctions => TriggeredFunctions.Where(f => f.Trigger is TimerFunctionTrigger);

    /// <summary>The HTTP functions derived from the named route endpoints (call after the endpoints are mapped).</summary>
    public IReadOnlyList<FunctionDefinition> GetHttpFunctions() =>
        FunctionEndpoints()
            .Select(e => (Name: e.Metadata.GetMetadata<IEndpointNameMetadata>()?.EndpointName, Endpoint: e))
            .Where(x => x.Name is not null)
            .Select(x => new FunctionDefinition(x.Name!, ToTrigger(x.Name!, x.Endpoint)))
            .OrderBy(f => f.Name, StringComparer.Ordinal)
            .ToArray();

    /// <summary>Routes that are mapped without a name, so they are not functions (and not reachable through the Functions host).</summary>
    public IReadOnlyList<string> GetUnnamedRoutes() =>
        FunctionEndpoints()
            .Where(e => e.Metadata.GetMetadata<IEndpointNameMetadata>() is null)
            .Select(e => e.RoutePattern.RawText ?? e.DisplayName ?? "?")
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .ToArray();

    /// <summary>Every function, checked: valid names, routes, queues and schedules, and no name used twice.</summary>
    public IReadOnlyList<FunctionDefinition> GetAll()
    {
        var all = GetHttpFunctions().Concat(TriggeredFunctions).OrderBy(f => f.Name, StringComparer.Ordinal).ToArray();
        foreach (var function in all)
        {
            FunctionRules.EnsureValid(function);
        }

        var duplicates = all
            .GroupBy(f => f.Name, StringComparer.OrdinalIgnoreCase)
            .Where(g => g.Count() > 1)
            .Select(g => g.Key)
            .ToArray();
        if (duplicates.Length > 0)
        {
            throw new InvalidOperationException(
                $"Function names must be unique (case-insensitive); used more than once: {string.Join(", ", duplicates)}. "
                + "Endpoint names (WithName) and queue/timer function names share one namespace.");
        }

        return all;
    }

    /// <summary>The queue or timer function with this name (case-insensitive, as the Functions host matches names).</summary>
    public FunctionDefinition? FindTriggered(string name) =>
        TriggeredFunctions.FirstOrDefault(f => string.Equals(f.Name, name, StringComparison.OrdinalIgnoreCase));

    private IEnumerable<RouteEndpoint> FunctionEndpoints() =>
        _endpointSources()
            .SelectMany(source => source.Endpoints)
            .OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<NotAFunctionMetadata>() is null);

    /// <summary>A route template as the Functions host wants it: no leading (or trailing) slash.</summary>
    public static string ToFunctionRoute(string routeTemplate) => routeTemplate.Trim('/');

    private static HttpFunctionTrigger ToTrigger(string name, RouteEndpoint endpoint)
    {
        var raw = endpoint.RoutePattern.RawText
                  ?? throw new InvalidOperationException($"Endpoint '{name}' has no route template text, so it cannot become a function.");
        var methods = endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? [];
        return new HttpFunctionTrigger(
            ToFunctionRoute(raw),
            methods.Select(m => m.ToLowerInvariant()).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray(),
            HttpAuthLevel);
    }
}
