using System.Net;
using System.Net.Sockets;
using DurableTask.AzureStorage;
using DurableTask.Core;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.DurableTask.Testing.Sidecar.Grpc;
using Microsoft.DurableTask.Worker.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace TalentFunctions.LocalEngine;

/// <summary>
/// The Durable engine for local runs and tests: <see cref="AzureStorageOrchestrationService"/> (the Azure Storage
/// backend Durable Functions uses by default) served over gRPC by <see cref="TaskHubGrpcServer"/>, for the Durable
/// Task SDK's worker and client to connect to with <c>UseGrpc(channel)</c> through <see cref="Channel"/>.
/// Register it with <see cref="LocalDurableEngineServiceCollectionExtensions.AddLocalDurableEngine"/>.
/// <para>
/// The gRPC server runs in a small web host of its own, on a free loopback port, HTTP/2 cleartext only. It stays
/// apart from the application's HTTP pipeline (no middleware, routes or URLs of the app apply to it), works in
/// hosts without a web server (tests, a console worker) and stops on its own bounded timeout.
/// </para>
/// <para>
/// Lifecycle, as a hosted service: <b>start</b> creates the task hub's queues, tables and containers if missing
/// (<c>CreateIfNotExistsAsync</c>) and starts the gRPC server; the backend itself starts polling when the first
/// worker connects. <b>Stopping</b> (before any hosted service stops) stops every Durable worker in the host, so no
/// open work-item stream holds the server; <b>stop</b> then closes the server and stops the backend (releasing
/// its partition lease for the next host), each within <see cref="LocalEngineOptions.ShutdownTimeout"/>.
/// </para>
/// </summary>
public sealed class LocalDurableEngine : IHostedLifecycleService, IAsyncDisposable
{
    private readonly LocalEngineOptions _options;
    private readonly IServiceProvider _services;
    private readonly ILoggerFactory _engineLoggerFactory;
    private readonly ILogger _logger;
    private readonly AzureStorageOrchestrationService _backend;
    private readonly StartStopOnceOrchestrationService _guardedBackend;
    private readonly TaskCompletionSource<int> _port = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private WebApplication? _server;
    private int _disposed;

