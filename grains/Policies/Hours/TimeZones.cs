using System.Collections.Concurrent;

namespace Routing.Grains.Policies;

/// <summary>IANA time zones by id ("Europe/Berlin"), looked up once and cached (the system lookup reads tzdata files).</summary>
public static class TimeZones
{
    private static readonly ConcurrentDictionary<string, TimeZoneInfo> Cache = new(StringComparer.Ordinal);

    /// <exception cref="TimeZoneNotFoundException">The id is unknown.</exception>
    public static TimeZoneInfo Find(string id) => Cache.GetOrAdd(id, TimeZoneInfo.FindSystemTimeZoneById);

    /// <summary>The wall-clock time in <paramref name="zone"/> at the instant <paramref name="now"/>.</summary>
    public static DateTime WallClock(TimeZoneInfo zone, DateTimeOffset now) => TimeZoneInfo.ConvertTime(now, zone).DateTime;

    /// <summary>
    /// The instants in [<paramref name="from"/>, <paramref name="to"/>] at which the zone's UTC offset changes (DST),
    /// exact to the tick: sampled hourly, then bisected.
    /// </summary>
    public static IReadOnlyList<DateTimeOffset> OffsetChanges(TimeZoneInfo zone, DateTimeOffset from, DateTimeOffset to)
    {
        var changes = new List<DateTimeOffset>();
        var step = TimeSpan.FromHours(1);
        var before = from;
        var offset = zone.GetUtcOffset(before);
        while (before < to)
        {
            var after = before + step < to ? before + step : to;
            var afterOffset = zone.GetUtcOffset(after);
            if (afterOffset != offset)
            {
                // Invariant: the offset at lo is the old one, at hi the new one.
                long lo = before.UtcTicks, hi = after.UtcTicks;
                while (hi - lo > 1)
                {
                    var mid = lo + (hi - lo) / 2;
                    if (zone.GetUtcOffset(new DateTimeOffset(mid, TimeSpan.Zero)) == offset) lo = mid;
                    else hi = mid;
                }
                changes.Add(new DateTimeOffset(hi, TimeSpan.Zero));
                offset = afterOffset;
            }
            before = after;
        }
        return changes;
    }
}
