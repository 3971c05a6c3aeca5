using Routing.GrainInterfaces;

namespace Routing.Grains.Policies.Staffing;

/// <summary>One real hour of a week in a department's time zone: its start, and who is scheduled on average over it.</summary>
public sealed record ScheduledHour(DateTimeOffset Start, double Operators, double Slots)
{
    /// <summary>The wall clock in the department's zone at <see cref="Start"/>: what the hour is called, and matched with past weeks.</summary>
    public DateTime LocalStart => Start.DateTime;
}

/// <summary>
/// Who is scheduled in each hour of a week (R20 staffing against R14 schedules). The hours are the department's: real
/// hours from local midnight of <c>weekStart</c> to local midnight seven days later, so a week with a DST change has 167
/// (spring) or 169 (autumn, the repeated hour twice) hours. Each member's shifts are read in their own schedule's zone
/// (<see cref="WorkSchedulePolicy.ShiftsBetween"/>: exceptions, days off, DST), so an operator in another zone shifts
/// against the department's hours in the weeks when only one of the two zones has changed its clocks. Scheduled counts
/// are averages over the hour (on shift half of it: 0.5), and slots weigh each operator by their capacity; blocked
/// members and members without a schedule count for nothing.
/// </summary>
public static class ScheduledWeek
{
    public static IReadOnlyList<ScheduledHour> Of(IEnumerable<ScheduledMember> members, TimeZoneInfo zone, DateOnly weekStart)
    {
        ArgumentNullException.ThrowIfNull(members);
        var starts = HourStarts(zone, weekStart, out var weekEnd);
        double[] operators = new double[starts.Count], slots = new double[starts.Count];
        foreach (var member in members)
        {
            if (member.Blocked || member.Schedule is not { } schedule) continue;
            foreach (var shift in WorkSchedulePolicy.ShiftsBetween(schedule, starts[0], weekEnd))
                for (var i = (int)((shift.Start - starts[0]).Ticks / TimeSpan.TicksPerHour); i < starts.Count && starts[i] < shift.End; i++)
                {
                    var end = i + 1 < starts.Count ? starts[i + 1] : weekEnd;
                    var overlap = (Min(end, shift.End) - Max(starts[i], shift.Start)) / (end - starts[i]);
                    if (overlap <= 0) continue;
                    operators[i] += overlap;
                    slots[i] += overlap * member.Capacity;
                }
        }
        return starts.Select((start, i) => new ScheduledHour(TimeZoneInfo.ConvertTime(start, zone), Math.Round(operators[i], 3), Math.Round(slots[i], 3)))
            .ToList();
    }

    /// <summary>The starts of the week's real hours, from local midnight of <paramref name="weekStart"/>; the last may be shorter.</summary>
    public static IReadOnlyList<DateTimeOffset> HourStarts(TimeZoneInfo zone, DateOnly weekStart, out DateTimeOffset weekEnd)
    {
        ArgumentNullException.ThrowIfNull(zone);
        var start = TimeZones.FirstInstantShowing(zone, weekStart.ToDateTime(TimeOnly.MinValue));
        weekEnd = TimeZones.FirstInstantShowing(zone, weekStart.AddDays(7).ToDateTime(TimeOnly.MinValue));
        var starts = new List<DateTimeOffset>();
        for (var at = start; at < weekEnd; at = at.AddHours(1)) starts.Add(at);
        return starts;
    }

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;
}
