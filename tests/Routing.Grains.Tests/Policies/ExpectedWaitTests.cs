namespace Routing.Grains.Tests.Policies;

public class ExpectedWaitTests
{
    [Fact]
    public void Expected_wait_is_position_over_the_recent_assignment_rate()
    {
        var recent = new AssignmentRateWindow();
        for (var i = 0; i < 90; i++) recent.Record(Given.At(i * 10)); // one every 10 s for 15 min
        var now = Given.At(900);
        Assert.Equal(0.1, recent.RatePerSecond(now)!.Value, 3);
        Assert.Equal(TimeSpan.FromSeconds(50), ExpectedWaitPolicy.Estimate(5, recent, now));
    }

    [Fact]
    public void A_department_that_just_started_assigning_is_not_diluted_by_the_quiet_minutes_before()
    {
        var recent = new AssignmentRateWindow();
        for (var i = 0; i < 6; i++) recent.Record(Given.At(i * 10));
        Assert.Equal(0.1, recent.RatePerSecond(Given.At(60))!.Value, 3);
    }

    [Fact]
    public void Assignments_older_than_the_window_slide_out()
    {
        var recent = new AssignmentRateWindow(TimeSpan.FromMinutes(15), TimeSpan.FromSeconds(10));
        recent.Record(Given.At(0));
        recent.Record(Given.At(500));
        Assert.Equal(2, recent.CountInWindow(Given.At(800)));
        Assert.Equal(1, recent.CountInWindow(Given.At(905)));
        Assert.Equal(0, recent.CountInWindow(Given.At(1500)));
        Assert.Null(recent.RatePerSecond(Given.At(1500)));
        recent.Record(Given.At(100)); // older than the window at 1500: ignored
        Assert.Equal(0, recent.CountInWindow(Given.At(1500)));
    }

    [Fact]
    public void Without_recent_assignments_the_wait_is_unknown_or_estimated_from_handle_time()
    {
        Assert.Null(ExpectedWaitPolicy.Estimate(3, assignmentsPerSecond: null));
        Assert.Null(ExpectedWaitPolicy.Estimate(3, null, TimeSpan.FromMinutes(6), onlineSlots: 0));
        Assert.Equal(TimeSpan.FromMinutes(2), ExpectedWaitPolicy.Estimate(3, null, TimeSpan.FromMinutes(6), onlineSlots: 9));
    }

    [Fact]
    public void A_tiny_rate_is_capped_rather_than_overflowing() =>
        Assert.Equal(ExpectedWaitPolicy.Cap, ExpectedWaitPolicy.Estimate(int.MaxValue, 1e-9));

    [Fact]
    public void Memory_is_bounded_whatever_the_rate()
    {
        var recent = new AssignmentRateWindow();
        for (var i = 0; i < 100_000; i++) recent.Record(Given.T0.AddMilliseconds(i));
        Assert.Equal(100_000, recent.CountInWindow(Given.At(100)));
    }
}
