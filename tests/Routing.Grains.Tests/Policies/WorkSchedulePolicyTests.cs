using System.Globalization;

namespace Routing.Grains.Tests.Policies;

/// <summary>
/// DST instants used: Berlin springs forward 2025-03-30 01:00Z (02:00 → 03:00) and falls back 2025-10-26 01:00Z
/// (03:00 → 02:00); New York springs forward 2025-03-09 07:00Z (02:00 → 03:00) and falls back 2025-11-02 06:00Z (02:00 → 01:00).
/// 2025-01-06 is a Monday.
/// </summary>
public class WorkSchedulePolicyTests
{
    private static DateTimeOffset Utc(string text) => DateTimeOffset.Parse(text + "Z", CultureInfo.InvariantCulture);

    private static TimeOnly Time(string text) => TimeOnly.Parse(text, CultureInfo.InvariantCulture);

    private static DateOnly Date(string text) => DateOnly.Parse(text, CultureInfo.InvariantCulture);

    private static WeeklyShift Shift(DayOfWeek day, string start, double hours) => new(day, Time(start), TimeSpan.FromHours(hours));

    private static WorkSchedule Schedule(string zone, params WeeklyShift[] shifts) => new() { TimeZoneId = zone, Shifts = shifts };

    private static ShiftInterval Interval(string start, string end) => new(Utc(start), Utc(end));

    private static ShiftTransition Starts(string at) => new(Utc(at), ShiftTransitionKind.ShiftStart);

    private static ShiftTransition Ends(string at) => new(Utc(at), ShiftTransitionKind.ShiftEnd);

    private static readonly DayOfWeek[] Weekdays = [DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday];

    private static WorkSchedule NineToFive(string zone) => Schedule(zone, [.. Weekdays.Select(day => Shift(day, "09:00", 8))]);

    // --- Wall clock across DST -------------------------------------------------------------------------------------

    [Fact]
    public void A_day_shift_follows_the_Berlin_wall_clock_in_winter_and_summer()
    {
        var schedule = NineToFive("Europe/Berlin");
        Assert.Equal(Interval("2025-03-28T08:00:00", "2025-03-28T16:00:00"), WorkSchedulePolicy.CurrentShift(schedule, Utc("2025-03-28T12:00:00")));
        Assert.Equal(Starts("2025-03-31T07:00:00"), WorkSchedulePolicy.NextTransition(schedule, Utc("2025-03-28T16:00:00"))); // 09:00 CEST
        Assert.Equal(Interval("2025-03-31T07:00:00", "2025-03-31T15:00:00"), WorkSchedulePolicy.CurrentShift(schedule, Utc("2025-03-31T07:00:00")));
    }

    [Fact]
    public void Berlin_night_shift_across_spring_forward_ends_at_six_local_after_seven_hours()
    {
        var schedule = Schedule("Europe/Berlin", Shift(DayOfWeek.Saturday, "22:00", 8));
        Assert.Equal(Interval("2025-03-29T21:00:00", "2025-03-30T04:00:00"), WorkSchedulePolicy.CurrentShift(schedule, Utc("2025-03-30T00:59:00")));
        Assert.True(WorkSchedulePolicy.IsOnShift(schedule, Utc("2025-03-30T01:00:00"))); // 03:00 CEST, straight after the jump
        Assert.Equal(Ends("2025-03-30T04:00:00"), WorkSchedulePolicy.NextTransition(schedule, Utc("2025-03-30T01:00:00")));
    }

    [Fact]
    public void Berlin_night_shift_across_fall_back_ends_at_six_local_after_nine_hours()
    {
        var schedule = Schedule("Europe/Berlin", Shift(DayOfWeek.Saturday, "22:00", 8));
        Assert.Equal(Interval("2025-10-25T20:00:00", "2025-10-26T05:00:00"), WorkSchedulePolicy.CurrentShift(schedule, Utc("2025-10-26T01:30:00")));
    }

    [Fact]
    public void Berlin_shift_starting_in_the_spring_forward_gap_starts_when_the_clock_jumps()
    {
        var schedule = Schedule("Europe/Berlin", Shift(DayOfWeek.Sunday, "02:30", 2));
        Assert.Equal(Starts("2025-03-30T01:00:00"), WorkSchedulePolicy.NextTransition(schedule, Utc("2025-03-29T20:00:00")));
        Assert.False(WorkSchedulePolicy.IsOnShift(schedule, Utc("2025-03-30T00:59:59")));
        // It still ends at 04:30 local: 1 h 30 real.
        Assert.Equal(Interval("2025-03-30T01:00:00", "2025-03-30T02:30:00"), WorkSchedulePolicy.CurrentShift(schedule, Utc("2025-03-30T01:00:00")));
    }

