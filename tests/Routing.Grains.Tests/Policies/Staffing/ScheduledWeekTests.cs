using System.Globalization;
using Routing.GrainInterfaces;
using Routing.Grains.Policies.Staffing;

namespace Routing.Grains.Tests.Policies.Staffing;

/// <summary>
/// Who is scheduled per hour of a department's week. DST: Berlin springs forward 2025-03-30 (02:00 → 03:00) and falls back
/// 2025-10-26 (03:00 → 02:00); New York springs forward 2025-03-09, three weeks earlier. 2025-03-03 is a Monday.
/// </summary>
public sealed class ScheduledWeekTests
{
    private static readonly TimeZoneInfo Berlin = TimeZones.Find("Europe/Berlin");
    private static readonly DayOfWeek[] Weekdays = [DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday];

    private static DateOnly Date(string text) => DateOnly.Parse(text, CultureInfo.InvariantCulture);

    private static WorkSchedule NineToFive(string zone, params ScheduleException[] exceptions) => new()
    {
        TimeZoneId = zone, Shifts = [.. Weekdays.Select(day => new WeeklyShift(day, new TimeOnly(9, 0), TimeSpan.FromHours(8)))], Exceptions = exceptions,
    };

    /// <summary>Sundays 01:00-05:00 on Berlin's wall clock: across the DST change of the last Sunday of March and October.</summary>
    private static readonly ScheduledMember SundayNight = new("cem", 1, new WorkSchedule
    {
        TimeZoneId = "Europe/Berlin", Shifts = [new WeeklyShift(DayOfWeek.Sunday, new TimeOnly(1, 0), TimeSpan.FromHours(4))],
    }, false);

    /// <summary>The local hours (Berlin, "ddd HH") in which the week has anyone scheduled, with the count.</summary>
    private static Dictionary<string, double> Staffed(IReadOnlyList<ScheduledHour> hours) =>
        hours.Where(h => h.Operators > 0).GroupBy(h => h.LocalStart.ToString("ddd HH", CultureInfo.InvariantCulture))
            .ToDictionary(g => g.Key, g => g.Sum(h => h.Operators));

    [Fact]
    public void An_operator_counts_in_the_department_hours_of_their_shifts_with_their_capacity()
    {
        var week = ScheduledWeek.Of([new ScheduledMember("ann", 2, NineToFive("Europe/Berlin"), false)], Berlin, Date("2025-03-03"));

        Assert.Equal(168, week.Count);
        Assert.Equal(new DateTimeOffset(2025, 3, 3, 0, 0, 0, TimeSpan.FromHours(1)), week[0].Start);
        Assert.Equal(40, week.Sum(h => h.Operators));
        Assert.Equal(80, week.Sum(h => h.Slots));
        Assert.Equal(Enumerable.Range(9, 8), week.Where(h => h.Operators == 1 && h.LocalStart.DayOfWeek == DayOfWeek.Monday).Select(h => h.LocalStart.Hour));
        Assert.Equal(2, week.Single(h => h.LocalStart == new DateTime(2025, 3, 3, 9, 0, 0)).Slots);
    }

    [Fact]
    public void An_operator_in_New_York_moves_an_hour_earlier_in_Berlin_while_only_New_York_has_changed_its_clocks()
    {
        ScheduledMember[] bob = [new("bob", 1, NineToFive("America/New_York"), false)];

        var bothWinter = Staffed(ScheduledWeek.Of(bob, Berlin, Date("2025-03-03")));
        var newYorkSummer = Staffed(ScheduledWeek.Of(bob, Berlin, Date("2025-03-10")));
        var bothSummer = Staffed(ScheduledWeek.Of(bob, Berlin, Date("2025-03-31")));

        // 09:00-17:00 in New York: 15:00-23:00 in Berlin (6 h apart), 14:00-22:00 from 9 March (5 h), 15:00-23:00 again from 30 March.
        Assert.Equal(Enumerable.Range(15, 8).Select(h => $"Mon {h:00}"), bothWinter.Keys.Where(k => k.StartsWith("Mon", StringComparison.Ordinal)));
        Assert.Equal(Enumerable.Range(14, 8).Select(h => $"Mon {h:00}"), newYorkSummer.Keys.Where(k => k.StartsWith("Mon", StringComparison.Ordinal)));
        Assert.Equal(bothWinter.Keys, bothSummer.Keys);
        Assert.Equal(40, newYorkSummer.Values.Sum());
    }

    [Fact]
    public void The_spring_forward_week_has_167_hours_and_a_night_shift_across_it_lasts_an_hour_less()
    {
        // Sunday 30 March 01:00-05:00 on the wall clock: 01:00-02:00 and 03:00-05:00 summer time, three real hours.
        var week = ScheduledWeek.Of([SundayNight], Berlin, Date("2025-03-24"));

        Assert.Equal(167, week.Count);
        Assert.DoesNotContain(week, h => h.LocalStart == new DateTime(2025, 3, 30, 2, 0, 0));
        Assert.Equal(new[] { "Sun 01", "Sun 03", "Sun 04" }, Staffed(week).Keys);
        Assert.Equal(TimeSpan.FromHours(2), week.Single(h => h.LocalStart == new DateTime(2025, 3, 30, 3, 0, 0)).Start.Offset);
    }

    [Fact]
    public void The_fall_back_week_has_169_hours_and_the_repeated_hour_counts_twice()
    {
        var week = ScheduledWeek.Of([SundayNight], Berlin, Date("2025-10-20"));

        Assert.Equal(169, week.Count);
        var twoOClock = week.Where(h => h.LocalStart == new DateTime(2025, 10, 26, 2, 0, 0)).ToList();
        Assert.Equal(new[] { TimeSpan.FromHours(2), TimeSpan.FromHours(1) }, twoOClock.Select(h => h.Start.Offset));
        Assert.Equal(5, week.Sum(h => h.Operators)); // 01:00-05:00 on the wall clock lasts five real hours
    }

    [Fact]
    public void Days_off_extra_shifts_and_part_hours_follow_the_schedule()
    {
        var schedule = NineToFive("Europe/Berlin",
            ScheduleException.DayOff(Date("2025-03-05")), ScheduleException.ExtraShift(Date("2025-03-08"), new TimeOnly(10, 0), TimeSpan.FromMinutes(150)));

        var staffed = Staffed(ScheduledWeek.Of([new ScheduledMember("ann", 1, schedule, false)], Berlin, Date("2025-03-03")));

        Assert.DoesNotContain(staffed.Keys, k => k.StartsWith("Wed", StringComparison.Ordinal));
        Assert.Equal(new Dictionary<string, double> { ["Sat 10"] = 1, ["Sat 11"] = 1, ["Sat 12"] = 0.5 },
            staffed.Where(p => p.Key.StartsWith("Sat", StringComparison.Ordinal)).ToDictionary());
        Assert.Equal(32 + 2.5, staffed.Values.Sum());
    }

    [Fact]
    public void Overlapping_shifts_count_once_and_blocked_or_unscheduled_members_not_at_all()
    {
        var doubled = NineToFive("Europe/Berlin") with
        {
            Shifts = [.. NineToFive("Europe/Berlin").Shifts, new WeeklyShift(DayOfWeek.Monday, new TimeOnly(12, 0), TimeSpan.FromHours(2))],
        };

        var week = ScheduledWeek.Of(
            [new("ann", 1, doubled, false), new("bob", 1, NineToFive("Europe/Berlin"), Blocked: true), new("cem", 1, null, false)],
            Berlin, Date("2025-03-03"));

        Assert.Equal(40, week.Sum(h => h.Operators));
    }
}
