namespace Routing.Silo.Configuration;

/// <summary>
/// How Orleans runs the grains (configuration section "Runtime"): the keys the engine always had, mapped onto Orleans'
/// own options by <see cref="Hosting.OrleansSiloConfiguration"/>.
/// </summary>
public sealed class RuntimeOptions
{
    public const string SectionName = "Runtime";

    /// <summary>How long a grain call may take before the caller gets a timeout (Orleans' response timeout).</summary>
    public TimeSpan CallTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Idle time after which an activation is collected.</summary>
    public TimeSpan CollectionAge { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Collection age per grain type ("conversation", "department", ...).</summary>
    public Dictionary<string, TimeSpan> CollectionAgeByType { get; set; } = new();

    /// <summary>How often idle activations are looked for.</summary>
    public TimeSpan CollectionQuantum { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>A turn longer than this is logged as a warning.</summary>
    public TimeSpan TurnWarningThreshold { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long a stop may take to deactivate every grain (writing its state).</summary>
    public TimeSpan DeactivationTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Durable deadlines due within this window are held in memory.</summary>
    public TimeSpan DeadlineWindow { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Most deadlines delivered at once.</summary>
    public int MaxConcurrentDeadlineDeliveries { get; set; } = 10_000;

    /// <summary>First delay before a failed deadline is delivered again (doubles, at most 1 min).</summary>
    public TimeSpan DeadlineRetryBackoff { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Events buffered per WebSocket subscriber; one that falls further behind is cut off.</summary>
    public int EventSubscriptionCapacity { get; set; } = 4096;

    /// <summary>Events queued for each other silo of the cluster; beyond, they are dropped and their subscribers there resynchronise.</summary>
    public int EventRelayQueueCapacity { get; set; } = 65_536;

    /// <summary>The port silos talk to each other on (at <see cref="ClusterOptions.AdvertisedAddress"/>; loopback on SQLite).</summary>
    public int SiloPort { get; set; } = 11111;

    /// <summary>The port external Orleans clients connect to; 0 opens none (the API is co-hosted in the silo).</summary>
    public int GatewayPort { get; set; }

    internal IEnumerable<string> Validate()
    {
        if (CallTimeout <= TimeSpan.Zero) yield return "Runtime:CallTimeout must be positive.";
        if (CollectionAge <= TimeSpan.Zero) yield return "Runtime:CollectionAge must be positive.";
        if (CollectionQuantum <= TimeSpan.Zero) yield return "Runtime:CollectionQuantum must be positive.";
        // Orleans looks for idle activations once per quantum, so an age below it could never be honoured.
        if (CollectionAge <= CollectionQuantum) yield return "Runtime:CollectionAge must be longer than Runtime:CollectionQuantum.";
        foreach (var (type, age) in CollectionAgeByType)
            if (Hosting.GrainClasses.Named(type) is null)
                yield return $"Runtime:CollectionAgeByType:{type} names no grain type (known: {string.Join(", ", Hosting.GrainClasses.TypeNames.Order())}).";
            else if (age <= CollectionQuantum) yield return $"Runtime:CollectionAgeByType:{type} must be longer than Runtime:CollectionQuantum.";
        if (DeactivationTimeout <= TimeSpan.Zero) yield return "Runtime:DeactivationTimeout must be positive.";
        if (DeadlineWindow <= TimeSpan.Zero) yield return "Runtime:DeadlineWindow must be positive.";
        if (MaxConcurrentDeadlineDeliveries <= 0) yield return "Runtime:MaxConcurrentDeadlineDeliveries must be positive.";
        if (EventSubscriptionCapacity <= 0) yield return "Runtime:EventSubscriptionCapacity must be positive.";
        if (EventRelayQueueCapacity <= 0) yield return "Runtime:EventRelayQueueCapacity must be positive.";
        if (SiloPort is <= 0 or > 65535) yield return "Runtime:SiloPort must be a port number (1-65535).";
        if (GatewayPort is < 0 or > 65535) yield return "Runtime:GatewayPort must be a port number, or 0 for none.";
    }
}