    [Fact]
    public void Berlin_shift_lying_wholly_in_the_spring_forward_gap_does_not_take_place_that_day()
    {
        var schedule = Schedule("Europe/Berlin", Shift(DayOfWeek.Sunday, "02:10", 40.0 / 60));
        Assert.False(WorkSchedulePolicy.IsOnShift(schedule, Utc("2025-03-30T01:00:00")));
        Assert.Equal(Starts("2025-04-06T00:10:00"), WorkSchedulePolicy.NextTransition(schedule, Utc("2025-03-29T20:00:00")));
    }

    [Fact]
    public void Berlin_shift_ending_in_the_repeated_hour_ends_the_first_time_the_clock_shows_its_end()
    {
        var schedule = Schedule("Europe/Berlin", Shift(DayOfWeek.Saturday, "22:00", 4.5)); // until 02:30
        Assert.Equal(Interval("2025-10-25T20:00:00", "2025-10-26T00:30:00"), WorkSchedulePolicy.CurrentShift(schedule, Utc("2025-10-26T00:00:00")));
        Assert.False(WorkSchedulePolicy.IsOnShift(schedule, Utc("2025-10-26T01:15:00"))); // 02:15 CET, the second time round
    }

    [Fact]
    public void Berlin_shift_starting_in_the_repeated_hour_starts_the_first_time_and_runs_through_the_second()
    {
        var schedule = Schedule("Europe/Berlin", Shift(DayOfWeek.Sunday, "02:30", 1)); // until 03:30 CET
        Assert.Equal(Starts("2025-10-26T00:30:00"), WorkSchedulePolicy.NextTransition(schedule, Utc("2025-10-25T12:00:00")));
        Assert.Equal(Interval("2025-10-26T00:30:00", "2025-10-26T02:30:00"), WorkSchedulePolicy.CurrentShift(schedule, Utc("2025-10-26T01:15:00")));
    }

    [Fact]
    public void New_York_night_shift_across_spring_forward_and_a_shift_starting_in_the_gap()
    {
        var night = Schedule("America/New_York", Shift(DayOfWeek.Saturday, "22:00", 6)); // until 04:00 EDT
        Assert.Equal(Interval("2025-03-09T03:00:00", "2025-03-09T08:00:00"), WorkSchedulePolicy.CurrentShift(night, Utc("2025-03-09T06:59:00")));

        var inGap = Schedule("America/New_York", Shift(DayOfWeek.Sunday, "02:15", 1.75)); // until 04:00 EDT
        Assert.Equal(Starts("2025-03-09T07:00:00"), WorkSchedulePolicy.NextTransition(inGap, Utc("2025-03-08T12:00:00")));
        Assert.Equal(Ends("2025-03-09T08:00:00"), WorkSchedulePolicy.NextTransition(inGap, Utc("2025-03-09T07:00:00")));
    }

    [Fact]
    public void New_York_fall_back_a_shift_ends_at_the_first_half_past_one_and_another_starts_there()
    {
        var ending = Schedule("America/New_York", Shift(DayOfWeek.Saturday, "20:00", 5.5)); // until 01:30
        Assert.Equal(Interval("2025-11-02T00:00:00", "2025-11-02T05:30:00"), WorkSchedulePolicy.CurrentShift(ending, Utc("2025-11-02T05:00:00")));
        Assert.False(WorkSchedulePolicy.IsOnShift(ending, Utc("2025-11-02T06:30:00"))); // 01:30 EST

        var starting = Schedule("America/New_York", Shift(DayOfWeek.Sunday, "01:30", 1)); // until 02:30 EST
        Assert.Equal(Starts("2025-11-02T05:30:00"), WorkSchedulePolicy.NextTransition(starting, Utc("2025-11-01T12:00:00")));
        Assert.True(WorkSchedulePolicy.IsOnShift(starting, Utc("2025-11-02T06:15:00"))); // 01:15 EST, the second time round
        Assert.Equal(Ends("2025-11-02T07:30:00"), WorkSchedulePolicy.NextTransition(starting, Utc("2025-11-02T05:30:00")));
    }

