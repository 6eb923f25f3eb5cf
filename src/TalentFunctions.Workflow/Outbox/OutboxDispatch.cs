using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace TalentFunctions.Workflow.Outbox;

public sealed record DispatchRequest(string ApplicationId, IReadOnlyList<OutboxItem> Items, Azure.ETag MarkerETag);

/// <summary>Where a committed command hands its outbox: run now, or queue for a background loop.</summary>
public interface IOutboxDispatchSink
{
    ValueTask DispatchAsync(DispatchRequest request, CancellationToken cancellationToken);
}

/// <summary>
/// Hands dispatch work to a background loop, so an HTTP caller gets its answer as soon as the
/// command is committed. If the process dies first, the pending marker brings the sweeper.
/// </summary>
public sealed partial class BackgroundOutboxDispatcher(ILogger<BackgroundOutboxDispatcher> logger) : IOutboxDispatchSink
{
    private readonly Channel<DispatchRequest> channel = Channel.CreateUnbounded<DispatchRequest>(new UnboundedChannelOptions { SingleReader = false });

    public ValueTask DispatchAsync(DispatchRequest request, CancellationToken cancellationToken) => channel.Writer.WriteAsync(request, cancellationToken);

    /// <summary>Runs until <paramref name="stoppingToken"/> fires, dispatching with <paramref name="parallelism"/> workers.</summary>
    public Task RunAsync(ApplicationRuntime runtime, int parallelism, CancellationToken stoppingToken) =>
        Task.WhenAll(Enumerable.Range(0, parallelism).Select(_ => WorkerAsync(runtime, stoppingToken)));

    private async Task WorkerAsync(ApplicationRuntime runtime, CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var request in channel.Reader.ReadAllAsync(stoppingToken).ConfigureAwait(false))
            {
                try
                {
                    await runtime.DispatchAsync(request.ApplicationId, request.Items, request.MarkerETag, stoppingToken).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    // The outbox rows and the marker stay; the sweeper finishes them.
                    LogDispatchFailed(ex, request.ApplicationId);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Dispatching the outbox of {ApplicationId} failed; the sweeper will finish it.")]
    private partial void LogDispatchFailed(Exception exception, string applicationId);
}
