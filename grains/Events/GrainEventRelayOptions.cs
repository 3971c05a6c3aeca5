namespace Routing.Grains.Events;

/// <summary>How much the silo's event relay holds for each other silo.</summary>
public sealed class GrainEventRelayOptions
{
    /// <summary>Events queued for one other silo while its previous batch is on the way; what does not fit is dropped and its topics' subscribers there resynchronise.</summary>
    public int QueueCapacity { get; set; } = 65_536;

    /// <summary>Most events in one batch.</summary>
    public int MaxBatchSize { get; set; } = 1024;

    /// <summary>Most dropped topics a batch names; beyond, the receiver cuts off all its subscriptions.</summary>
    public int MaxDroppedTopics { get; set; } = 1024;
}
