using Microsoft.Extensions.Logging;

namespace TalentFunctions.Workflow.Outbox;

/// <summary>
/// Finishes interrupted effects: for each pending-outbox marker older than the stale age, performs
/// whatever outbox rows the application still has, then removes the marker with its ETag.
/// </summary>
public sealed partial class OutboxSweeper(
    PendingOutboxMarkers markers,
    ApplicationRuntime runtime,
    TimeProvider time,
    OrchestrationOptions options,
    ILogger<OutboxSweeper> logger)
{
    /// <summary>Returns how many stale markers were handled.</summary>
    public async Task<int> SweepAsync(CancellationToken cancellationToken = default)
    {
        var olderThan = time.GetUtcNow() - options.StaleOutboxAge;
        var handled = 0;
        await foreach (var marker in markers.ListStaleAsync(olderThan, cancellationToken).ConfigureAwait(false))
        {
            try
            {
                await runtime.DispatchAsync(marker.ApplicationId, null, marker.ETag, cancellationToken).ConfigureAwait(false);
                handled++;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogSweepFailed(ex, marker.ApplicationId);
            }
        }
        return handled;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Finishing the outbox of {ApplicationId} failed; the next sweep tries again.")]
    private partial void LogSweepFailed(Exception exception, string applicationId);
}
