using NCrontab;

namespace TalentFunctions.Functions.Hosting;

/// <summary>
/// Fires one timer function on its NCRONTAB schedule (UTC), standalone. Times come from the injected
/// <see cref="TimeProvider"/>, so tests move the clock. Runs never overlap; a run that overruns skips the
/// occurrences it covered (as the Functions host does). A failed run is logged and the schedule goes on.
/// </summary>
public sealed class TimerFunctionRunner
{
    private readonly FunctionDefinition _function;
    private readonly CrontabSchedule _schedule;
    private readonly IServiceScopeFactory _scopes;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    public TimerFunctionRunner(FunctionDefinition function, IServiceScopeFactory scopes, TimeProvider time, ILogger<TimerFunctionRunner> logger)
    {
        var trigger = function.Trigger as TimerFunctionTrigger
                      ?? throw new ArgumentException($"Function '{function.Name}' is not a timer function.", nameof(function));
        _schedule = FunctionRules.ParseSchedule(trigger.Schedule)
                    ?? throw new ArgumentException($"Schedule '{trigger.Schedule}' of '{function.Name}' is not a six-field NCRONTAB expression.", nameof(function));
        _function = function;
        _scopes = scopes;
        _time = time;
        _logger = logger;
    }

    public string FunctionName => _function.Name;

    /// <summary>The first occurrence strictly after <paramref name="after"/>.</summary>
    public DateTimeOffset GetNextOccurrence(DateTimeOffset after) =>
        new(DateTime.SpecifyKind(_schedule.GetNextOccurrence(after.UtcDateTime), DateTimeKind.Utc));

    /// <summary>Waits for each occurrence and runs the handler, until cancelled.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var last = DateTimeOffset.MinValue;
        while (!cancellationToken.IsCancellationRequested)
        {
            var now = _time.GetUtcNow();
            // Never the same occurrence twice, even if a timer fires a hair early.
            var next = GetNextOccurrence(now > last ? now : last);
            try
            {
                await Task.Delay(next - now, _time, cancellationToken);
                last = next;
                await TickAsync(cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // A timer has no retry queue: log (with the function name only) and wait for the next occurrence.
                HostingLog.TimerRunFailed(_logger, e, _function.Name);
            }
        }
    }

    /// <summary>Runs the handler once, now, in a fresh DI scope. Exceptions propagate.</summary>
    public async Task TickAsync(CancellationToken cancellationToken)
    {
        await using var scope = _scopes.CreateAsyncScope();
        var handler = scope.ServiceProvider.GetRequiredKeyedService<ITimerFunctionHandler>(_function.Name);
        var started = _time.GetTimestamp();
        await handler.RunAsync(cancellationToken);
        HostingLog.TimerRunCompleted(_logger, _function.Name, _time.GetElapsedTime(started).TotalMilliseconds);
    }
}
