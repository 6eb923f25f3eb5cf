namespace TalentFunctions.TestSupport;

/// <summary>
/// A <see cref="TimeProvider"/> whose clock moves only when a test says so (<see cref="Advance"/>,
/// <see cref="SetUtcNow"/>). Timers created through <see cref="CreateTimer"/> fire synchronously, on the
/// thread that moves the clock, when their due time is reached — so delays awaited on this provider and
/// <c>new CancellationTokenSource(t, provider)</c> complete when the test advances past <c>t</c>.
/// The time zone is UTC; <see cref="GetTimestamp"/> follows the manual clock.
/// </summary>
public sealed class ManualTimeProvider : TimeProvider
{
    private readonly object _gate = new();
    private readonly List<ManualTimer> _timers = [];
    private DateTimeOffset _utcNow;

    public ManualTimeProvider()
        : this(new DateTimeOffset(2030, 1, 1, 9, 0, 0, TimeSpan.Zero))
    {
    }

    public ManualTimeProvider(DateTimeOffset startUtc)
    {
        _utcNow = startUtc.ToUniversalTime();
    }

    public override TimeZoneInfo LocalTimeZone => TimeZoneInfo.Utc;

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override DateTimeOffset GetUtcNow()
    {
        lock (_gate)
        {
            return _utcNow;
        }
    }

    public override long GetTimestamp() => GetUtcNow().UtcTicks;

    /// <summary>Moves the clock forward (never backwards) and fires the timers that became due.</summary>
    public void Advance(TimeSpan delta)
    {
        if (delta < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(delta), delta, "Time cannot move backwards.");
        }

        lock (_gate)
        {
            _utcNow += delta;
        }

        FireDueTimers();
    }

    /// <summary>Sets the clock (it may move backwards; due timers fire when it moves forward past them).</summary>
    public void SetUtcNow(DateTimeOffset utcNow)
    {
        lock (_gate)
        {
            _utcNow = utcNow.ToUniversalTime();
        }

        FireDueTimers();
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        ArgumentNullException.ThrowIfNull(callback);
        var timer = new ManualTimer(this, callback, state);
        timer.Change(dueTime, period);
        return timer;
    }

    private void FireDueTimers()
    {
        while (true)
        {
            ManualTimer? due;
            lock (_gate)
            {
                due = _timers
                    .Where(t => t.DueAt is { } at && at <= _utcNow)
                    .OrderBy(t => t.DueAt)
                    .FirstOrDefault();
                if (due is null)
                {
                    return;
                }

                due.AdvanceSchedule();
            }

            due.Invoke();
        }
    }

    private sealed class ManualTimer : ITimer
    {
        private readonly ManualTimeProvider _owner;
        private readonly TimerCallback _callback;
        private readonly object? _state;
        private TimeSpan _period;

        public ManualTimer(ManualTimeProvider owner, TimerCallback callback, object? state)
        {
            _owner = owner;
            _callback = callback;
            _state = state;
        }

        public DateTimeOffset? DueAt { get; private set; }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            lock (_owner._gate)
            {
                _period = period;
                if (dueTime == Timeout.InfiniteTimeSpan)
                {
                    DueAt = null;
                    _owner._timers.Remove(this);
                }
                else
                {
                    DueAt = _owner._utcNow + dueTime;
                    if (!_owner._timers.Contains(this))
                    {
                        _owner._timers.Add(this);
                    }
                }
            }

            if (dueTime == TimeSpan.Zero)
            {
                _owner.FireDueTimers();
            }

            return true;
        }

        // Called under the owner's lock: reschedule a periodic timer, or retire a one-shot one.
        public void AdvanceSchedule()
        {
            if (_period > TimeSpan.Zero && _period != Timeout.InfiniteTimeSpan && DueAt is { } at)
            {
                DueAt = at + _period;
            }
            else
            {
                DueAt = null;
                _owner._timers.Remove(this);
            }
        }

        public void Invoke() => _callback(_state);

        public void Dispose()
        {
            lock (_owner._gate)
            {
                DueAt = null;
                _owner._timers.Remove(this);
            }
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
