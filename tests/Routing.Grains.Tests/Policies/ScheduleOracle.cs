namespace Routing.Grains.Tests.Policies;

/// <summary>
/// The obvious, slow answer for work schedules: walk the UTC minutes of a range, read the zone's wall clock at each, and
/// be on shift while the latest wall-clock time shown so far lies in a shift's local span. Shifts are listed naively
/// per local date. Needs whole-minute shifts and offsets (true of the zones used).
/// </summary>
internal sealed class ScheduleOracle
{
    private readonly DateTimeOffset from;
    private readonly bool[] onShift; // per UTC minute from `from`

    public ScheduleOracle(WorkSchedule schedule, DateTimeOffset from, DateTimeOffset to)
    {
        this.from = from;
        var zone = TimeZoneInfo.FindSystemTimeZoneById(schedule.TimeZoneId);
        // The walk starts two days early so the latest wall-clock time shown is right from `from` on.
        var walkFrom = from.AddDays(-2);
        var firstDay = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(walkFrom, zone).DateTime).AddDays(-2);
        var lastDay = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(to, zone).DateTime).AddDays(2);
        var localBase = firstDay.ToDateTime(TimeOnly.MinValue);
        var covered = new bool[(lastDay.DayNumber - firstDay.DayNumber + 3) * 1440];
        for (var day = firstDay; day <= lastDay; day = day.AddDays(1))
        {
            var date = day;
            var dayOff = schedule.Exceptions.Any(e => e.Date == date && e.Kind == ScheduleExceptionKind.DayOff);
            var spans = schedule.Shifts.Where(s => s.Day == date.DayOfWeek && !dayOff).Select(s => (s.Start, s.Duration))
                .Concat(schedule.Exceptions.Where(e => e.Date == date && e.Kind == ScheduleExceptionKind.ExtraShift).Select(e => (e.Start, e.Duration)));
            foreach (var (start, duration) in spans)
            {
                var first = (int)(day.ToDateTime(start) - localBase).TotalMinutes;
                for (var minute = first; minute < first + (int)duration.TotalMinutes; minute++) covered[minute] = true;
            }
        }
        onShift = new bool[(int)(to - from).TotalMinutes + 1];
        var latestShown = DateTime.MinValue;
        for (var instant = walkFrom; instant <= to; instant = instant.AddMinutes(1))
        {
            var wallClock = TimeZoneInfo.ConvertTime(instant, zone).DateTime;
            if (wallClock > latestShown) latestShown = wallClock;
            if (instant >= from) onShift[(int)(instant - from).TotalMinutes] = covered[(int)(latestShown - localBase).TotalMinutes];
        }
    }

    public DateTimeOffset To => from.AddMinutes(onShift.Length - 1);

    public bool IsOnShift(DateTimeOffset instant) => onShift[Minute(instant)];

    /// <summary>The first change of state after <paramref name="instant"/> within the range, or null.</summary>
    public ShiftTransition? NextTransition(DateTimeOffset instant)
    {
        for (var minute = Minute(instant) + 1; minute < onShift.Length; minute++)
            if (onShift[minute] != onShift[minute - 1])
                return new ShiftTransition(from.AddMinutes(minute), onShift[minute] ? ShiftTransitionKind.ShiftStart : ShiftTransitionKind.ShiftEnd);
        return null;
    }

    /// <summary>The run of on-shift minutes around <paramref name="instant"/>; null when off shift or the run touches the range's edge.</summary>
    public ShiftInterval? CurrentShift(DateTimeOffset instant)
    {
        var minute = Minute(instant);
        if (!onShift[minute]) return null;
        int first = minute, last = minute;
        while (first > 0 && onShift[first - 1]) first--;
        while (last < onShift.Length - 1 && onShift[last + 1]) last++;
        if (first == 0 || last == onShift.Length - 1) return null;
        return new ShiftInterval(from.AddMinutes(first), from.AddMinutes(last + 1));
    }

    // The state is constant within a minute: every edge falls on a whole minute.
    private int Minute(DateTimeOffset instant) => (int)((instant - from).Ticks / TimeSpan.TicksPerMinute);
}
