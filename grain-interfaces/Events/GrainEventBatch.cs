using Orleans;
using Orleans.Runtime;

namespace Routing.GrainInterfaces.Events;

/// <summary>
/// Events published on <see cref="Sender"/> for the subscribers of one other silo. Batches are numbered from 1 per sender
/// incarnation (a <see cref="SiloAddress"/> carries its generation) and receiver, so the receiver sees a batch that never
/// arrived and tells the subscribers that may have missed something to resynchronise.
/// </summary>
[GenerateSerializer, Immutable, Alias("routing.GrainEventBatch")]
public sealed record GrainEventBatch(SiloAddress Sender, long Sequence, IReadOnlyList<GrainEvent> Events)
{
    /// <summary>
    /// On the first batch: the sender had published events before it started sending to this silo (it learned of this
    /// silo late), so subscriptions opened here before this batch arrived may have missed some.
    /// </summary>
    [Id(0)] public bool StartedLate { get; init; }

    /// <summary>Topics of events the sender dropped since its previous batch, its queue for this silo being full; null: none.</summary>
    [Id(1)] public IReadOnlyList<string>? DroppedTopics { get; init; }

    /// <summary>The sender is stopping gracefully: nothing follows, so its leaving the cluster loses nothing.</summary>
    [Id(2)] public bool Last { get; init; }
}
