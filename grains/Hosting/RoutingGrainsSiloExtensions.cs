using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Routing.GrainInterfaces.Events;
using Routing.Grains.Events;
using Routing.Grains.State;
using Routing.Grains.Statistics;
using Routing.Storage.Statistics;
using Routing.Storage.Orleans.GrainStorage;

namespace Routing.Grains.Hosting;

public static class RoutingGrainsSiloExtensions
{
    /// <summary>
    /// What the routing grains need in a silo: their state in the durable store (registered separately as
    /// <see cref="Routing.Storage.IDurableStore"/>: SQLite or PostgreSQL), durable deadlines, and the silo's event hub
    /// the WebSocket sessions read, with its relay to and from the other silos of the cluster, and the statistics
    /// projection (over the store's <see cref="IStatisticsStore"/>, registered with it). The silo process and the
    /// tests' silos both call this, so they host the same thing.
    /// </summary>
    public static ISiloBuilder AddRoutingGrains(this ISiloBuilder silo, RoutingGrainsOptions? options = null)
    {
        options ??= new RoutingGrainsOptions();
        GrainInterfaceTypeCache.Register(silo.Services);
        silo.Services.AddDurableGrainStorage("Default", o => o.AddStateJson(GrainStateJsonContext.Default));
        silo.AddDurableDeadlines(o =>
        {
            o.Window = options.DeadlineWindow;
            o.MaxConcurrentDeliveries = options.MaxConcurrentDeadlineDeliveries;
            o.RetryBackoff = options.DeadlineRetryBackoff;
        });
        silo.Services.AddSingleton(sp => new GrainEventHub(
            sp.GetRequiredService<TimeProvider>(), options.EventSubscriptionCapacity, sp.GetRequiredService<GrainEventForwarder>()));
        silo.AddGrainEventRelay(o => o.QueueCapacity = options.EventRelayQueueCapacity);
        // Statistics (R20): projected from the timelines into the store's statistics tables (its IStatisticsStore).
        silo.Services.AddSingleton<IStatsContexts, WorkspaceStatsContexts>();
        silo.Services.AddSingleton(sp => new StatisticsProjector(sp.GetRequiredService<IStatisticsStore>(), sp.GetRequiredService<IStatsContexts>()));
        // Only where the store registered its statistics tables (a test's bare store may not): else nothing to project.
        if (options.StatisticsProjectionInterval is { } interval)
            silo.Services.AddHostedService(sp => new StatisticsProjectionService(
                sp.GetService<IStatisticsStore>() is null ? null : sp.GetRequiredService<StatisticsProjector>(),
                interval, sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<StatisticsProjectionService>>()));
        return silo;
    }
}
