using Routing.Storage.Statistics;

namespace Routing.Grains.Policies.Statistics;

/// <summary>
/// One change to one bucket: <see cref="Amount"/> added to a counter (<see cref="Measure"/>), or one duration of
/// <see cref="Amount"/> milliseconds recorded in a histogram (<see cref="Time"/>), which also adds to that time's count
/// and sum counters (<see cref="StatsBucketMath"/>).
/// </summary>
public sealed record StatsChange(StatsBucketKey Key, StatsMeasure? Measure, StatsTime? Time, long Amount)
{
    public static StatsChange Count(StatsBucketKey key, StatsMeasure measure, long amount = 1) => new(key, measure, null, amount);

    public static StatsChange Duration(StatsBucketKey key, StatsTime time, TimeSpan duration) =>
        new(key, null, time, Math.Max(0, (long)duration.TotalMilliseconds));

    /// <summary>This change to an hourly bucket, and the same change to that hour's day and month rollups.</summary>
    public IEnumerable<StatsChange> WithRollups() => [this, .. StatsGrains.RollupsOf(Key).Select(key => this with { Key = key })];
}
