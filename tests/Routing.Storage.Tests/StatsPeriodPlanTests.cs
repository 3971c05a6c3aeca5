using Routing.Storage.Statistics;

namespace Routing.Storage.Tests;

public sealed class StatsPeriodPlanTests
{
    private static string Plan(string from, string to, StatsGrain coarsest = StatsGrain.Month) =>
        string.Join(" ", StatsPeriodPlan.Split(from, to, coarsest).Select(p => $"{p.Grain}[{p.From},{p.To})"));

    [Theory]
    // A year from a Monday: days to the first whole month, months, days after the last whole month.
    [InlineData("2026-01-05T00", "2027-01-05T00", "Day[2026-01-05,2026-02-01) Month[2026-02,2027-01) Day[2027-01-01,2027-01-05)")]
    // Ragged hours at both ends.
    [InlineData("2026-02-27T23", "2026-05-02T05", "Hour[2026-02-27T23,2026-02-28T00) Day[2026-02-28,2026-03-01) Month[2026-03,2026-05) Day[2026-05-01,2026-05-02) Hour[2026-05-02T00,2026-05-02T05)")]
    // Whole months only; a leap day's month; the turn of a year.
    [InlineData("2026-03-01T00", "2026-04-01T00", "Month[2026-03,2026-04)")]
    [InlineData("2028-02-01T00", "2028-03-01T00", "Month[2028-02,2028-03)")]
    [InlineData("2026-12-31T23", "2027-02-01T00", "Hour[2026-12-31T23,2027-01-01T00) Month[2027-01,2027-02)")]
    // Less than a whole day, or a day's hours straddling midnight: hours only.
    [InlineData("2026-03-02T09", "2026-03-02T17", "Hour[2026-03-02T09,2026-03-02T17)")]
    [InlineData("2026-03-02T09", "2026-03-03T08", "Hour[2026-03-02T09,2026-03-03T08)")]
    // Whole days inside one month, and one whole day with an hour after it.
    [InlineData("2026-03-02T00", "2026-03-09T00", "Day[2026-03-02,2026-03-09)")]
    [InlineData("2026-03-02T00", "2026-03-03T01", "Day[2026-03-02,2026-03-03) Hour[2026-03-03T00,2026-03-03T01)")]
    // Empty or reversed.
    [InlineData("2026-03-02T09", "2026-03-02T09", "")]
    [InlineData("2026-03-03T00", "2026-03-02T00", "")]
    public void A_period_is_read_in_the_coarsest_grains_that_cover_it_exactly(string from, string to, string expected)
    {
        Assert.Equal(expected, Plan(from, to));
    }

    [Fact]
    public void Grouping_by_day_reads_no_months_and_grouping_by_hour_reads_hours_only()
    {
        var byDay = new StatsQuery("acme", "2026-01-05T07", "2026-04-01T00", [StatsGroup.Day]);
        var byHour = new StatsQuery("acme", "2026-01-05T07", "2026-04-01T00", [StatsGroup.Department, StatsGroup.Hour]);

        Assert.Equal("Hour[2026-01-05T07,2026-01-06T00) Day[2026-01-06,2026-04-01)", Plan(byDay.FromHour, byDay.ToHour, byDay.CoarsestReadable));
        Assert.Equal("Hour[2026-01-05T07,2026-04-01T00)", Plan(byHour.FromHour, byHour.ToHour, byHour.CoarsestReadable));
        Assert.Equal(StatsGrain.Hour, (byDay with { Coarsest = StatsGrain.Hour }).CoarsestReadable);
        Assert.Equal(StatsGrain.Month, new StatsQuery("acme", "2026-01-05T07", "2026-04-01T00", [StatsGroup.Month]).CoarsestReadable);
    }
}
