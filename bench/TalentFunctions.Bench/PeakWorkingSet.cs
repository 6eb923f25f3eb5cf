using System.Diagnostics;

namespace TalentFunctions.Bench;

/// <summary>
/// The largest working set a process reached while sampled: read every 100 ms, together with the OS's own peak (so a
/// spike between two samples still counts).
/// </summary>
internal sealed class PeakWorkingSet : IDisposable
{
    private readonly CancellationTokenSource stop = new();
    private readonly Task sampler;
    private long peak;

    private PeakWorkingSet(Process process, bool sinceNow)
    {
        sampler = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested && !process.HasExited)
            {
                process.Refresh();
                var now = sinceNow ? process.WorkingSet64 : Math.Max(process.WorkingSet64, process.PeakWorkingSet64);
                Interlocked.Exchange(ref peak, Math.Max(Interlocked.Read(ref peak), now));
                try
                {
                    await Task.Delay(100, stop.Token);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }
        });
    }

    /// <summary>Samples <paramref name="process"/> from now on, its OS peak included (the whole life of the process).</summary>
    public static PeakWorkingSet Sample(Process process) => new(process, sinceNow: false);

    /// <summary>
    /// Samples <paramref name="process"/> from now on without its OS peak, for the peak of one phase of a process that
    /// did other work before (the samples can miss a spike shorter than 100 ms).
    /// </summary>
    public static PeakWorkingSet SampleFromNow(Process process) => new(process, sinceNow: true);

    /// <summary>Stops sampling and returns the peak in bytes.</summary>
    public async Task<long> StopAsync()
    {
        await stop.CancelAsync();
        await sampler;
        return Interlocked.Read(ref peak);
    }

    public void Dispose() => stop.Dispose();
}
