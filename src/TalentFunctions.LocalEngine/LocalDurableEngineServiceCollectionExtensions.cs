using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Client.Grpc;
using Microsoft.DurableTask.Worker;
using Microsoft.DurableTask.Worker.Grpc;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace TalentFunctions.LocalEngine;

public static class LocalDurableEngineServiceCollectionExtensions
{
    /// <summary>
    /// Runs Durable orchestrations in this host on the local engine: registers <see cref="LocalDurableEngine"/>
    /// (Azure Storage backend over <see cref="LocalEngineOptions.StorageConnectionString"/>, served on a loopback
    /// gRPC port) as a hosted service, the Durable Task worker with the tasks <paramref name="registerTasks"/>
    /// adds, and the <see cref="DurableTaskClient"/> (injectable directly), both connected to the engine with
    /// <c>UseGrpc(engine.Channel)</c>.
    /// <code>
    /// services.AddLocalDurableEngine(
    ///     engine => engine.StorageConnectionString = azurite.ConnectionString,
    ///     tasks => tasks.AddOrchestratorFunc("Hello", ctx => ctx.CallActivityAsync&lt;string&gt;("Greet", "world"))
    ///                   .AddActivityFunc&lt;string, string&gt;("Greet", (_, name) => $"Hello, {name}"));
    /// </code>
    /// On stop, the worker stops before the engine (see <see cref="LocalDurableEngine"/>), so stopping takes well
    /// under a second rather than the host's shutdown timeout. Call once per host.
    /// </summary>
    public static IServiceCollection AddLocalDurableEngine(
        this IServiceCollection services,
        Action<LocalEngineOptions> configureEngine,
        Action<DurableTaskRegistry> registerTasks)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configureEngine);
        ArgumentNullException.ThrowIfNull(registerTasks);

        services.AddOptions<LocalEngineOptions>().Configure(configureEngine);
        services.AddSingleton<LocalDurableEngine>();

        // Registered before the worker so it starts first and stops last.
        services.AddSingleton<IHostedService>(provider => provider.GetRequiredService<LocalDurableEngine>());

        services.AddDurableTaskWorker(worker =>
        {
            worker.AddTasks(registerTasks);
            worker.UseGrpc();
        });
        services.AddDurableTaskClient(client => client.UseGrpc());

        // UseGrpc(channel), with the channel the engine owns (it exists only once the engine is constructed).
        services.AddOptions<GrpcDurableTaskWorkerOptions>(Options.DefaultName)
            .Configure<LocalDurableEngine>((options, engine) => options.Channel = engine.Channel);
        services.AddOptions<GrpcDurableTaskClientOptions>(Options.DefaultName)
            .Configure<LocalDurableEngine>((options, engine) => options.Channel = engine.Channel);
        return services;
    }
}
