namespace Routing.GrainInterfaces.Events;

/// <summary>
/// What an event carries (ConversationChanged, QueueChanged ...). Events cross to the sessions of other silos, so every
/// payload is a sealed [Immutable] record with a generated serializer and an alias, like any other contract; the
/// contract tests find the payloads by this interface.
/// </summary>
public interface IGrainEventPayload;
