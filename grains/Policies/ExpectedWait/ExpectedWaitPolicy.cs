namespace Routing.Grains.Policies;

/// <summary>
/// Expected wait for a waiting dialog (R16): position p over the department's recent assignment rate, p / rate.
/// Without a recent rate (nothing assigned in the window) it falls back to p × average handle time / the slots of
/// online operators, when both are known; else unknown (null): the auto-reply then says "we will answer as soon as
/// possible" or gives the opening hours (R15) instead of inventing a number. Capped at 365 days.
/// </summary>
public static class ExpectedWaitPolicy
{
    public static readonly TimeSpan Cap = TimeSpan.FromDays(365);

    /// <param name="position">1-based position in the queue (1 = next).</param>
    /// <param name="assignmentsPerSecond">From <see cref="AssignmentRateWindow.RatePerSecond"/>.</param>
    /// <param name="averageHandleTime">Average time an operator keeps a dialog, if the department knows it.</param>
    /// <param name="onlineSlots">Dialogs the online operators can hold at once (sum of capacities over per-dialog cost).</param>
    public static TimeSpan? Estimate(int position, double? assignmentsPerSecond, TimeSpan? averageHandleTime = null, int onlineSlots = 0)
    {
        if (position <= 0) return TimeSpan.Zero;
        double seconds;
        if (assignmentsPerSecond is > 0 and var rate) seconds = position / rate;
        else if (averageHandleTime is { } handle && handle > TimeSpan.Zero && onlineSlots > 0) seconds = position * handle.TotalSeconds / onlineSlots;
        else return null;
        return seconds >= Cap.TotalSeconds ? Cap : TimeSpan.FromSeconds(seconds);
    }

    /// <summary>Shortcut over a rate window.</summary>
    public static TimeSpan? Estimate(int position, AssignmentRateWindow recent, DateTimeOffset now, TimeSpan? averageHandleTime = null, int onlineSlots = 0) =>
        Estimate(position, recent.RatePerSecond(now), averageHandleTime, onlineSlots);
}
