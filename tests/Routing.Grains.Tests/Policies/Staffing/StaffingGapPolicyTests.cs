using System.Globalization;
using Routing.GrainInterfaces;
using Routing.Grains.Policies.Staffing;

namespace Routing.Grains.Tests.Policies.Staffing;

/// <summary>
/// Needed against scheduled per hour. The load is the Erlang C textbook case of <see cref="StaffingTests"/>: 720 dialogs an
/// hour of 4 minutes need 55 operators for 80 % within 15 s. 2025-03-03 is a Monday.
/// </summary>
public sealed class StaffingGapPolicyTests
{
    private static readonly TimeZoneInfo Berlin = TimeZones.Find("Europe/Berlin");
    private static readonly DateOnly Week = new(2025, 3, 3);
    private static readonly GapSettings Textbook = new(Weeks: 4, ArrivalsFactor: 1, ServiceLevelTarget: 0.8, TargetSeconds: 15, Capacity: 1,
        CapacityIsWhatIf: false, HandleSeconds: null, DefaultHandleSeconds: 300);

    /// <summary>Monday 10:00 of each of the four weeks before: 720 dialogs of 240 s each.</summary>
    private static readonly ObservedHour[] MondayTen =
        [.. Enumerable.Range(1, 4).Select(w => new ObservedHour(new DateTime(2025, 3, 3, 10, 0, 0).AddDays(-7 * w), 720, 700, 240))];

    /// <summary>50 operators of capacity 1 on Monday 09:00-12:00 (Berlin).</summary>
    private static IReadOnlyList<ScheduledHour> Scheduled(int capacity = 1) => ScheduledWeek.Of(
        Enumerable.Range(0, 50).Select(i => new ScheduledMember($"op-{i}", capacity, new WorkSchedule
        {
            TimeZoneId = "Europe/Berlin", Shifts = [new WeeklyShift(DayOfWeek.Monday, new TimeOnly(9, 0), TimeSpan.FromHours(3))],
        }, false)), Berlin, Week);

    private static StaffingGapHour At(IReadOnlyList<StaffingGapHour> hours, int day, int hour) =>
        hours.Single(h => h.Start.DateTime == new DateTime(2025, 3, 3, hour, 0, 0).AddDays(day));

    [Fact]
    public void The_busy_hour_is_short_by_what_the_textbook_case_needs_beyond_the_scheduled()
    {
        var hours = StaffingGapPolicy.Gap(Scheduled(), MondayTen, Textbook);

        var ten = At(hours, 0, 10);
        Assert.Equal((720.0, 240.0, 55, 55), (ten.ArrivalsPerHour, ten.HandleSeconds, ten.NeededOperators, ten.NeededSlots));
        Assert.Equal((50.0, 50.0, -5.0, -5.0), (ten.ScheduledOperators, ten.ScheduledSlots, ten.Gap, ten.SlotGap));
        var nine = At(hours, 0, 9);
        Assert.Equal((0, 50.0), (nine.NeededOperators, nine.Gap)); // nothing arrived then: all over
        Assert.Equal((0, 0.0), (At(hours, 1, 10).NeededOperators, At(hours, 1, 10).Gap)); // Tuesday: nobody needed, nobody scheduled
    }

    [Fact]
    public void What_if_more_arrivals_a_higher_capacity_or_a_stricter_target()
    {
        var busier = At(StaffingGapPolicy.Gap(Scheduled(), MondayTen, Textbook with { ArrivalsFactor = 1.3 }), 0, 10);
        var threeEach = At(StaffingGapPolicy.Gap(Scheduled(), MondayTen, Textbook with { Capacity = 3, CapacityIsWhatIf = true }), 0, 10);
        var stricter = At(StaffingGapPolicy.Gap(Scheduled(), MondayTen, Textbook with { ServiceLevelTarget = 0.9 }), 0, 10);

        Assert.Equal(936, busier.ArrivalsPerHour, 6);
        Assert.True(busier.NeededOperators > 55);
        Assert.Equal((55, 19, 150.0, 95.0), (threeEach.NeededSlots, threeEach.NeededOperators, threeEach.ScheduledSlots, threeEach.SlotGap));
        Assert.Equal(57, stricter.NeededOperators); // StaffingTests: 90 % within 15 s takes 57
    }

    [Fact]
    public void Arrivals_average_over_the_weeks_and_handle_times_fall_back_to_all_hours_then_the_default()
    {
        ObservedHour[] history =
        [
            new(new DateTime(2025, 2, 24, 10, 0, 0), 30, 30, 400), // Monday 10:00, one week of the four
            new(new DateTime(2025, 2, 18, 11, 0, 0), 8, 0, null), // Tuesday 11:00: no handle time measured
        ];

        var hours = StaffingGapPolicy.Gap(Scheduled(), history, Textbook);
        var nothing = StaffingGapPolicy.Gap(Scheduled(), [], Textbook);

        Assert.Equal((7.5, 400.0), (At(hours, 0, 10).ArrivalsPerHour, At(hours, 0, 10).HandleSeconds));
        Assert.Equal((2.0, 400.0), (At(hours, 1, 11).ArrivalsPerHour, At(hours, 1, 11).HandleSeconds));
        Assert.All(nothing, h => Assert.Equal((0.0, 300.0, 0), (h.ArrivalsPerHour, h.HandleSeconds, h.NeededOperators)));
        Assert.Equal(10, StaffingGapPolicy.Gap(Scheduled(), history, Textbook with { HandleSeconds = 10 })[0].HandleSeconds);
    }

    [Fact]
    public void The_typical_capacity_is_the_median_of_the_members_who_may_work()
    {
        Assert.Equal(2, StaffingGapPolicy.TypicalCapacity([new("a", 1, null, false), new("b", 2, null, false), new("c", 5, null, false), new("d", 9, null, true)]));
        Assert.Equal(1, StaffingGapPolicy.TypicalCapacity([]));
    }

    [Fact]
    public void In_the_fall_back_week_the_repeated_hour_gets_the_forecast_of_its_local_hour_twice()
    {
        ObservedHour[] sundays = [.. Enumerable.Range(1, 4).Select(w => new ObservedHour(new DateTime(2025, 10, 26, 2, 0, 0).AddDays(-7 * w), 40, 40, 300))];
        var week = ScheduledWeek.Of([], Berlin, new DateOnly(2025, 10, 20));

        var twoOClock = StaffingGapPolicy.Gap(week, sundays, Textbook).Where(h => h.Start.DateTime == new DateTime(2025, 10, 26, 2, 0, 0)).ToList();

        Assert.Equal(new[] { 40.0, 40.0 }, twoOClock.Select(h => h.ArrivalsPerHour));
        Assert.Equal("+02:00,+01:00", string.Join(",", twoOClock.Select(h => h.Start.ToString("zzz", CultureInfo.InvariantCulture))));
    }
}
