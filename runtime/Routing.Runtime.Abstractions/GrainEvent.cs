namespace Routing.Runtime;

/// <summary>
/// An event a grain published. <see cref="Id"/> grows across the process, so a subscriber that reconnects
/// can ask for what came after the last id it saw; events of one grain reach a subscriber in publish order.
/// </summary>
public sealed record GrainEvent(long Id, string Topic, GrainId Source, DateTimeOffset Timestamp, object Payload);
