namespace Routing.Runtime;

/// <summary>Options of an activation timer (Orleans GrainTimerCreationOptions).</summary>
public readonly record struct GrainTimerOptions(TimeSpan DueTime, TimeSpan Period)
{
    /// <summary>When true, ticks run interleaved with requests instead of queueing behind them.</summary>
    public bool Interleave { get; init; }

    /// <summary>When true, a tick counts as activity and keeps the activation from idle collection.</summary>
    public bool KeepAlive { get; init; }
}
