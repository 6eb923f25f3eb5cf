using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection.Extensions;
using TalentFunctions.Web;

namespace TalentFunctions.Functions.Hosting;

/// <summary>
/// The routes of TalentFunctions.Web (<see cref="TalentFunctionsWeb.MapTalentFunctionsRoutes"/>), mapped here as the
/// standalone host maps them, so each endpoint keeps its request delegate (parameter binding, filters, typed results),
/// its authorization policy and its OpenAPI metadata. The functions find theirs by name. The worker's own routing
/// matches requests to functions; these endpoints are never matched, only called.
/// </summary>
public sealed class RouteTable : IEndpointRouteBuilder
{
    private readonly Lazy<IReadOnlyDictionary<string, RouteEndpoint>> byName;

    public RouteTable(IServiceProvider services)
    {
        ServiceProvider = services;
        this.MapTalentFunctionsRoutes();
        byName = new(() => DataSources.SelectMany(d => d.Endpoints).OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<IEndpointNameMetadata>() is not null)
            .ToDictionary(e => e.Metadata.GetMetadata<IEndpointNameMetadata>()!.EndpointName, StringComparer.Ordinal));
    }

    public IServiceProvider ServiceProvider { get; }

    public ICollection<EndpointDataSource> DataSources { get; } = [];

    public IReadOnlyCollection<RouteEndpoint> Endpoints => [.. byName.Value.Values];

    public RouteEndpoint this[string name] => byName.Value.TryGetValue(name, out var endpoint)
        ? endpoint
        : throw new InvalidOperationException($"TalentFunctions.Web maps no route named '{name}'.");

    public IApplicationBuilder CreateApplicationBuilder() => new ApplicationBuilder(ServiceProvider);
}

public static class FunctionRoutesServiceCollectionExtensions
{
    /// <summary>
    /// The route table and its invoker. The table's endpoints are also the ones the services that describe the app
    /// (the OpenAPI document) see, as in the standalone host.
    /// </summary>
    public static IServiceCollection AddFunctionRoutes(this IServiceCollection services)
    {
        services.TryAddSingleton<RouteTable>();
        services.TryAddSingleton<RouteInvoker>();
        // Registered last, so it is the one the API explorer reads (the worker matches requests with its own table).
        services.AddSingleton<EndpointDataSource>(sp => new CompositeEndpointDataSource(sp.GetRequiredService<RouteTable>().DataSources));
        return services;
    }
}
