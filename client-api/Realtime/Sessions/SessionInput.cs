using Routing.ClientApi.Realtime.Protocol;
using Orleans;
using Routing.GrainInterfaces.Events;

namespace Routing.ClientApi.Realtime.Sessions;

/// <summary>What a session's single processing loop works through, in arrival order.</summary>
internal abstract record SessionInput
{
    public sealed record Command(ClientFrame Frame) : SessionInput;

    /// <summary>An event, with the subscription it came through (a stale one's events are dropped after a resubscribe).</summary>
    public sealed record Event(GrainEvent Published, GrainEventSubscription Subscription) : SessionInput;

    public sealed record Tick : SessionInput;

    /// <summary>Something a silo service pushes to this session (a queue position from the queue board).</summary>
    public sealed record Pushed(object Payload) : SessionInput;

    /// <summary>Time to check the session's credential again (revoked keys, rotated signing keys, expired tokens).</summary>
    public sealed record Recheck : SessionInput;

    public sealed record Lost : SessionInput;
}
