using Routing.GrainInterfaces.Events;
using Routing.ClientApi.Realtime.Protocol;
using Orleans;

namespace Routing.ClientApi.Realtime.Sessions;

/// <summary>
/// What one kind of client sees and may do. A session calls its handler from one loop, one input at a time (like a
/// grain turn), so a handler keeps plain fields; only the commands given a lane (<see cref="LaneOf"/>) run beside it.
/// </summary>
internal interface IRealtimeRoleHandler
{
    /// <summary>Subscribes and sends the snapshot a fresh session starts from.</summary>
    Task StartAsync(RealtimeSession session);

    /// <summary>Executes a command; answers the reply's data. Throws to answer an error frame (nothing changed).</summary>
    Task<object?> HandleAsync(RealtimeSession session, ClientFrame frame);

    /// <summary>
    /// The lane of a command that may run beside the loop (its <see cref="HandleAsync"/> branch must touch no handler
    /// field), or null to run it in the loop after every command before it. Commands of one lane run in order.
    /// </summary>
    string? LaneOf(ClientFrame frame) => null;

    /// <summary>An event of a topic the handler subscribed to.</summary>
    Task OnEventAsync(RealtimeSession session, GrainEvent published);

    /// <summary>The session's periodic tick, once started (the wallboard's coalesced queues).</summary>
    Task OnTickAsync(RealtimeSession session) => Task.CompletedTask;

    /// <summary>What a silo service pushed to the session (the queue board's positions).</summary>
    Task OnPushedAsync(RealtimeSession session, object payload) => Task.CompletedTask;

    /// <summary>The session ends: let go of what the handler registered outside it.</summary>
    void Stopped(RealtimeSession session) { }
}
