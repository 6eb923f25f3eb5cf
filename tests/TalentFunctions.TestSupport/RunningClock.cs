using System.Diagnostics;

namespace TalentFunctions.TestSupport;

/// <summary>
/// A business clock that starts at a chosen instant and then runs at real speed: for tests whose durable timers
/// (which run on real time) must agree with the business dates the domain computes.
/// </summary>
public sealed class RunningClock(DateTimeOffset startUtc) : TimeProvider
{
    private readonly long _started = Stopwatch.GetTimestamp();

    public override TimeZoneInfo LocalTimeZone => TimeZoneInfo.Utc;

    public override DateTimeOffset GetUtcNow() => startUtc.ToUniversalTime() + Stopwatch.GetElapsedTime(_started);
}