    [Fact]
    public void A_shift_ending_in_the_gap_and_one_starting_after_it_form_one_shift()
    {
        var schedule = Schedule("Europe/Berlin", Shift(DayOfWeek.Saturday, "22:00", 4.5), Shift(DayOfWeek.Sunday, "03:00", 3));
        Assert.Equal(Interval("2025-03-29T21:00:00", "2025-03-30T04:00:00"), WorkSchedulePolicy.CurrentShift(schedule, Utc("2025-03-30T00:00:00")));
        Assert.Equal(Ends("2025-03-30T04:00:00"), WorkSchedulePolicy.NextTransition(schedule, Utc("2025-03-29T21:00:00")));
    }

    [Fact]
    public void Operators_in_different_zones_are_evaluated_at_the_same_instant_by_their_own_clocks()
    {
        // 2025-03-20: New York is already on summer time, Berlin not yet, so they are five hours apart.
        var berlin = NineToFive("Europe/Berlin");
        var newYork = NineToFive("America/New_York");
        var kolkata = NineToFive("Asia/Kolkata");
        var instant = Utc("2025-03-20T12:30:00");
        Assert.True(WorkSchedulePolicy.IsOnShift(berlin, instant));   // 13:30 CET
        Assert.False(WorkSchedulePolicy.IsOnShift(newYork, instant)); // 08:30 EDT
        Assert.False(WorkSchedulePolicy.IsOnShift(kolkata, instant)); // 18:00 IST
        Assert.Equal(Ends("2025-03-20T16:00:00"), WorkSchedulePolicy.NextTransition(berlin, instant));
        Assert.Equal(Starts("2025-03-20T13:00:00"), WorkSchedulePolicy.NextTransition(newYork, instant));
        Assert.Equal(Starts("2025-03-21T03:30:00"), WorkSchedulePolicy.NextTransition(kolkata, instant));
    }

    // --- Week layout ---------------------------------------------------------------------------------------------------

    [Fact]
    public void A_shift_crossing_midnight_runs_into_the_next_day()
    {
        var schedule = Schedule("UTC", Shift(DayOfWeek.Friday, "22:00", 9));
        Assert.Equal(Interval("2025-01-10T22:00:00", "2025-01-11T07:00:00"), WorkSchedulePolicy.CurrentShift(schedule, Utc("2025-01-11T06:59:00")));
        Assert.False(WorkSchedulePolicy.IsOnShift(schedule, Utc("2025-01-11T07:00:00")));
    }

    [Fact]
    public void A_Sunday_night_shift_wraps_into_Monday()
    {
        var schedule = Schedule("UTC", Shift(DayOfWeek.Sunday, "20:00", 12));
        Assert.Equal(Starts("2025-01-12T20:00:00"), WorkSchedulePolicy.NextTransition(schedule, Utc("2025-01-06T08:00:00")));
        Assert.True(WorkSchedulePolicy.IsOnShift(schedule, Utc("2025-01-06T07:59:00")));
        Assert.Equal(Ends("2025-01-13T08:00:00"), WorkSchedulePolicy.NextTransition(schedule, Utc("2025-01-12T20:00:00")));
    }

    [Fact]
    public void Overlapping_and_back_to_back_shifts_form_one_without_a_transition_at_the_seam()
    {
        var schedule = Schedule("UTC",
            Shift(DayOfWeek.Monday, "09:00", 4), Shift(DayOfWeek.Monday, "12:00", 6),  // overlapping: 09:00-18:00
            Shift(DayOfWeek.Tuesday, "20:00", 4), Shift(DayOfWeek.Wednesday, "00:00", 6)); // back to back over midnight
        Assert.Equal(Interval("2025-01-06T09:00:00", "2025-01-06T18:00:00"), WorkSchedulePolicy.CurrentShift(schedule, Utc("2025-01-06T12:30:00")));
        Assert.Equal(Ends("2025-01-06T18:00:00"), WorkSchedulePolicy.NextTransition(schedule, Utc("2025-01-06T09:00:00")));
        Assert.Equal(Ends("2025-01-08T06:00:00"), WorkSchedulePolicy.NextTransition(schedule, Utc("2025-01-07T20:00:00")));
    }

