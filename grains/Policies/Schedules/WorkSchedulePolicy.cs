using Routing.GrainInterfaces.Model;

namespace Routing.Grains.Policies;

/// <summary>
/// Work schedules (R14): when an operator is on shift, and when that next changes, in UTC. The operator grain arms one
/// durable deadline at <see cref="NextTransition"/>, and when it fires sets the status from <see cref="IsOnShift"/>.
/// </summary>
/// <remarks>
/// Shifts are wall-clock times in the schedule's zone. A shift starts when the wall clock first shows its start and ends
/// when it first shows its end (start + duration, wall clock), so 09:00-17:00 ends at 17:00 local on a DST day too, and a
/// night shift across the change lasts an hour less (spring) or more (autumn). A time the clock skips (spring-forward
/// gap) counts from the jump: a shift starting at 02:30 starts at 03:00 summer time, and one lying wholly in the gap
/// does not take place. A time the clock shows twice (fall-back overlap) counts at its first showing, for starts and ends.
/// Overlapping and back-to-back shifts form one interval, with no end and start at the seam. The schedule must be valid
/// (<see cref="WorkSchedule.Problem"/>); one whose shifts cover the whole week gets intervals cut at a search bound.
/// </remarks>
public static class WorkSchedulePolicy
{
    // A week of pure weekly pattern contains a shift end (it leaves time off), so beyond the exceptions, plus the two days
    // they reach, a search of two weeks either way settles every question; searches start at this span and double.
    private const int SettleDays = 16;

    public static bool IsOnShift(WorkSchedule schedule, DateTimeOffset instant)
    {
        var zone = TimeZones.Find(schedule.TimeZoneId);
        var day = LocalDate(zone, instant);
        return ShiftTimeline.Build(new ShiftCalendar(schedule), zone, day.AddDays(-2), day.AddDays(1)).Containing(instant) is not null;
    }

    /// <summary>The shift (merged with those it overlaps or touches) containing <paramref name="instant"/>, or null when off shift.</summary>
    public static ShiftInterval? CurrentShift(WorkSchedule schedule, DateTimeOffset instant)
    {
        var zone = TimeZones.Find(schedule.TimeZoneId);
        var calendar = new ShiftCalendar(schedule);
        var day = LocalDate(zone, instant);
        var earliest = Earlier(day, calendar.FirstException).AddDays(-SettleDays);
        var latest = Later(day, calendar.LastException).AddDays(SettleDays);
        for (var span = SettleDays; ; span *= 2)
        {
            var from = DateOnly.FromDayNumber(Math.Max(day.DayNumber - span, earliest.DayNumber));
            var to = DateOnly.FromDayNumber(Math.Min(day.DayNumber + span, latest.DayNumber));
            var timeline = ShiftTimeline.Build(calendar, zone, from, to);
            if (timeline.Containing(instant) is not { } shift) return null;
            // An edge strictly inside the exact range is the real one; one on its border may continue beyond it.
            var startKnown = shift.Start > timeline.ExactFrom || from == earliest;
            var endKnown = shift.End < timeline.ExactUntil || to == latest;
            if (startKnown && endKnown) return shift;
        }
    }

    /// <summary>The first instant after <paramref name="instant"/> at which the operator goes on or off shift; null when that never happens.</summary>
    public static ShiftTransition? NextTransition(WorkSchedule schedule, DateTimeOffset instant)
    {
        var zone = TimeZones.Find(schedule.TimeZoneId);
        var calendar = new ShiftCalendar(schedule);
        var day = LocalDate(zone, instant);
        var latest = Later(day, calendar.LastException).AddDays(SettleDays);
        for (var span = SettleDays; ; span *= 2)
        {
            var to = DateOnly.FromDayNumber(Math.Min(day.DayNumber + span, latest.DayNumber));
            // From two days back: a shift that started yesterday may still run, and the wall clock may lag the date (overlap).
            if (ShiftTimeline.Build(calendar, zone, day.AddDays(-2), to).FirstTransitionAfter(instant) is { } next) return next;
            if (to == latest) return null; // no shifts left, or (invalid) shifts around the clock
        }
    }

    /// <summary>
    /// The operator's time on shift within [<paramref name="from"/>, <paramref name="to"/>), merged and clipped to it, in
    /// order (staffing: who is scheduled in each hour of a week).
    /// </summary>
    public static IReadOnlyList<ShiftInterval> ShiftsBetween(WorkSchedule schedule, DateTimeOffset from, DateTimeOffset to)
    {
        var zone = TimeZones.Find(schedule.TimeZoneId);
        // From two days back (a shift of the day before may still run, and the wall clock may lag the date), to a day
        // after: the timeline is exact from local midnight the day before from to midnight two days after to.
        var timeline = ShiftTimeline.Build(new ShiftCalendar(schedule), zone, LocalDate(zone, from).AddDays(-2), LocalDate(zone, to).AddDays(1));
        return timeline.Intervals.Where(i => i.End > from && i.Start < to)
            .Select(i => new ShiftInterval(i.Start > from ? i.Start : from, i.End < to ? i.End : to)).ToList();
    }

    /// <summary>When supervisors hear that the operator is late: <see cref="WorkSchedule.LatenessAlertAfter"/> into the shift, if that is before it ends.</summary>
    public static DateTimeOffset? LatenessAlertAt(WorkSchedule schedule, ShiftInterval shift) =>
        schedule.LatenessAlertAfter is { } after && shift.Start + after < shift.End ? shift.Start + after : null;

    /// <summary>
    /// When the operator's unfinished dialogs move to colleagues after <paramref name="shift"/>: its end plus the grace
    /// period; null when the next shift has started by then, as they may keep them.
    /// </summary>
    public static DateTimeOffset? HandOverAt(WorkSchedule schedule, ShiftInterval shift)
    {
        var handOver = shift.End + schedule.GracePeriod;
        return NextTransition(schedule, shift.End) is { Kind: ShiftTransitionKind.ShiftStart } next && next.At <= handOver ? null : handOver;
    }

    private static DateOnly LocalDate(TimeZoneInfo zone, DateTimeOffset instant) => DateOnly.FromDateTime(TimeZones.WallClock(zone, instant));

    private static DateOnly Earlier(DateOnly day, DateOnly? other) => other is { } o && o < day ? o : day;

    private static DateOnly Later(DateOnly day, DateOnly? other) => other is { } o && o > day ? o : day;
}
