using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using TalentFunctions.Functions.Hosting;
using TalentFunctions.TestSupport;

namespace TalentFunctions.Functions.Tests.Hosting;

/// <summary>The standalone timer runner on a moved clock.</summary>
public sealed class TimerFunctionRunnerTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);
    private static readonly DateTimeOffset Start = new(2030, 1, 1, 9, 0, 10, TimeSpan.Zero);

    private readonly HandlerRecorder _recorder = new();
    private readonly CountingTimeProvider _time = new(new ManualTimeProvider(Start));

    [Theory]
    [InlineData("0 * * * * *", "2030-01-01T09:00:10Z", "2030-01-01T09:01:00Z")]
    [InlineData("30 * * * * *", "2030-01-01T09:00:10Z", "2030-01-01T09:00:30Z")]
    [InlineData("30 * * * * *", "2030-01-01T09:00:30Z", "2030-01-01T09:01:30Z")]
    [InlineData("0 0 9 * * 1", "2030-01-01T09:00:10Z", "2030-01-07T09:00:00Z")]
    public void The_next_occurrence_follows_the_six_field_schedule_in_utc(string schedule, string after, string expected)
    {
        var runner = CreateRunner<RecordingTimerHandler>(schedule);

        Assert.Equal(DateTimeOffset.Parse(expected), runner.GetNextOccurrence(DateTimeOffset.Parse(after)));
    }

    [Fact]
    public async Task The_handler_runs_at_each_occurrence_when_the_clock_gets_there()
    {
        var runner = CreateRunner<RecordingTimerHandler>(SampleFunctions.SweepTimers.Trigger is TimerFunctionTrigger t ? t.Schedule : "");
        using var stop = new CancellationTokenSource();
        var run = runner.RunAsync(stop.Token);

        await Eventually.AssertAsync(() => _time.TimersCreated == 1, Timeout, "the runner waits for 09:01:00");
        _time.Advance(TimeSpan.FromSeconds(49));
        Assert.Equal(0, _recorder.TimerRuns);

        _time.Advance(TimeSpan.FromSeconds(1));
        await Eventually.AssertAsync(() => _recorder.TimerRuns == 1, Timeout, "the 09:01:00 run");

        await Eventually.AssertAsync(() => _time.TimersCreated == 2, Timeout, "the runner waits for 09:02:00");
        _time.Advance(TimeSpan.FromMinutes(1));
        await Eventually.AssertAsync(() => _recorder.TimerRuns == 2, Timeout, "the 09:02:00 run");

        await stop.CancelAsync();
        await run;
        Assert.Equal(2, _recorder.TimerRuns);
    }

    [Fact]
    public async Task A_failing_run_is_logged_and_the_schedule_goes_on()
    {
        var runner = CreateRunner<FailingTimerHandler>("30 * * * * *");
        using var stop = new CancellationTokenSource();
        var run = runner.RunAsync(stop.Token);

        await Eventually.AssertAsync(() => _time.TimersCreated == 1, Timeout, "the runner waits for 09:00:30");
        _time.Advance(TimeSpan.FromSeconds(20));
        await Eventually.AssertAsync(() => _recorder.TimerRuns == 1, Timeout, "the first (failing) run");
        await Eventually.AssertAsync(() => _time.TimersCreated == 2, Timeout, "the runner goes on after the failure");
        _time.Advance(TimeSpan.FromMinutes(1));
        await Eventually.AssertAsync(() => _recorder.TimerRuns == 2, Timeout, "the next run");

        await stop.CancelAsync();
        await run;
    }

    [Fact]
    public async Task A_tick_runs_the_handler_now_and_lets_failures_surface()
    {
        await CreateRunner<RecordingTimerHandler>("0 * * * * *").TickAsync(CancellationToken.None);
        Assert.Equal(1, _recorder.TimerRuns);

        await Assert.ThrowsAsync<InvalidOperationException>(() => CreateRunner<FailingTimerHandler>("0 * * * * *").TickAsync(CancellationToken.None));
        Assert.Equal(2, _recorder.TimerRuns);
    }

    private TimerFunctionRunner CreateRunner<THandler>(string schedule)
        where THandler : class, ITimerFunctionHandler
    {
        var function = new FunctionDefinition("TimerTest", new TimerFunctionTrigger(schedule));
        var services = new ServiceCollection();
        services.AddSingleton(_recorder);
        services.AddTimerFunction<THandler>(function);
        var provider = services.BuildServiceProvider();
        return new TimerFunctionRunner(function, provider.GetRequiredService<IServiceScopeFactory>(), _time, NullLogger<TimerFunctionRunner>.Instance);
    }

    /// <summary>The manual clock, counting the timers created so a test knows when the runner is waiting.</summary>
    private sealed class CountingTimeProvider(ManualTimeProvider clock) : TimeProvider
    {
        private int _timers;

        public int TimersCreated => Volatile.Read(ref _timers);

        public override TimeZoneInfo LocalTimeZone => clock.LocalTimeZone;

        public override long TimestampFrequency => clock.TimestampFrequency;

        public override DateTimeOffset GetUtcNow() => clock.GetUtcNow();

        public override long GetTimestamp() => clock.GetTimestamp();

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            Interlocked.Increment(ref _timers);
            return clock.CreateTimer(callback, state, dueTime, period);
        }

        public void Advance(TimeSpan delta) => clock.Advance(delta);
    }
}
