namespace Routing.Testing;

public static class TestClock
{
    /// <summary>
    /// Where the tests' fake clocks start unless a test needs another instant: a Monday at 09:00 UTC, inside the work
    /// shifts the schedule tests configure.
    /// </summary>
    public static readonly DateTimeOffset MondayMorning = new(2026, 1, 5, 9, 0, 0, TimeSpan.Zero);
}
