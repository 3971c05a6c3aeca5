namespace Routing.Grains.Tests.Policies;

/// <summary>
/// DST instants used: Berlin springs forward 2025-03-30 01:00Z (02:00 → 03:00) and falls back 2025-10-26 01:00Z
/// (03:00 → 02:00); New York springs forward 2025-03-09 07:00Z (02:00 → 03:00) and falls back 2025-11-02 06:00Z (02:00 → 01:00).
/// </summary>
public class BusinessHoursPolicyTests
{
    private static DateTimeOffset Utc(string text) => DateTimeOffset.Parse(text + "Z", System.Globalization.CultureInfo.InvariantCulture);

    private static BusinessHours Hours(string zone, params WeeklyInterval[] intervals) => new() { TimeZoneId = zone, Intervals = intervals };

    private static WeeklyInterval Interval(DayOfWeek day, string start, string end) =>
        new(day, TimeOnly.Parse(start, System.Globalization.CultureInfo.InvariantCulture), TimeOnly.Parse(end, System.Globalization.CultureInfo.InvariantCulture));

    private static readonly BusinessHours BerlinOffice = Hours("Europe/Berlin",
        [.. new[] { DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday }
            .Select(day => Interval(day, "09:00", "17:00"))]);

    [Fact]
    public void Office_hours_follow_the_Berlin_wall_clock_in_winter_and_summer()
    {
        Assert.False(BusinessHoursPolicy.IsOpen(BerlinOffice, Utc("2025-03-28T07:59:59")));
        Assert.True(BusinessHoursPolicy.IsOpen(BerlinOffice, Utc("2025-03-28T08:00:00")));  // 09:00 CET
        Assert.False(BusinessHoursPolicy.IsOpen(BerlinOffice, Utc("2025-03-31T06:30:00"))); // 08:30 CEST
        Assert.True(BusinessHoursPolicy.IsOpen(BerlinOffice, Utc("2025-03-31T07:00:00")));  // 09:00 CEST
    }

    [Fact]
    public void Next_opening_over_the_spring_forward_weekend_is_nine_o_clock_summer_time()
    {
        Assert.Equal(Utc("2025-03-31T07:00:00"), BusinessHoursPolicy.NextOpening(BerlinOffice, Utc("2025-03-28T17:30:00")));
        Assert.Equal(Utc("2025-03-28T16:00:00"), BusinessHoursPolicy.NextClosing(BerlinOffice, Utc("2025-03-28T09:00:00")));
    }

    [Fact]
    public void Berlin_interval_starting_in_the_spring_forward_gap_opens_when_the_clock_jumps()
    {
        var hours = Hours("Europe/Berlin", Interval(DayOfWeek.Sunday, "02:30", "05:00"));
        Assert.False(BusinessHoursPolicy.IsOpen(hours, Utc("2025-03-30T00:59:59")));
        Assert.True(BusinessHoursPolicy.IsOpen(hours, Utc("2025-03-30T01:00:00"))); // 03:00 CEST
        Assert.Equal(Utc("2025-03-30T01:00:00"), BusinessHoursPolicy.NextOpening(hours, Utc("2025-03-29T20:00:00")));
        Assert.Equal(Utc("2025-03-30T03:00:00"), BusinessHoursPolicy.NextClosing(hours, Utc("2025-03-30T01:00:00")));
    }

    [Fact]
    public void Berlin_interval_lying_wholly_in_the_spring_forward_gap_does_not_open_that_day()
    {
        var hours = Hours("Europe/Berlin", Interval(DayOfWeek.Sunday, "02:10", "02:50"));
        Assert.Equal(Utc("2025-04-06T00:10:00"), BusinessHoursPolicy.NextOpening(hours, Utc("2025-03-29T20:00:00")));
    }

    [Fact]
    public void Berlin_fall_back_overlap_opens_the_repeated_hour_twice()
    {
        var hours = Hours("Europe/Berlin", Interval(DayOfWeek.Sunday, "02:00", "02:30"));
        Assert.True(BusinessHoursPolicy.IsOpen(hours, Utc("2025-10-26T00:15:00")));  // 02:15 CEST
        Assert.False(BusinessHoursPolicy.IsOpen(hours, Utc("2025-10-26T00:45:00"))); // 02:45 CEST
        Assert.Equal(Utc("2025-10-26T01:00:00"), BusinessHoursPolicy.NextOpening(hours, Utc("2025-10-26T00:45:00"))); // 02:00 CET
        Assert.Equal(Utc("2025-10-26T01:30:00"), BusinessHoursPolicy.NextClosing(hours, Utc("2025-10-26T01:00:00")));
    }

