using Microsoft.Extensions.Logging;
using TalentFunctions.Domain.Applications;
using TalentFunctions.Workflow.Commands;

namespace TalentFunctions.Workflow.Timers;

/// <summary>
/// Fires due timers: reads the hour buckets from the cursor up to now, sends each timer to its
/// application as a <see cref="TimerFired"/> command whose id is the timer's (so a timer fired by
/// two sweepers at once changes the application once), then deletes the row.
/// </summary>
public sealed partial class TimerSweeper(
    TimerStore timers,
    ApplicationRuntime runtime,
    TimeProvider time,
    OrchestrationOptions options,
    ILogger<TimerSweeper> logger)
{
    public const int Parallelism = 8;

    /// <summary>Fires everything due now; returns how many timers were fired.</summary>
    public async Task<int> SweepAsync(CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        var nowHour = TruncateToHour(now);
        var (cursor, cursorETag) = await timers.GetCursorAsync(cancellationToken).ConfigureAwait(false);
        var start = cursor ?? TruncateToHour(now - options.TimerLookback);
        if (start > nowHour)
        {
            start = nowHour;
        }

        var fired = 0;
        DateTimeOffset? oldestUnfinished = null;
        for (var hour = start; hour <= nowHour; hour = hour.AddHours(1))
        {
            var bucket = TimerStore.Bucket(hour);
            var due = await timers.ListDueAsync(bucket, now, cancellationToken).ConfigureAwait(false);
            var failures = 0;
            await Parallel.ForEachAsync(due, new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken }, async (timer, ct) =>
            {
                if (await FireAsync(timer, ct).ConfigureAwait(false))
                {
                    Interlocked.Increment(ref fired);
                }
                else
                {
                    Interlocked.Increment(ref failures);
                }
            }).ConfigureAwait(false);

            // A past hour whose timers all fired is empty for good: timers are never scheduled in the past.
            if (oldestUnfinished is null && (failures > 0 || hour == nowHour))
            {
                oldestUnfinished = hour;
            }
        }

        var newCursor = oldestUnfinished ?? nowHour;
        if (cursor is null || newCursor > cursor)
        {
            await timers.TryAdvanceCursorAsync(newCursor, cursorETag, cancellationToken).ConfigureAwait(false);
        }
        return fired;
    }

    private async Task<bool> FireAsync(DueTimer timer, CancellationToken cancellationToken)
    {
        try
        {
            var command = new TimerFired("timer:" + timer.TimerId, "system", timer.TimerId);
            var result = await runtime.ExecuteAsync(timer.ApplicationId, command, cancellationToken).ConfigureAwait(false);
            if (result is CommandRefused refused)
            {
                LogTimerRefused(timer.ApplicationId, timer.TimerId, refused.Refusal.Code);
            }
            await timers.DeleteFiredAsync(timer, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Left in place: the next sweep tries again.
            LogTimerFailed(ex, timer.ApplicationId, timer.TimerId);
            return false;
        }
    }

    private static DateTimeOffset TruncateToHour(DateTimeOffset t)
    {
        var u = t.ToUniversalTime();
        return new DateTimeOffset(u.Year, u.Month, u.Day, u.Hour, 0, 0, TimeSpan.Zero);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Timer {TimerId} of {ApplicationId} was refused ({Code}); removed.")]
    private partial void LogTimerRefused(string applicationId, string timerId, string code);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Timer {TimerId} of {ApplicationId} failed; it stays for the next sweep.")]
    private partial void LogTimerFailed(Exception exception, string applicationId, string timerId);
}
