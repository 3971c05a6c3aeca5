using Orleans.Concurrency;
using Routing.GrainInterfaces;
using Routing.Grains.Statistics;

namespace Routing.Grains.Grains;

/// <summary>Catch-up and rebuild of the installation's statistics projection, on whichever silo is asked.</summary>
[StatelessWorker(1)]
[GrainType("statistics-maintenance")]
public sealed class StatisticsMaintenanceGrain(StatisticsProjector projector) : Grain, IStatisticsMaintenanceGrain
{
    public Task<long> CatchUp() => projector.CatchUpAsync();

    public Task<long> Rebuild() => projector.RebuildAsync();
}
