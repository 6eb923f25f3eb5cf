using System.Diagnostics;

namespace TalentFunctions.Bench;

/// <summary>Time-bounded load loops shared by the scenarios.</summary>
public static class Load
{
    // Iteration numbers are unique for the whole process, so warm-up and measurement never reuse keys.
    private static long _sequence;

    /// <summary>
    /// Runs <paramref name="callers"/> concurrent loops of <paramref name="operation"/> (caller index, iteration)
    /// for <paramref name="duration"/> after a short warm-up, and returns operations per second.
    /// An operation returns how many units it completed (usually 1). Iteration numbers are unique per process.
    /// </summary>
    public static async Task<double> RatePerSecondAsync(
        int callers, TimeSpan duration, Func<int, long, Task<long>> operation, CancellationToken cancellationToken = default)
    {
        await RunAsync(callers, TimeSpan.FromMilliseconds(500), operation, cancellationToken);
        var (units, elapsed) = await RunAsync(callers, duration, operation, cancellationToken);
        return units / elapsed.TotalSeconds;
    }

    public static async Task<(long Units, TimeSpan Elapsed)> RunAsync(
        int callers, TimeSpan duration, Func<int, long, Task<long>> operation, CancellationToken cancellationToken = default)
    {
        long total = 0;
        var stopwatch = Stopwatch.StartNew();
        var loops = Enumerable.Range(0, callers).Select(caller => Task.Run(
            async () =>
            {
                while (stopwatch.Elapsed < duration)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    var done = await operation(caller, Interlocked.Increment(ref _sequence));
                    Interlocked.Add(ref total, done);
                }
            },
            cancellationToken));
        await Task.WhenAll(loops);
        return (Interlocked.Read(ref total), stopwatch.Elapsed);
    }
}
