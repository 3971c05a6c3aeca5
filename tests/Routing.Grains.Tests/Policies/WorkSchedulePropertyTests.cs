namespace Routing.Grains.Tests.Policies;

/// <summary>
/// Random schedules in zones with DST (30-minute and 45-minute offsets included), over five weeks around DST changes,
/// against <see cref="ScheduleOracle"/>'s minute-by-minute walk. Fixed seeds, so a failure names one to replay.
/// </summary>
public class WorkSchedulePropertyTests
{
    private static readonly string[] Zones =
    [
        "Europe/Berlin", "America/New_York", "Australia/Sydney", "Australia/Lord_Howe", "America/St_Johns",
        "Pacific/Chatham", "Asia/Kolkata", "UTC",
    ];

    // Five weeks from each (plus up to a week) cross the 2025 changes of every zone above.
    private static readonly DateOnly[] RangeStarts = [new(2025, 3, 1), new(2025, 3, 20), new(2025, 9, 20), new(2025, 10, 15)];

    private static readonly TimeSpan Range = TimeSpan.FromDays(35);

    [Fact]
    public void Walking_the_transitions_visits_exactly_the_oracle_s_changes_of_state()
    {
        for (var seed = 1; seed <= 60; seed++)
        {
            var (check, schedule, from, oracle) = Setup(seed);
            var instant = from;
            while (true)
            {
                check.Step++;
                var expected = oracle.NextTransition(instant);
                var actual = WorkSchedulePolicy.NextTransition(schedule, instant);
                if (expected is null)
                {
                    if (actual is not null && actual.At <= oracle.To) check.Equal(null, actual, $"transition after {instant:u}");
                    break;
                }
                check.Equal(expected, actual, $"transition after {instant:u} in {schedule.TimeZoneId}");
                instant = expected.At;
            }
        }
    }

    [Fact]
    public void On_shift_state_and_the_current_shift_match_the_oracle_at_random_instants()
    {
        for (var seed = 101; seed <= 160; seed++)
        {
            var (check, schedule, from, oracle) = Setup(seed);
            for (var i = 0; i < 150; i++)
            {
                check.Step = i;
                // Whole minutes hit edges exactly; a few seconds in checks the state between them.
                var instant = from.AddMinutes(check.Random.Next((int)Range.TotalMinutes)).AddSeconds(check.Chance(0.3) ? 30 : 0);
                check.Equal(oracle.IsOnShift(instant), WorkSchedulePolicy.IsOnShift(schedule, instant), $"on shift at {instant:u} in {schedule.TimeZoneId}");
                var shift = WorkSchedulePolicy.CurrentShift(schedule, instant);
                check.Equal(oracle.IsOnShift(instant), shift is not null, $"current shift exists at {instant:u}");
                if (oracle.CurrentShift(instant) is { } expected) check.Equal(expected, shift, $"current shift at {instant:u} in {schedule.TimeZoneId}");
            }
        }
    }

    private static (Seeded Check, WorkSchedule Schedule, DateTimeOffset From, ScheduleOracle Oracle) Setup(int seed)
    {
        var check = new Seeded(seed);
        var first = check.Pick(RangeStarts).AddDays(check.Random.Next(8));
        var from = new DateTimeOffset(first.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        WorkSchedule schedule;
        do schedule = RandomSchedule(check, first);
        while (schedule.Problem() is not null); // rarely, shifts around the clock
        // The oracle sees two days past the range, so a transition just after it is not taken for none.
        return (check, schedule, from, new ScheduleOracle(schedule, from, from + Range + TimeSpan.FromDays(2)));
    }

    private static WorkSchedule RandomSchedule(Seeded check, DateOnly first)
    {
        var shifts = Enumerable.Range(0, check.Chance(0.1) ? 0 : check.Random.Next(1, 7))
            .Select(_ => new WeeklyShift((DayOfWeek)check.Random.Next(7), RandomStart(check), RandomDuration(check)))
            .ToList();
        var exceptions = Enumerable.Range(0, check.Random.Next(7)).Select(_ =>
        {
            var date = first.AddDays(check.Random.Next(-2, (int)Range.TotalDays + 2));
            return check.Chance(0.5) ? ScheduleException.DayOff(date) : ScheduleException.ExtraShift(date, RandomStart(check), RandomDuration(check));
        }).ToList();
        return new WorkSchedule { TimeZoneId = check.Pick(Zones), Shifts = shifts, Exceptions = exceptions };
    }

    // DST changes happen at night, so half the starts fall between midnight and 04:00.
    private static TimeOnly RandomStart(Seeded check)
    {
        var hour = check.Chance(0.5) ? check.Random.Next(4) : check.Random.Next(24);
        var minute = check.Chance(0.7) ? 15 * check.Random.Next(4) : check.Random.Next(60);
        return new TimeOnly(hour, minute);
    }

    private static readonly TimeSpan[] TypicalDurations =
        [.. new[] { 15, 30, 45, 60, 90, 150, 240, 480, 540, 720, 1439, 1440 }.Select(minutes => TimeSpan.FromMinutes(minutes))];

    private static TimeSpan RandomDuration(Seeded check) =>
        check.Chance(0.6) ? check.Pick(TypicalDurations) : TimeSpan.FromMinutes(check.Random.Next(1, 1441));
}
