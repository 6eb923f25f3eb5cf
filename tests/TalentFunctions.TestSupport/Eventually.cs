using Xunit;

namespace TalentFunctions.TestSupport;

/// <summary>
/// Waits for a condition instead of sleeping: polls (quickly at first, then every 250 ms) until the
/// condition holds, and fails the test with a clear message when the timeout passes.
/// </summary>
public static class Eventually
{
    public static async Task AssertAsync(Func<Task<bool>> condition, TimeSpan timeout, string? because = null)
    {
        ArgumentNullException.ThrowIfNull(condition);
        await ValueAsync(async () => await condition() ? true : (bool?)null, timeout, because);
    }

    public static Task AssertAsync(Func<bool> condition, TimeSpan timeout, string? because = null)
    {
        ArgumentNullException.ThrowIfNull(condition);
        return AssertAsync(() => Task.FromResult(condition()), timeout, because);
    }

    /// <summary>
    /// Polls <paramref name="probe"/> until it returns a non-null value, and returns that value
    /// (useful when checking consumes something, e.g. receiving a queue message).
    /// </summary>
    public static async Task<T> ValueAsync<T>(Func<Task<T?>> probe, TimeSpan timeout, string? because = null)
        where T : struct
    {
        var value = await PollAsync(async () => await probe() is { } found ? new Box<T>(found) : null, timeout, because);
        return value.Value;
    }

    /// <summary>Polls <paramref name="probe"/> until it returns a non-null reference, and returns it.</summary>
    public static Task<T> ReferenceAsync<T>(Func<Task<T?>> probe, TimeSpan timeout, string? because = null)
        where T : class => PollAsync(probe, timeout, because);

    private static async Task<T> PollAsync<T>(Func<Task<T?>> probe, TimeSpan timeout, string? because)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(probe);
        return await UntilAsync(probe, timeout, TimeSpan.FromMilliseconds(250))
            ?? throw new Xunit.Sdk.XunitException($"Condition not met within {timeout.TotalSeconds:0.###} s{(because is null ? "." : ": " + because)}");
    }

    /// <summary>
    /// Polls <paramref name="probe"/> until it returns a non-null reference or <paramref name="timeout"/> passes (then null),
    /// pausing between polls (growing from 10 ms up to <paramref name="maxPause"/>, never past the timeout). For drivers
    /// outside assertions (the app process, the soak) that decide themselves what a timeout means.
    /// </summary>
    public static async Task<T?> UntilAsync<T>(Func<Task<T?>> probe, TimeSpan timeout, TimeSpan maxPause, CancellationToken cancellationToken = default)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(probe);
        var started = TimeProvider.System.GetTimestamp();
        var wait = TimeSpan.FromMilliseconds(10) < maxPause ? TimeSpan.FromMilliseconds(10) : maxPause;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (await probe().ConfigureAwait(false) is { } value)
            {
                return value;
            }

            var elapsed = TimeProvider.System.GetElapsedTime(started);
            if (elapsed >= timeout)
            {
                return null;
            }

            var remaining = timeout - elapsed;
            var period = wait < remaining ? wait : remaining;
            using (var pause = new PeriodicTimer(period < TimeSpan.FromMilliseconds(1) ? TimeSpan.FromMilliseconds(1) : period))
            {
                await pause.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false);
            }
            wait = TimeSpan.FromMilliseconds(Math.Min(wait.TotalMilliseconds * 2, maxPause.TotalMilliseconds));
        }
    }

    private sealed record Box<T>(T Value);
}
