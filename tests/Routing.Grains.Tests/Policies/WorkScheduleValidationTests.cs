namespace Routing.Grains.Tests.Policies;

public class WorkScheduleValidationTests
{
    private static readonly WeeklyShift Monday = new(DayOfWeek.Monday, new TimeOnly(9, 0), TimeSpan.FromHours(8));

    private static readonly WorkSchedule Valid = new()
    {
        TimeZoneId = "Europe/Berlin",
        Shifts = [Monday],
        Exceptions = [ScheduleException.DayOff(new DateOnly(2025, 1, 6))],
        GracePeriod = TimeSpan.FromMinutes(5),
        LatenessAlertAfter = TimeSpan.FromMinutes(10),
    };

    [Fact]
    public void Defaults_and_a_typical_schedule_are_valid()
    {
        Assert.Null(new WorkSchedule().Problem());
        Assert.Null(Valid.Problem());
        Assert.Null((Valid with { Shifts = [Monday, Monday with { Start = new TimeOnly(12, 0) }] }).Problem()); // overlaps are allowed
        Assert.Null((Valid with { Shifts = [Monday with { Duration = TimeSpan.FromHours(24) }] }).Problem());
    }

    [Fact]
    public void An_unknown_or_missing_time_zone_is_reported()
    {
        Assert.Contains("Mars/Olympus_Mons", (Valid with { TimeZoneId = "Mars/Olympus_Mons" }).Problem());
        Assert.NotNull((Valid with { TimeZoneId = "" }).Problem());
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-60)]
    [InlineData(24 * 60 + 1)]
    public void A_shift_lasting_nothing_or_more_than_a_day_is_reported(int minutes)
    {
        Assert.NotNull((Valid with { Shifts = [Monday with { Duration = TimeSpan.FromMinutes(minutes) }] }).Problem());
        Assert.NotNull((Valid with { Exceptions = [ScheduleException.ExtraShift(new DateOnly(2025, 1, 7), new TimeOnly(9, 0), TimeSpan.FromMinutes(minutes))] }).Problem());
    }

    [Fact]
    public void Times_in_fractions_of_a_minute_are_reported()
    {
        Assert.NotNull((Valid with { Shifts = [Monday with { Start = new TimeOnly(9, 0, 30) }] }).Problem());
        Assert.NotNull((Valid with { Shifts = [Monday with { Duration = TimeSpan.FromSeconds(90) }] }).Problem());
    }

    [Fact]
    public void A_negative_grace_period_or_lateness_delay_is_reported()
    {
        Assert.NotNull((Valid with { GracePeriod = TimeSpan.FromSeconds(-1) }).Problem());
        Assert.NotNull((Valid with { LatenessAlertAfter = TimeSpan.FromSeconds(-1) }).Problem());
        Assert.Null((Valid with { GracePeriod = TimeSpan.Zero, LatenessAlertAfter = TimeSpan.Zero }).Problem());
    }

    [Fact]
    public void A_grace_period_or_lateness_delay_beyond_a_day_is_reported()
    {
        Assert.Null((Valid with { GracePeriod = WorkSchedule.MaxDelay, LatenessAlertAfter = WorkSchedule.MaxDelay }).Problem());
        Assert.NotNull((Valid with { GracePeriod = TimeSpan.MaxValue }).Problem());
        Assert.NotNull((Valid with { LatenessAlertAfter = WorkSchedule.MaxDelay + TimeSpan.FromMinutes(1) }).Problem());
    }

    [Fact]
    public void A_missing_shift_or_exception_or_an_unknown_day_is_reported()
    {
        Assert.NotNull((Valid with { Shifts = [Monday, null!] }).Problem());
        Assert.NotNull((Valid with { Exceptions = [null!] }).Problem());
        Assert.NotNull((Valid with { Shifts = [Monday with { Day = (DayOfWeek)7 }] }).Problem());
    }

    [Fact]
    public void Too_many_shifts_or_exceptions_are_reported()
    {
        Assert.Null((Valid with { Shifts = [.. Enumerable.Repeat(Monday, WorkSchedule.MaxShifts)] }).Problem());
        Assert.NotNull((Valid with { Shifts = [.. Enumerable.Repeat(Monday, WorkSchedule.MaxShifts + 1)] }).Problem());
        var dayOff = ScheduleException.DayOff(new DateOnly(2025, 1, 6));
        Assert.NotNull((Valid with { Exceptions = [.. Enumerable.Repeat(dayOff, WorkSchedule.MaxExceptions + 1)] }).Problem());
    }

    [Fact]
    public void A_day_off_with_a_time_or_an_unknown_kind_is_reported()
    {
        Assert.NotNull((Valid with { Exceptions = [ScheduleException.DayOff(new DateOnly(2025, 1, 6)) with { Duration = TimeSpan.FromHours(1) }] }).Problem());
        Assert.NotNull((Valid with { Exceptions = [new ScheduleException(new DateOnly(2025, 1, 6), (ScheduleExceptionKind)7)] }).Problem());
    }

    [Fact]
    public void Shifts_covering_the_whole_week_are_reported_also_when_they_wrap_from_Sunday_to_Monday()
    {
        var aroundTheClock = Enum.GetValues<DayOfWeek>().Select(day => new WeeklyShift(day, new TimeOnly(6, 0), TimeSpan.FromHours(24))).ToList();
        Assert.NotNull((Valid with { Shifts = aroundTheClock }).Problem());
        aroundTheClock[0] = aroundTheClock[0] with { Duration = TimeSpan.FromHours(23) }; // Sunday 06:00 to Monday 05:00
        Assert.Null((Valid with { Shifts = aroundTheClock }).Problem());
    }
}
