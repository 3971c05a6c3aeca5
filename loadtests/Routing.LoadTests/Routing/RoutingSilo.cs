using Routing.Grains.Hosting;
using Routing.LoadTests.Hosting;

namespace Routing.LoadTests.Routing;

/// <summary>The routing grains on an in-process silo with the system clock, as the silo process hosts them.</summary>
public static class RoutingSilo
{
    public static Task<InProcessSilo> StartAsync(RoutingStorage storage) =>
        InProcessSilo.StartAsync(silo => silo.AddRoutingGrains(), storage.Register);
}