    [Fact]
    public void A_day_off_cancels_the_shifts_starting_that_date_but_not_the_night_shift_from_the_day_before()
    {
        var schedule = Schedule("UTC", [.. Weekdays.Select(day => Shift(day, "22:00", 9))]) with { Exceptions = [ScheduleException.DayOff(Date("2025-01-08"))] };
        Assert.True(WorkSchedulePolicy.IsOnShift(schedule, Utc("2025-01-08T06:00:00"))); // Tuesday's night shift
        Assert.Equal(Ends("2025-01-08T07:00:00"), WorkSchedulePolicy.NextTransition(schedule, Utc("2025-01-08T06:00:00")));
        Assert.Equal(Starts("2025-01-09T22:00:00"), WorkSchedulePolicy.NextTransition(schedule, Utc("2025-01-08T07:00:00")));
    }

    [Fact]
    public void An_extra_shift_adds_to_the_week_and_to_a_day_off_and_merges_with_a_weekly_shift_it_meets()
    {
        var schedule = NineToFive("UTC") with
        {
            Exceptions =
            [
                ScheduleException.ExtraShift(Date("2025-01-11"), Time("10:00"), TimeSpan.FromHours(4)), // a Saturday
                ScheduleException.DayOff(Date("2025-01-13")),
                ScheduleException.ExtraShift(Date("2025-01-13"), Time("18:00"), TimeSpan.FromHours(2)),
                ScheduleException.ExtraShift(Date("2025-01-14"), Time("17:00"), TimeSpan.FromHours(3)), // after Tuesday's shift
            ],
        };
        Assert.Equal(Interval("2025-01-11T10:00:00", "2025-01-11T14:00:00"), WorkSchedulePolicy.CurrentShift(schedule, Utc("2025-01-11T10:00:00")));
        Assert.Equal(Starts("2025-01-13T18:00:00"), WorkSchedulePolicy.NextTransition(schedule, Utc("2025-01-11T14:00:00")));
        Assert.Equal(Interval("2025-01-14T09:00:00", "2025-01-14T20:00:00"), WorkSchedulePolicy.CurrentShift(schedule, Utc("2025-01-14T16:59:00")));
    }

    [Fact]
    public void A_shift_chained_over_many_weeks_by_extra_shifts_is_found_whole()
    {
        // Round the clock except Sunday; extra Sunday shifts fill five Sundays: one shift of six weeks.
        var sundays = Enumerable.Range(0, 5).Select(week => Date("2025-01-12").AddDays(7 * week));
        var schedule = Schedule("Europe/Berlin", [.. Enum.GetValues<DayOfWeek>().Where(day => day != DayOfWeek.Sunday).Select(day => Shift(day, "00:00", 24))]) with
        {
            Exceptions = [.. sundays.Select(sunday => ScheduleException.ExtraShift(sunday, Time("00:00"), TimeSpan.FromHours(24)))],
        };
        var whole = Interval("2025-01-05T23:00:00", "2025-02-15T23:00:00"); // Monday 2025-01-06 00:00 CET to Sunday 2025-02-16 00:00 CET
        Assert.Equal(whole, WorkSchedulePolicy.CurrentShift(schedule, Utc("2025-01-26T12:00:00")));
        Assert.Equal(whole, WorkSchedulePolicy.CurrentShift(schedule, Utc("2025-02-15T22:59:00")));
        Assert.Equal(Ends("2025-02-15T23:00:00"), WorkSchedulePolicy.NextTransition(schedule, Utc("2025-01-06T00:00:00")));
    }

    [Fact]
    public void Without_shifts_the_operator_is_never_on_shift_unless_an_extra_shift_says_so_even_years_ahead()
    {
        var none = Schedule("Europe/Berlin");
        Assert.False(WorkSchedulePolicy.IsOnShift(none, Given.T0));
        Assert.Null(WorkSchedulePolicy.CurrentShift(none, Given.T0));
        Assert.Null(WorkSchedulePolicy.NextTransition(none, Given.T0));

        var once = none with { Exceptions = [ScheduleException.ExtraShift(Date("2031-06-02"), Time("09:00"), TimeSpan.FromHours(8))] };
        Assert.Equal(Starts("2031-06-02T07:00:00"), WorkSchedulePolicy.NextTransition(once, Given.T0));
        Assert.Equal(Ends("2031-06-02T15:00:00"), WorkSchedulePolicy.NextTransition(once, Utc("2031-06-02T07:00:00")));
        Assert.Null(WorkSchedulePolicy.NextTransition(once, Utc("2031-06-02T15:00:00")));
    }