    public LocalDurableEngine(IOptions<LocalEngineOptions> options, IServiceProvider services, ILoggerFactory loggerFactory)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        _options = options.Value;
        _options.Validate();
        _services = services;
        _logger = loggerFactory.CreateLogger<LocalDurableEngine>();
        _engineLoggerFactory = new MinimumLevelLoggerFactory(loggerFactory, _options.EngineLogLevel);
        _backend = new AzureStorageOrchestrationService(CreateSettings(_options, _engineLoggerFactory));
        _guardedBackend = new StartStopOnceOrchestrationService(_backend);
        Channel = CreateChannel(_port.Task);
    }

    /// <summary>
    /// The channel to the engine, for <c>UseGrpc(channel)</c> of the Durable worker and client. It exists from
    /// construction; its connections wait until the engine listens. Owned by the engine.
    /// </summary>
    public GrpcChannel Channel { get; }

    /// <summary>Whether the backend has started polling (it does once the first worker connects).</summary>
    internal bool BackendStarted => _guardedBackend.Started;

    /// <summary>The task hub this engine serves.</summary>
    public string TaskHubName => _options.TaskHubName;

    /// <summary>The gRPC endpoint (<c>http://127.0.0.1:port</c>) once started; null before.</summary>
    public Uri? Address { get; private set; }

    /// <summary>
    /// Creates the task hub if missing and starts the gRPC server. Called by the host; call it yourself only when
    /// the engine is not registered as a hosted service.
    /// </summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        if (_server is not null)
        {
            return;
        }

        await _backend.CreateIfNotExistsAsync().WaitAsync(cancellationToken).ConfigureAwait(false);

        var server = BuildServer();
        try
        {
            await server.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await server.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        _server = server;
        var address = server.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        var port = new Uri(address).Port;
        Address = new Uri($"http://127.0.0.1:{port}");
        _port.TrySetResult(port);
        _logger.LogInformation(
            "Local Durable engine serving task hub {TaskHub} on gRPC port {Port} ({Partitions} partition(s), polling at most every {PollingSeconds} s)",
            _options.TaskHubName, port, _options.PartitionCount, _options.MaxQueuePollingInterval.TotalSeconds);
    }

    /// <summary>
    /// Stops every Durable worker of the host first: a worker's open work-item stream would otherwise keep the gRPC
    /// server (and with one web host, the host) waiting for its whole shutdown timeout.
    /// </summary>
    public async Task StoppingAsync(CancellationToken cancellationToken)
    {
        foreach (var worker in _services.GetServices<IHostedService>().OfType<DurableTaskWorker>())
        {
            await worker.StopAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Closes the gRPC server and stops the backend, each within <see cref="LocalEngineOptions.ShutdownTimeout"/>.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        var server = Interlocked.Exchange(ref _server, null);
        if (server is null)
        {
            return;
        }

        // The gRPC server starts the backend once a worker connects, and also when its host stops before one did.
        _guardedBackend.PreventStart();

        try
        {
            // The server host's own shutdown timeout (set to ShutdownTimeout) bounds this; open calls are then aborted.
            await server.StopAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            await server.DisposeAsync().ConfigureAwait(false);
        }

        // The gRPC server also stops the backend when its host stops, without awaiting it; join that one stop here
        // so the partition lease is released before we return (a next host on the task hub takes it over at once).
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(_options.ShutdownTimeout);
        try
        {
            await _guardedBackend.StopAsync().WaitAsync(deadline.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            _logger.LogWarning(
                "The Durable backend did not stop within {Seconds} s; its partition lease expires on its own",
                _options.ShutdownTimeout.TotalSeconds);
        }
    }

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        try
        {
            await StopAsync(CancellationToken.None).ConfigureAwait(false);
        }
        finally
        {
            _port.TrySetCanceled();
            Channel.Dispose();
        }
    }

    internal static AzureStorageOrchestrationServiceSettings CreateSettings(LocalEngineOptions options, ILoggerFactory loggerFactory)
    {
        var blob = new Azure.Storage.Blobs.BlobClientOptions();
        var queue = new Azure.Storage.Queues.QueueClientOptions();
        var table = new Azure.Data.Tables.TableClientOptions();
        options.ConfigureStorageClient?.Invoke(blob);
        options.ConfigureStorageClient?.Invoke(queue);
        options.ConfigureStorageClient?.Invoke(table);

        return new AzureStorageOrchestrationServiceSettings
        {
            TaskHubName = options.TaskHubName,
            StorageAccountClientProvider = new StorageAccountClientProvider(
                StorageServiceClientProvider.ForBlob(options.StorageConnectionString, blob),
                StorageServiceClientProvider.ForQueue(options.StorageConnectionString, queue),
                StorageServiceClientProvider.ForTable(options.StorageConnectionString, table)),
            PartitionCount = options.PartitionCount,
            MaxQueuePollingInterval = options.MaxQueuePollingInterval,
            WorkItemQueueVisibilityTimeout = options.WorkItemVisibilityTimeout,
            ControlQueueVisibilityTimeout = options.WorkItemVisibilityTimeout,

            // The app lease arbitrates between two deployments ("apps") sharing one task hub (blue/green slots);
            // one local process has nothing to arbitrate, and the lease would cost a blob renewal loop and make a
            // restarted host wait for the previous process's lease to expire.
            UseAppLease = false,
            LoggerFactory = loggerFactory,
        };
    }

    private WebApplication BuildServer()
    {
        // The empty builder reads no configuration, environment variables or URLs of the application.
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel =>
            kestrel.Listen(IPAddress.Loopback, 0, listen => listen.Protocols = HttpProtocols.Http2));
        builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = _options.ShutdownTimeout);
        builder.Services.AddSingleton(_engineLoggerFactory);
        builder.Services.AddSingleton(typeof(ILogger<>), typeof(Logger<>));
        builder.Services.AddGrpc();
        builder.Services.AddSingleton<IOrchestrationService>(_guardedBackend);
        builder.Services.AddSingleton<IOrchestrationServiceClient>(_backend);
        builder.Services.AddSingleton<TaskHubGrpcServer>();

        var app = builder.Build();
        app.MapGrpcService<TaskHubGrpcServer>();
        return app;
    }

    // A channel whose connections go to the engine's port once it is known; before that they wait.
    private static GrpcChannel CreateChannel(Task<int> port)
    {
        var handler = new SocketsHttpHandler
        {
            UseProxy = false,
            EnableMultipleHttp2Connections = true,
            ConnectCallback = async (_, cancellationToken) =>
            {
                var endpoint = new IPEndPoint(IPAddress.Loopback, await port.WaitAsync(cancellationToken).ConfigureAwait(false));
                var socket = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    await socket.ConnectAsync(endpoint, cancellationToken).ConfigureAwait(false);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        };

        return GrpcChannel.ForAddress("http://127.0.0.1", new GrpcChannelOptions { HttpHandler = handler, DisposeHttpClient = true });
    }
}
