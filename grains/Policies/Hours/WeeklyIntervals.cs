using Routing.GrainInterfaces.Model;

namespace Routing.Grains.Policies;

/// <summary>Wall-clock membership in <see cref="WeeklyInterval"/>s (start included, end excluded, end ≤ start runs past midnight).</summary>
public static class WeeklyIntervals
{
    public static bool Contains(WeeklyInterval interval, DateTime wallClock)
    {
        var day = wallClock.DayOfWeek;
        var time = TimeOnly.FromDateTime(wallClock);
        if (interval.End > interval.Start) return day == interval.Day && time >= interval.Start && time < interval.End;
        var nextDay = (DayOfWeek)(((int)interval.Day + 1) % 7);
        return (day == interval.Day && time >= interval.Start) || (day == nextDay && time < interval.End);
    }

    public static bool AnyContains(IReadOnlyList<WeeklyInterval> intervals, DateTime wallClock)
    {
        for (var i = 0; i < intervals.Count; i++)
            if (Contains(intervals[i], wallClock)) return true;
        return false;
    }
}
