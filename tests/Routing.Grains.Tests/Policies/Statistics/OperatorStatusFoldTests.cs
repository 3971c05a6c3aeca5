using Routing.Grains.Policies.Statistics;
using Routing.Storage.Statistics;

namespace Routing.Grains.Tests.Policies.Statistics;

public sealed class OperatorStatusFoldTests
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 2, 9, 30, 0, TimeSpan.Zero);
    private static readonly StatsContext Utc = new("acme", _ => TimeZoneInfo.Utc, _ => null);
    private const int Offline = 0, Online = 1, Away = 2, WrappingUp = 4;

    [Fact]
    public void Time_in_a_status_counts_when_it_ends_split_over_the_hours_it_spanned()
    {
        var (online, first) = OperatorStatusFold.Apply(null, "ann", Online, T0, 1, Utc);
        var (_, changes) = OperatorStatusFold.Apply(online, "ann", Away, T0.AddMinutes(100), 2, Utc); // 09:30 .. 11:10

        Assert.Empty(first);
        Assert.Equal([("2026-03-02T09", 1_800_000L), ("2026-03-02T10", 3_600_000L), ("2026-03-02T11", 600_000L)],
            changes.Select(c => (c.Key.Hour, c.Amount)));
        Assert.All(changes, c => Assert.Equal((StatsMeasure.OnlineMs, "ann", "", "acme"), (c.Measure!.Value, c.Key.Operator, c.Key.Department, c.Key.Workspace)));
    }

    [Theory]
    [InlineData(Away, StatsMeasure.AwayMs)]
    [InlineData(Offline, StatsMeasure.OfflineMs)]
    [InlineData(WrappingUp, StatsMeasure.WrappingUpMs)]
    public void Each_status_has_its_own_counter(int status, StatsMeasure measure)
    {
        var (facts, _) = OperatorStatusFold.Apply(null, "ann", status, T0, 1, Utc);

        var change = Assert.Single(OperatorStatusFold.Apply(facts, "ann", Online, T0.AddMinutes(5), 2, Utc).Changes);

        Assert.Equal((measure, 300_000L), (change.Measure!.Value, change.Amount));
    }

    [Fact]
    public void Hours_are_the_operators_local_hours()
    {
        var kolkata = Utc with { OperatorZoneOf = _ => TimeZoneInfo.FindSystemTimeZoneById("Asia/Kolkata") }; // UTC+05:30
        var (facts, _) = OperatorStatusFold.Apply(null, "ann", Online, T0, 1, kolkata); // 15:00 local

        var changes = OperatorStatusFold.Apply(facts, "ann", Away, T0.AddMinutes(90), 2, kolkata).Changes; // .. 16:30 local

        Assert.Equal([("2026-03-02T15", 3_600_000L), ("2026-03-02T16", 1_800_000L)], changes.Select(c => (c.Key.Hour, c.Amount)));
    }

    [Fact]
    public void A_change_already_counted_or_from_an_earlier_time_adds_nothing()
    {
        var (online, _) = OperatorStatusFold.Apply(null, "ann", Online, T0, 5, Utc);

        Assert.Empty(OperatorStatusFold.Apply(online, "ann", Away, T0.AddMinutes(1), 5, Utc).Changes);
        var (back, changes) = OperatorStatusFold.Apply(online, "ann", Away, T0.AddMinutes(-1), 6, Utc);
        Assert.Empty(changes);
        Assert.Equal(new OperatorStatusFacts(Away, T0, 6), back);
    }

    [Fact]
    public void An_unknown_status_is_tracked_but_not_counted()
    {
        var (unknown, _) = OperatorStatusFold.Apply(null, "ann", 42, T0, 1, Utc);

        Assert.Empty(OperatorStatusFold.Apply(unknown, "ann", Online, T0.AddMinutes(1), 2, Utc).Changes);
    }
}
