using Routing.GrainInterfaces.Model;

namespace Routing.Grains.Policies;

/// <summary>
/// A <see cref="WorkSchedule"/>'s shifts as wall-clock spans, by the local date they start on: the weekly pattern
/// (unless the date is a day off) plus the date's extra shifts.
/// </summary>
internal sealed class ShiftCalendar
{
    private readonly List<(TimeOnly Start, TimeSpan Duration)>[] weekly = new List<(TimeOnly, TimeSpan)>[7];
    private readonly HashSet<DateOnly> daysOff = [];
    private readonly SortedDictionary<DateOnly, List<(TimeOnly Start, TimeSpan Duration)>> extras = [];
    private readonly DateOnly[] extraDates;
    private readonly bool hasWeeklyShifts;

    public ShiftCalendar(WorkSchedule schedule)
    {
        for (var day = 0; day < 7; day++) weekly[day] = [];
        foreach (var shift in schedule.Shifts) weekly[(int)shift.Day].Add((shift.Start, shift.Duration));
        hasWeeklyShifts = schedule.Shifts.Count > 0;
        foreach (var exception in schedule.Exceptions)
        {
            if (exception.Kind == ScheduleExceptionKind.DayOff) daysOff.Add(exception.Date);
            else if (extras.TryGetValue(exception.Date, out var list)) list.Add((exception.Start, exception.Duration));
            else extras[exception.Date] = [(exception.Start, exception.Duration)];
            FirstException = FirstException is { } first && first < exception.Date ? first : exception.Date;
            LastException = LastException is { } last && last > exception.Date ? last : exception.Date;
        }
        extraDates = [.. extras.Keys];
    }

    public DateOnly? FirstException { get; }
    public DateOnly? LastException { get; }

    /// <summary>The dates in [<paramref name="from"/>, <paramref name="to"/>] on which a shift may start, in order.</summary>
    public IEnumerable<DateOnly> DaysWithShifts(DateOnly from, DateOnly to)
    {
        if (hasWeeklyShifts)
        {
            for (var day = from; day <= to; day = day.AddDays(1)) yield return day;
            yield break;
        }
        // Only extra shifts: skip straight to their dates, however far apart they are.
        var index = Array.BinarySearch(extraDates, from);
        for (var i = index < 0 ? ~index : index; i < extraDates.Length && extraDates[i] <= to; i++) yield return extraDates[i];
    }

    /// <summary>Adds the wall-clock spans of the shifts starting on <paramref name="day"/>.</summary>
    public void AddShiftsStarting(DateOnly day, List<(DateTime Start, DateTime End)> spans)
    {
        if (!daysOff.Contains(day)) Add(day, weekly[(int)day.DayOfWeek], spans);
        if (extras.TryGetValue(day, out var extra)) Add(day, extra, spans);
    }

    private static void Add(DateOnly day, List<(TimeOnly Start, TimeSpan Duration)> shifts, List<(DateTime Start, DateTime End)> spans)
    {
        foreach (var (start, duration) in shifts)
        {
            var localStart = day.ToDateTime(start);
            spans.Add((localStart, localStart + duration));
        }
    }
}
