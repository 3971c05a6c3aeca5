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
    /// The first instant at which the wall clock in <paramref name="zone"/> shows <paramref name="wallClock"/> or later.
    /// In the fall-back overlap that is the first of the two instants showing it; in the spring-forward gap, which the
    /// clock never shows, it is the instant the clock jumps over it. Later wall-clock times never map to earlier instants.
    /// </summary>
    public static DateTimeOffset FirstInstantShowing(TimeZoneInfo zone, DateTime wallClock)
    {
        wallClock = DateTime.SpecifyKind(wallClock, DateTimeKind.Unspecified);
        // Of the two offsets of an overlap, the larger one (in force before the clock turns back) gives the earlier instant.
        if (zone.IsAmbiguousTime(wallClock)) return AtOffset(wallClock, zone.GetAmbiguousTimeOffsets(wallClock).Max());
        if (!zone.IsInvalidTime(wallClock)) return AtOffset(wallClock, zone.GetUtcOffset(wallClock));
        // No offset of a day either side exceeds a day, so the jump over it lies within a day of the same ticks read as UTC.
        var asUtc = new DateTimeOffset(wallClock.Ticks, TimeSpan.Zero);
        foreach (var change in OffsetChanges(zone, asUtc.AddDays(-1), asUtc.AddDays(1)))
        {
            var shownBefore = change.UtcTicks + zone.GetUtcOffset(change.AddTicks(-1)).Ticks;
            var shownAfter = change.UtcTicks + zone.GetUtcOffset(change).Ticks;
            if (shownBefore <= wallClock.Ticks && wallClock.Ticks < shownAfter) return change;
        }
        throw new InvalidOperationException($"{wallClock:s} is invalid in {zone.Id}, but no jump over it was found");
    }

    private static DateTimeOffset AtOffset(DateTime wallClock, TimeSpan offset) => new(wallClock.Ticks - offset.Ticks, TimeSpan.Zero);

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
