namespace TalentFunctions.Notifications.Tests;

/// <summary>
/// A clock for retry tests: every timer (so every delay awaited on this provider) fires at once on the thread pool,
/// the clock jumps forward by <c>d</c>, and <c>d</c> is recorded in <see cref="Delays"/>. Tests see exactly how long
/// the code under test chose to wait without waiting.
/// </summary>
internal sealed class InstantTimeProvider(DateTimeOffset start) : TimeProvider
{
    private readonly object gate = new();
    private readonly List<TimeSpan> delays = [];
    private DateTimeOffset now = start;

    public IReadOnlyList<TimeSpan> Delays
    {
        get { lock (gate) { return [.. delays]; } }
    }

    public override DateTimeOffset GetUtcNow()
    {
        lock (gate)
        {
            return now;
        }
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        if (dueTime == Timeout.InfiniteTimeSpan)
        {
            return new NoTimer();
        }

        lock (gate)
        {
            delays.Add(dueTime);
            now += dueTime;
        }

        ThreadPool.QueueUserWorkItem(_ => callback(state));
        return new NoTimer();
    }

    private sealed class NoTimer : ITimer
    {
        public bool Change(TimeSpan dueTime, TimeSpan period) => false;

        public void Dispose()
        {
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
