namespace Routing.Grains.Hosting;

/// <summary>What the silo tunes about the routing grains' services (the silo binds them from "Runtime").</summary>
public sealed class RoutingGrainsOptions
{
    /// <summary>Events buffered per WebSocket subscriber; one that falls further behind is cut off.</summary>
    public int EventSubscriptionCapacity { get; set; } = 4096;

    /// <summary>Events queued for each other silo of the cluster; beyond, they are dropped and their subscribers there resynchronise.</summary>
    public int EventRelayQueueCapacity { get; set; } = 65_536;

    /// <summary>Durable deadlines due within this window are held in memory.</summary>
    public TimeSpan DeadlineWindow { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Most deadlines delivered at once.</summary>
    public int MaxConcurrentDeadlineDeliveries { get; set; } = 10_000;

    /// <summary>First delay before a failed deadline is delivered again (doubles, at most 1 min).</summary>
    public TimeSpan DeadlineRetryBackoff { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How often the statistics projection looks for new timeline events (R20); null: only when statistics are read.</summary>
    public TimeSpan? StatisticsProjectionInterval { get; set; } = TimeSpan.FromSeconds(1);
}
