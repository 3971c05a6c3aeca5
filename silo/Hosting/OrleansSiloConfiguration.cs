using Orleans.Configuration;
using Orleans.Dashboard;
using Routing.Grains.Hosting;
using Routing.Silo.Configuration;
using Routing.Silo.Metrics;

namespace Routing.Silo.Hosting;

/// <summary>
/// The Orleans silo inside the process: one silo of a cluster on PostgreSQL, or the one silo on loopback on SQLite
/// (<see cref="OrleansClustering"/>), whose grains keep their state, logs and deadlines in the configured durable store
/// and publish events to the WebSocket sessions of every silo.
/// </summary>
public static class OrleansSiloConfiguration
{
    public static void Configure(ISiloBuilder silo, SiloSettings settings)
    {
        var runtime = settings.Runtime;
        OrleansClustering.Configure(silo, settings);
        silo.Configure<SiloMessagingOptions>(o => o.ResponseTimeout = runtime.CallTimeout);
        silo.Configure<SchedulingOptions>(o => o.TurnWarningLengthThreshold = runtime.TurnWarningThreshold);
        silo.Configure<GrainCollectionOptions>(o =>
        {
            o.CollectionAge = runtime.CollectionAge;
            o.CollectionQuantum = runtime.CollectionQuantum;
            o.DeactivationTimeout = runtime.DeactivationTimeout;
            // Orleans keys class-specific ages by class name; configuration names grain types (validated at load).
            foreach (var (type, age) in runtime.CollectionAgeByType) o.ClassSpecificCollectionAge[GrainClasses.Named(type)!.FullName!] = age;
        });

        silo.AddRoutingGrains(new RoutingGrainsOptions
        {
            EventSubscriptionCapacity = runtime.EventSubscriptionCapacity,
            EventRelayQueueCapacity = runtime.EventRelayQueueCapacity,
            DeadlineWindow = runtime.DeadlineWindow,
            MaxConcurrentDeadlineDeliveries = runtime.MaxConcurrentDeadlineDeliveries,
            DeadlineRetryBackoff = runtime.DeadlineRetryBackoff,
        });
        silo.AddGrainMetrics();
        silo.AddDashboard(); // its pages are mapped into the web app (Dashboard/DashboardEndpoints), not on a port of its own
        silo.UseMembershipClock();
        silo.Services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>, SiloStopLog>();
    }
}