    [Fact]
    public void New_York_fall_back_closes_when_the_clock_turns_back_and_reopens_at_the_second_half_past_one()
    {
        var hours = Hours("America/New_York", Interval(DayOfWeek.Sunday, "01:30", "02:30"));
        Assert.Equal(Utc("2025-11-02T05:30:00"), BusinessHoursPolicy.NextOpening(hours, Utc("2025-11-01T12:00:00"))); // 01:30 EDT
        Assert.Equal(Utc("2025-11-02T06:00:00"), BusinessHoursPolicy.NextClosing(hours, Utc("2025-11-02T05:45:00"))); // back to 01:00 EST
        Assert.False(BusinessHoursPolicy.IsOpen(hours, Utc("2025-11-02T06:15:00")));
        Assert.Equal(Utc("2025-11-02T06:30:00"), BusinessHoursPolicy.NextOpening(hours, Utc("2025-11-02T06:15:00"))); // 01:30 EST
        Assert.Equal(Utc("2025-11-02T07:30:00"), BusinessHoursPolicy.NextClosing(hours, Utc("2025-11-02T06:30:00"))); // 02:30 EST
    }

    [Fact]
    public void New_York_overnight_interval_ending_in_the_spring_forward_gap_closes_when_the_clock_jumps()
    {
        var hours = Hours("America/New_York", Interval(DayOfWeek.Saturday, "22:00", "02:30"));
        Assert.True(BusinessHoursPolicy.IsOpen(hours, Utc("2025-03-09T04:00:00"))); // Sat 23:00 EST
        Assert.Equal(Utc("2025-03-09T07:00:00"), BusinessHoursPolicy.NextClosing(hours, Utc("2025-03-09T04:00:00")));
    }

    [Fact]
    public void New_York_interval_starting_in_the_spring_forward_gap_opens_at_three_summer_time()
    {
        var hours = Hours("America/New_York", Interval(DayOfWeek.Sunday, "02:15", "04:00"));
        Assert.Equal(Utc("2025-03-09T07:00:00"), BusinessHoursPolicy.NextOpening(hours, Utc("2025-03-08T12:00:00")));
        Assert.Equal(Utc("2025-03-09T08:00:00"), BusinessHoursPolicy.NextClosing(hours, Utc("2025-03-09T07:00:00")));
    }

    [Fact]
    public void An_interval_whose_end_equals_its_start_lasts_the_whole_day()
    {
        var hours = Hours("UTC", Interval(DayOfWeek.Monday, "00:00", "00:00"));
        Assert.True(BusinessHoursPolicy.IsOpen(hours, Utc("2025-01-06T00:00:00")));
        Assert.True(BusinessHoursPolicy.IsOpen(hours, Utc("2025-01-06T23:59:59")));
        Assert.False(BusinessHoursPolicy.IsOpen(hours, Utc("2025-01-07T00:00:00")));
    }

    [Fact]
    public void Without_business_hours_a_department_is_always_open()
    {
        Assert.True(BusinessHoursPolicy.IsOpen(null, Given.T0));
        Assert.Equal(Given.T0, BusinessHoursPolicy.NextOpening(null, Given.T0));
        Assert.Null(BusinessHoursPolicy.NextClosing(null, Given.T0));
    }

    [Fact]
    public void Hours_without_intervals_never_open()
    {
        var hours = Hours("Europe/Berlin");
        Assert.False(BusinessHoursPolicy.IsOpen(hours, Given.T0));
        Assert.Null(BusinessHoursPolicy.NextOpening(hours, Given.T0));
    }

    [Fact]
    public void An_unknown_time_zone_is_reported_by_validation()
    {
        Assert.Null(Hours("Europe/Berlin").Problem());
        Assert.NotNull(Hours("Mars/Olympus_Mons").Problem());
    }

    [Fact]
    public void Offset_changes_are_found_to_the_exact_instant() =>
        Assert.Equal(
            [Utc("2025-03-30T01:00:00"), Utc("2025-10-26T01:00:00")],
            TimeZones.OffsetChanges(TimeZones.Find("Europe/Berlin"), Utc("2025-01-01T00:00:00"), Utc("2025-12-31T00:00:00")));
}
