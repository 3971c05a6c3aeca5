using Routing.LoadTool.Measures;

namespace Routing.LoadTool.Tests;

public sealed class StatsTests
{
    private static TimeSpan Ms(double ms) => TimeSpan.FromMilliseconds(ms);

    [Fact]
    public void Percentiles_come_from_hdrhistogram_within_its_precision()
    {
        var stats = new RunStats(TimeSpan.Zero);
        for (var i = 1; i <= 1000; i++) stats.Step("intake").RecordOk(Ms(i));
        stats.Tick(TimeSpan.FromSeconds(1));

        var latency = Assert.Single(stats.Totals()).Latency;
        Assert.Equal(1000, latency.Count);
        Assert.Equal(500, latency.P50, 500 * 0.001);
        Assert.Equal(900, latency.P90, 900 * 0.001);
        Assert.Equal(990, latency.P99, 990 * 0.001);
        Assert.Equal(999, latency.P999, 999 * 0.001);
        Assert.Equal(1000, latency.Max, 1000 * 0.001);
    }

    [Fact]
    public void Each_second_has_its_own_row_and_warm_up_stays_out_of_the_totals()
    {
        var stats = new RunStats(TimeSpan.FromSeconds(1));
        stats.Step("intake").RecordOk(Ms(900)); // warm-up: a cold engine
        stats.Step("intake").RecordFailure("http-503 unavailable");
        stats.Tick(TimeSpan.FromSeconds(1));
        stats.Step("intake").RecordOk(Ms(10));
        stats.Step("intake").RecordOk(Ms(20));
        stats.Step("intake").RecordFailure("timeout");
        stats.Tick(TimeSpan.FromSeconds(2));
        stats.Step("intake").RecordOk(Ms(30));
        stats.Tick(TimeSpan.FromSeconds(3));

        var rows = stats.Timeline;
        Assert.Equal([1, 2, 3], rows.Select(r => r.Second));
        Assert.True(rows[0].WarmUp);
        Assert.Equal((1, 1), (rows[0].Ok, rows[0].Failed));
        Assert.Equal((2, 1), (rows[1].Ok, rows[1].Failed));
        Assert.Equal(20, rows[1].Latency.Max, 0.1);
        var total = Assert.Single(stats.Totals());
        Assert.Equal((3, 1), (total.Ok, total.Failed));
        Assert.Equal(30, total.Latency.Max, 0.1); // the warm-up's 900 ms is not in it
        Assert.Equal(new Dictionary<string, long> { ["timeout"] = 1 }, total.Errors);
        Assert.Equal(1.5, total.OkPerSecond, 3); // 3 successes over the 2 measured seconds
        Assert.Equal(0.25, total.ErrorRate, 3);
    }

    [Fact]
    public void What_the_set_up_measured_is_discarded()
    {
        var stats = new RunStats(TimeSpan.Zero);
        stats.Step("time-to-assign").RecordOk(Ms(400));
        stats.DiscardSoFar();
        stats.Step("time-to-assign").RecordOk(Ms(5));
        stats.Tick(TimeSpan.FromSeconds(1));

        Assert.Equal(5, Assert.Single(stats.Totals()).Latency.Max, 0.01);
    }

    [Fact]
    public void Gauges_are_sampled_at_each_tick()
    {
        var stats = new RunStats(TimeSpan.Zero);
        stats.SetGauge("queue depth", 7);
        stats.Tick(TimeSpan.FromSeconds(1));
        stats.SetGauge("queue depth", 3);
        stats.AddToGauge("dialogs held", 2);
        stats.Tick(TimeSpan.FromSeconds(2));

        Assert.Equal([new GaugeSecond(1, "queue depth", 7), new GaugeSecond(2, "dialogs held", 2), new GaugeSecond(2, "queue depth", 3)], stats.GaugeTimeline);
    }
}
