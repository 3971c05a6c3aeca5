namespace Routing.Runtime.Timers;

internal static class TimeProviderExtensions
{
    /// <summary>
    /// A timer that does not capture the creator's ExecutionContext, so a timer armed inside a grain turn
    /// does not drag that request's call chain into every later tick.
    /// </summary>
    public static ITimer CreateDetachedTimer(this TimeProvider timeProvider, TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        using (ExecutionContext.SuppressFlow())
            return timeProvider.CreateTimer(callback, state, dueTime, period);
    }
}
