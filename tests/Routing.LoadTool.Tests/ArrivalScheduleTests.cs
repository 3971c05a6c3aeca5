using Routing.LoadTool.Load;

namespace Routing.LoadTool.Tests;

public sealed class ArrivalScheduleTests
{
    private static TimeSpan S(double seconds) => TimeSpan.FromSeconds(seconds);

    [Fact]
    public void A_constant_rate_is_due_evenly()
    {
        var schedule = new ArrivalSchedule([LoadSimulation.Constant(10, S(3))]);

        Assert.Equal(0, schedule.DueBy(S(0)));
        Assert.Equal(1, schedule.DueBy(S(0.1)));
        Assert.Equal(5, schedule.DueBy(S(0.55)));
        Assert.Equal(30, schedule.DueBy(S(3)));
        Assert.Equal(30, schedule.DueBy(S(60)));
        Assert.Equal(30, schedule.Total);
        Assert.Equal(S(3), schedule.Duration);
    }

    [Fact]
    public void A_ramp_integrates_a_linear_rate()
    {
        var schedule = new ArrivalSchedule([LoadSimulation.Ramp(0, 10, S(10))]);

        Assert.Equal(12, schedule.DueBy(S(5))); // 10/10 * 5² / 2 = 12.5
        Assert.Equal(50, schedule.Total);
    }

    [Fact]
    public void A_spike_is_due_all_at_its_start_and_phases_follow_one_another()
    {
        var schedule = new ArrivalSchedule([LoadSimulation.Constant(2, S(5)), LoadSimulation.Spike(100, S(1)), LoadSimulation.Constant(20, S(2))]);

        Assert.Equal(9, schedule.DueBy(S(4.9)));
        Assert.Equal(110, schedule.DueBy(S(5))); // the spike's 100 at its first instant
        Assert.Equal(110, schedule.DueBy(S(5.9)));
        Assert.Equal(130, schedule.DueBy(S(7)));
        Assert.Equal(150, schedule.Total);
        Assert.Equal(S(8), schedule.Duration);
    }

    [Fact]
    public void The_peak_shape_offers_ten_times_the_rate_during_the_spike()
    {
        var schedule = new ArrivalSchedule([LoadSimulation.Constant(5, S(60)), LoadSimulation.Constant(50, S(60)), LoadSimulation.Constant(5, S(60))]);

        Assert.Equal(300, schedule.DueBy(S(60)));
        Assert.Equal(3000, schedule.DueBy(S(120)) - schedule.DueBy(S(60)));
        Assert.Equal(3600, schedule.Total);
    }

    [Fact]
    public void Closed_phases_are_refused()
    {
        var error = Assert.Throws<ArgumentException>(() => new ArrivalSchedule([LoadSimulation.KeepConstant(3, S(1), S(0))]));
        Assert.Contains("not an open phase", error.Message);
    }

    [Theory]
    [InlineData(-1, 5, "arrival rates must be 0 or more")]
    [InlineData(1, 0, "must last more than 0 s")]
    public void Bad_phases_say_what_is_wrong(double rate, double seconds, string problem) =>
        Assert.Contains(problem, LoadSimulation.Constant(rate, S(seconds)).Problem());
}