    [Fact]
    public void A_schedule_round_the_clock_is_invalid_but_still_answers_without_searching_forever()
    {
        var schedule = Schedule("UTC", [.. Enum.GetValues<DayOfWeek>().Select(day => Shift(day, "00:00", 24))]);
        Assert.NotNull(schedule.Problem());
        Assert.True(WorkSchedulePolicy.IsOnShift(schedule, Given.T0));
        Assert.Null(WorkSchedulePolicy.NextTransition(schedule, Given.T0));
        Assert.NotNull(WorkSchedulePolicy.CurrentShift(schedule, Given.T0));
    }

    // --- What the grain arms besides transitions -----------------------------------------------------------------------

    [Fact]
    public void The_lateness_alert_is_due_the_configured_delay_into_the_shift_while_it_lasts()
    {
        var shift = Interval("2025-01-06T09:00:00", "2025-01-06T17:00:00");
        var schedule = NineToFive("UTC");
        Assert.Null(WorkSchedulePolicy.LatenessAlertAt(schedule, shift));
        Assert.Equal(Utc("2025-01-06T09:10:00"), WorkSchedulePolicy.LatenessAlertAt(schedule with { LatenessAlertAfter = TimeSpan.FromMinutes(10) }, shift));
        Assert.Equal(shift.Start, WorkSchedulePolicy.LatenessAlertAt(schedule with { LatenessAlertAfter = TimeSpan.Zero }, shift));
        Assert.Null(WorkSchedulePolicy.LatenessAlertAt(schedule with { LatenessAlertAfter = TimeSpan.FromHours(8) }, shift));
    }

    [Fact]
    public void Dialogs_move_to_colleagues_after_the_grace_period_unless_the_next_shift_has_started_by_then()
    {
        var schedule = Schedule("UTC", Shift(DayOfWeek.Monday, "09:00", 4), Shift(DayOfWeek.Monday, "13:30", 3.5));
        var morning = WorkSchedulePolicy.CurrentShift(schedule, Utc("2025-01-06T09:00:00"))!;
        var afternoon = WorkSchedulePolicy.CurrentShift(schedule, Utc("2025-01-06T13:30:00"))!;
        Assert.Equal(Utc("2025-01-06T13:00:00"), WorkSchedulePolicy.HandOverAt(schedule, morning));
        Assert.Equal(Utc("2025-01-06T13:20:00"), WorkSchedulePolicy.HandOverAt(schedule with { GracePeriod = TimeSpan.FromMinutes(20) }, morning));
        Assert.Null(WorkSchedulePolicy.HandOverAt(schedule with { GracePeriod = TimeSpan.FromMinutes(30) }, morning));
        Assert.Equal(Utc("2025-01-06T17:30:00"), WorkSchedulePolicy.HandOverAt(schedule with { GracePeriod = TimeSpan.FromMinutes(30) }, afternoon));
    }

    // --- The wall-clock to instant mapping -----------------------------------------------------------------------------

    [Fact]
    public void A_wall_clock_time_maps_to_the_first_instant_showing_it_or_to_the_jump_over_it()
    {
        var berlin = TimeZones.Find("Europe/Berlin");
        DateTimeOffset At(string local) => TimeZones.FirstInstantShowing(berlin, DateTime.Parse(local, CultureInfo.InvariantCulture));
        Assert.Equal(Utc("2025-03-30T00:59:00"), At("2025-03-30T01:59:00"));
        Assert.Equal(Utc("2025-03-30T01:00:00"), At("2025-03-30T02:00:00")); // in the gap
        Assert.Equal(Utc("2025-03-30T01:00:00"), At("2025-03-30T02:59:59"));
        Assert.Equal(Utc("2025-03-30T01:00:00"), At("2025-03-30T03:00:00"));
        Assert.Equal(Utc("2025-10-26T00:00:00"), At("2025-10-26T02:00:00")); // repeated: the first, CEST
        Assert.Equal(Utc("2025-10-26T00:59:00"), At("2025-10-26T02:59:00"));
        Assert.Equal(Utc("2025-10-26T02:00:00"), At("2025-10-26T03:00:00"));
        var lordHowe = TimeZones.Find("Australia/Lord_Howe"); // moves by 30 minutes: 02:00 → 02:30 on 2025-10-05
        Assert.Equal(Utc("2025-10-04T15:30:00"), TimeZones.FirstInstantShowing(lordHowe, new DateTime(2025, 10, 5, 2, 15, 0)));
    }
}
