using Routing.ClientApi.Realtime.Protocol;
using Routing.Runtime;

namespace Routing.ClientApi.Realtime.Sessions;

/// <summary>What a session's single processing loop works through, in arrival order.</summary>
internal abstract record SessionInput
{
    public sealed record Command(ClientFrame Frame) : SessionInput;
    public sealed record Event(GrainEvent Published) : SessionInput;
    public sealed record Tick : SessionInput;
    public sealed record Lost(string Reason) : SessionInput;
}
