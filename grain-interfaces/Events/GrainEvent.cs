using Orleans;

namespace Routing.GrainInterfaces.Events;

/// <summary>
/// An event a grain published (<see cref="Source"/>: the publisher, e.g. "conversation/ws1/c1"). <see cref="Id"/> grows
/// across the process (an event from another silo gets one of this silo when it arrives), so a subscriber that
/// reconnects can ask for what came after the last id it saw; events of one grain reach a subscriber in publish order.
/// Serializable: the silo's event relay carries it to the subscribers of the other silos.
/// </summary>
[GenerateSerializer, Immutable, Alias("routing.GrainEvent")]
public sealed record GrainEvent(long Id, string Topic, string Source, DateTimeOffset Timestamp, IGrainEventPayload Payload);
