namespace Routing.GrainInterfaces.Events;

/// <summary>
/// An event a grain published (<see cref="Source"/>: the publisher, e.g. "conversation/ws1/c1"). <see cref="Id"/> grows across the process, so a subscriber that reconnects
/// can ask for what came after the last id it saw; events of one grain reach a subscriber in publish order.
/// </summary>
public sealed record GrainEvent(long Id, string Topic, string Source, DateTimeOffset Timestamp, object Payload);
