using TalentFunctions.TestSupport;

namespace TalentFunctions.Storage.Tests;

public sealed class TestSupportTests
{
    [Fact]
    public async Task Manual_time_moves_only_when_told_and_fires_due_timers()
    {
        var time = new ManualTimeProvider(new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var fired = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var reminder = time.CreateTimer(_ => fired.TrySetResult(), null, TimeSpan.FromMinutes(5), Timeout.InfiniteTimeSpan);
        using var timeout = new CancellationTokenSource(TimeSpan.FromHours(1), time);

        time.Advance(TimeSpan.FromMinutes(4));
        Assert.False(fired.Task.IsCompleted);
        time.Advance(TimeSpan.FromMinutes(1));
        await fired.Task.WaitAsync(TimeSpan.FromSeconds(5));

        Assert.Equal(new DateTimeOffset(2030, 1, 1, 0, 5, 0, TimeSpan.Zero), time.GetUtcNow());
        Assert.False(timeout.IsCancellationRequested);
        time.SetUtcNow(new DateTimeOffset(2030, 1, 1, 2, 0, 0, TimeSpan.Zero));
        Assert.True(timeout.IsCancellationRequested);
        Assert.Equal(TimeSpan.FromMinutes(115), time.GetElapsedTime(time.GetTimestamp() - (115 * 60 * time.TimestampFrequency)));
    }

    [Fact]
    public void Periodic_timers_fire_once_per_period_passed()
    {
        var time = new ManualTimeProvider();
        var ticks = 0;
        using var timer = time.CreateTimer(_ => Interlocked.Increment(ref ticks), null, TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(10));

        time.Advance(TimeSpan.FromSeconds(35));
        Assert.Equal(3, ticks);
        timer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(3, ticks);
        Assert.Throws<ArgumentOutOfRangeException>(() => time.Advance(TimeSpan.FromSeconds(-1)));
    }

    [Fact]
    public async Task Eventually_returns_once_the_condition_holds_and_fails_clearly_otherwise()
    {
        var calls = 0;
        await Eventually.AssertAsync(() => ++calls >= 3, TimeSpan.FromSeconds(5));
        Assert.Equal(3, calls);

        var failure = await Assert.ThrowsAnyAsync<Exception>(() => Eventually.AssertAsync(() => false, TimeSpan.FromMilliseconds(100), "never true"));
        Assert.Contains("never true", failure.Message);
    }

    [Fact]
    public void Unique_names_are_valid_for_each_service()
    {
        var table = AzuriteFixture.UniqueTableName("Apps-2024");
        var container = AzuriteFixture.UniqueContainerName("Media_Uploads");
        var queue = AzuriteFixture.UniqueQueueName("9work");

        Assert.Matches("^[A-Za-z][A-Za-z0-9]{2,62}$", table);
        Assert.Matches("^[a-z0-9](?!.*--)[a-z0-9-]{1,61}[a-z0-9]$", container);
        Assert.Matches("^[a-z0-9](?!.*--)[a-z0-9-]{1,61}[a-z0-9]$", queue);
        Assert.NotEqual(table, AzuriteFixture.UniqueTableName("Apps-2024"));
    }
}
