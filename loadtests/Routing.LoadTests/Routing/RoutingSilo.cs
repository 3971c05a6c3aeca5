using Routing.Grains;
using Routing.Grains.State;
using Routing.LoadTests.Hosting;

namespace Routing.LoadTests.Routing;

/// <summary>The routing grains on an in-process runtime with the system clock, as the silo hosts them.</summary>
public static class RoutingSilo
{
    public static Task<InProcessSilo> StartAsync(RoutingStorage storage) =>
        InProcessSilo.StartAsync(
            b => b.AddGrainsFromAssembly(GrainsAssembly.Assembly).AddStateJson(GrainStateJsonContext.Default)
                // No idle collection during a run: a collected dialog would be reactivated from storage and blur the figures.
                .Configure(o => o.CollectionAge = TimeSpan.FromDays(1)),
            storage.Register);
}
