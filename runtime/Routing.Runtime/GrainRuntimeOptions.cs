using System.Text.Json;

namespace Routing.Runtime;

/// <summary>Runtime settings. Every default is stated; the silo binds them from configuration section "Runtime".</summary>
public sealed class GrainRuntimeOptions
{
    /// <summary>How long a caller waits for a grain call before it fails with <see cref="GrainCallTimeoutException"/>. Default 30 s.</summary>
    public TimeSpan CallTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Idle age after which an activation is collected, unless its class says otherwise. Default 15 min.</summary>
    public TimeSpan CollectionAge { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>How often the idle collector scans; collection happens between age and age + quantum. Default 1 min.</summary>
    public TimeSpan CollectionQuantum { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Per grain type (its type name) collection age overrides.</summary>
    public Dictionary<string, TimeSpan> CollectionAgeByType { get; set; } = new();

    /// <summary>Turn items one activation runs before yielding its thread to others. Default 64.</summary>
    public int SchedulingQuantum { get; set; } = 64;

    /// <summary>A single turn longer than this is logged as a warning. Default 1 s.</summary>
    public TimeSpan TurnWarningThreshold { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Deadlines due within this window are held in memory; later ones stay in storage until the window reaches them. Default 2 min.</summary>
    public TimeSpan DeadlineWindow { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Most deadlines delivered at once. Default 10,000.</summary>
    public int MaxConcurrentDeadlineDeliveries { get; set; } = 10_000;

    /// <summary>Backoff before a deadline whose handler threw is delivered again (doubles per attempt, capped at 1 min). Default 1 s.</summary>
    public TimeSpan DeadlineRetryBackoff { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How long the runtime's stop may take: deadline deliveries already running finish, then every activation
    /// deactivates (writing its state). The host's shutdown token does not cut this short (state not written then is
    /// lost); what is still running after it is logged and left. Default 30 s.
    /// </summary>
    public TimeSpan DeactivationTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Capacity of one event subscription's buffer; a subscriber that falls this far behind is dropped, never waited for. Default 4,096.</summary>
    public int EventSubscriptionCapacity { get; set; } = 4096;

    /// <summary>
    /// JSON options for grain state. Set TypeInfoResolver to source-generated contexts (see AddGrainStateJson);
    /// a state type without metadata fails activation with a clear error instead of falling back to reflection.
    /// </summary>
    public JsonSerializerOptions StateJsonOptions { get; set; } = new(JsonSerializerDefaults.Web);

    internal void Validate()
    {
        if (CallTimeout <= TimeSpan.Zero) throw new ArgumentException("Runtime:CallTimeout must be positive.");
        if (CollectionAge <= TimeSpan.Zero) throw new ArgumentException("Runtime:CollectionAge must be positive.");
        if (CollectionQuantum <= TimeSpan.Zero) throw new ArgumentException("Runtime:CollectionQuantum must be positive.");
        if (SchedulingQuantum < 1) throw new ArgumentException("Runtime:SchedulingQuantum must be at least 1.");
        if (DeadlineWindow < TimeSpan.FromSeconds(1)) throw new ArgumentException("Runtime:DeadlineWindow must be at least 1 s.");
        if (MaxConcurrentDeadlineDeliveries < 1) throw new ArgumentException("Runtime:MaxConcurrentDeadlineDeliveries must be at least 1.");
        if (DeactivationTimeout <= TimeSpan.Zero) throw new ArgumentException("Runtime:DeactivationTimeout must be positive.");
        if (EventSubscriptionCapacity < 1) throw new ArgumentException("Runtime:EventSubscriptionCapacity must be at least 1.");
    }
}
