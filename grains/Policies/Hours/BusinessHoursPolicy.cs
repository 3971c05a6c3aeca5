using Routing.GrainInterfaces.Model;

namespace Routing.Grains.Policies;

/// <summary>
/// Business hours (R15): open when the wall clock in the department's IANA zone lies in one of its weekly intervals.
/// No hours (null) means always open. Wall-clock semantics across DST: in the spring-forward gap the skipped hour
/// never shows, so an interval starting inside it opens when the clock jumps, and one lying wholly inside it does not
/// open that day; in the fall-back overlap the repeated hour counts twice, so "until 02:30" closes at the second 02:30.
/// </summary>
public static class BusinessHoursPolicy
{
    /// <summary>How far ahead <see cref="NextOpening"/> and <see cref="NextClosing"/> look: two weeks and a day.</summary>
    public static readonly TimeSpan Horizon = TimeSpan.FromDays(15);

    public static bool IsOpen(BusinessHours? hours, DateTimeOffset now) =>
        hours is null || WeeklyIntervals.AnyContains(hours.Intervals, TimeZones.WallClock(TimeZones.Find(hours.TimeZoneId), now));

    /// <summary>
    /// <paramref name="now"/> when open, else the first instant it opens (for the auto-reply, R15);
    /// null when it does not open within <see cref="Horizon"/> (no intervals).
    /// </summary>
    public static DateTimeOffset? NextOpening(BusinessHours? hours, DateTimeOffset now) => NextInstantWhere(hours, now, open: true);

    /// <summary><paramref name="now"/> when closed, else the first instant it closes; null when open throughout <see cref="Horizon"/>.</summary>
    public static DateTimeOffset? NextClosing(BusinessHours? hours, DateTimeOffset now) => NextInstantWhere(hours, now, open: false);

    private static DateTimeOffset? NextInstantWhere(BusinessHours? hours, DateTimeOffset now, bool open)
    {
        if (hours is null) return open ? now : null;
        if (IsOpen(hours, now) == open) return now;
        // Openness changes only where the wall clock crosses an interval edge or jumps (a DST change), so the answer is
        // the first such candidate instant at which the state is the wanted one.
        var zone = TimeZones.Find(hours.TimeZoneId);
        foreach (var candidate in Candidates(hours, zone, now))
            if (IsOpen(hours, candidate) == open) return candidate;
        return null;
    }

    private static IEnumerable<DateTimeOffset> Candidates(BusinessHours hours, TimeZoneInfo zone, DateTimeOffset now)
    {
        var end = now + Horizon;
        var candidates = new SortedSet<DateTimeOffset>(TimeZones.OffsetChanges(zone, now, end));
        var firstDay = TimeZones.WallClock(zone, now).Date.AddDays(-1);
        for (var day = firstDay; day <= firstDay.AddDays(Horizon.Days + 2); day = day.AddDays(1))
        {
            foreach (var interval in hours.Intervals)
            {
                if (interval.Day != day.DayOfWeek) continue;
                var endDay = interval.End > interval.Start ? day : day.AddDays(1);
                AddEveryInstantShowing(candidates, zone, day + interval.Start.ToTimeSpan());
                AddEveryInstantShowing(candidates, zone, endDay + interval.End.ToTimeSpan());
            }
        }
        return candidates.Where(instant => instant > now && instant <= end);
    }

    /// <summary>Adds the instants the wall clock may show <paramref name="wallClock"/> at: one per offset in force around that day.</summary>
    private static void AddEveryInstantShowing(SortedSet<DateTimeOffset> candidates, TimeZoneInfo zone, DateTime wallClock)
    {
        foreach (var near in new[] { wallClock.AddDays(-1), wallClock, wallClock.AddDays(1) })
        {
            var offset = zone.GetUtcOffset(DateTime.SpecifyKind(near, DateTimeKind.Unspecified));
            candidates.Add(new DateTimeOffset(wallClock.Ticks - offset.Ticks, TimeSpan.Zero));
        }
    }
}
