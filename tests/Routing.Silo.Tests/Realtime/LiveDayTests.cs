using Routing.ClientApi.Realtime.Live;
using Routing.GrainInterfaces;

namespace Routing.Silo.Tests.Realtime;

/// <summary>Issue 13: "today" in the workspace's time zone over buckets kept in each department's local hours, and the 15-minute window.</summary>
public sealed class LiveDayTests
{
    private static readonly TimeZoneInfo Kiritimati = TimeZoneInfo.FindSystemTimeZoneById("Pacific/Kiritimati"); // UTC+14
    private static readonly TimeZoneInfo Kolkata = TimeZoneInfo.FindSystemTimeZoneById("Asia/Kolkata"); // UTC+05:30

    [Fact]
    public void The_workspaces_day_maps_to_each_departments_local_hours()
    {
        var now = new DateTimeOffset(2026, 3, 2, 12, 20, 0, TimeSpan.Zero); // 02:20 on 3 March in Kiritimati
        var day = new LiveDay(now, Kiritimati);
        Assert.Equal(new DateOnly(2026, 3, 3), day.Day);
        Assert.Equal(new DateTimeOffset(2026, 3, 2, 12, 0, 0, TimeSpan.Zero), day.HourStart);
        // Kiritimati's midnight is 10:00 UTC: a UTC department's today is its hours 10:00-12:00 of 2 March.
        Assert.Equal((new DateTime(2026, 3, 2, 10, 0, 0), new DateTime(2026, 3, 2, 13, 0, 0), new DateTime(2026, 3, 2, 12, 0, 0)), day.HoursIn(TimeZoneInfo.Utc));
        // Half an hour off: Kolkata's 15:30 is in its 15:00 bucket, counted whole (to the hour).
        Assert.Equal((new DateTime(2026, 3, 2, 15, 0, 0), new DateTime(2026, 3, 2, 18, 0, 0), new DateTime(2026, 3, 2, 17, 0, 0)), day.HoursIn(Kolkata));
    }

    [Fact]
    public void Sum_counts_each_departments_rows_within_its_own_range_and_the_current_hour_apart()
    {
        var now = new DateTimeOffset(2026, 3, 2, 12, 20, 0, TimeSpan.Zero);
        var day = new LiveDay(now, Kiritimati);
        StatsGroupFigures Row(string department, string hour, long offered, long answered, long slaMeasured, long slaMet) => new(
            new Dictionary<string, string> { ["department"] = department, ["hour"] = hour },
            new StatsFigures { Offered = offered, Answered = answered, SlaMeasured = slaMeasured, SlaMet = slaMet });
        var period = new StatsPeriod(new DateTime(2026, 3, 2, 9, 0, 0), new DateTime(2026, 3, 2, 18, 0, 0),
        [
            Row("support", "2026-03-02T09", 100, 100, 100, 100), // before the workspace's midnight: yesterday
            Row("support", "2026-03-02T10", 2, 1, 1, 1),
            Row("support", "2026-03-02T12", 3, 2, 2, 1),
            Row("sales", "2026-03-02T12", 50, 0, 0, 0), // sales is in Kolkata: 12:00 there is before its today
            Row("sales", "2026-03-02T17", 4, 4, 4, 3),
        ]);
        var sums = LiveDay.Sum(period, department => day.HoursIn(department == "sales" ? Kolkata : TimeZoneInfo.Utc));
        Assert.Equal(new LiveFigures(5, 3, 0, 3, 2), sums["support"].Today);
        Assert.Equal(new LiveFigures(3, 2, 0, 2, 1), sums["support"].Hour);
        Assert.Equal(new LiveFigures(4, 4, 0, 4, 3), sums["sales"].Today);
        Assert.Equal(0.75, sums["sales"].Hour.SlaShare);
    }
}
