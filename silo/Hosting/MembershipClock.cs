using System.Diagnostics;

namespace Routing.Silo.Hosting;

/// <summary>
/// The system clock for Orleans' membership area (its watchdog and health monitors), with timestamps counted from when
/// the silo created it instead of from the machine's boot.
/// </summary>
/// <remarks>
/// Orleans 10.4.2's <c>Watchdog.Start</c> starts its platform thread before it stamps the component check. When that
/// thread's first check wins the race (likely on a busy 2-core machine), it measures from timestamp 0 and warns that the
/// "participant check thread has not completed" for as long as the machine has been up, and records a stall in the
/// silo's health. Counted from the silo's start, timestamp 0 is a few seconds ago, below the warning's threshold
/// (2 x <c>ClusterMembershipOptions.LocalHealthDegradationMonitoringPeriod</c>). Real stalls measure as before: these
/// components only subtract timestamps they took from this same clock.
/// </remarks>
internal sealed class MembershipClock : TimeProvider
{
    private readonly long _origin = Stopwatch.GetTimestamp();

    public override long GetTimestamp() => Stopwatch.GetTimestamp() - _origin;
}

public static class MembershipClockSiloExtensions
{
    /// <summary>Orleans' membership area (watchdog, health monitors) counts from the silo's start: see <see cref="MembershipClock"/>.</summary>
    public static ISiloBuilder UseMembershipClock(this ISiloBuilder silo)
    {
        silo.Services.AddKeyedSingleton<TimeProvider, MembershipClock>(TimeProviderNames.Membership);
        return silo;
    }
}
