using Microsoft.Extensions.DependencyInjection;
using Routing.GrainInterfaces.Events;

namespace Routing.Grains.Tests.Grains;

internal static class TestSiloEvents
{
    /// <summary>The silo's event hub, where the WebSocket sessions subscribe (tests subscribe there too).</summary>
    public static GrainEventHub Events(this TestSilo silo) => silo.Services.GetRequiredService<GrainEventHub>();
}
