using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;
using Routing.GrainInterfaces.Events;
using Routing.Grains.Events;
using Routing.Grains.Hosting;
using Routing.Grains.Tests.Grains;

namespace Routing.Grains.Tests.Events;

/// <summary>
/// Real silos in this process forming one cluster (Orleans' InProcessTestCluster) on one SQLite database, each with the
/// routing grains, its event hub and its event relay; every silo can lose its next batch of events on purpose
/// (<see cref="BatchLoss"/>). A killed silo is declared dead within seconds.
/// </summary>
internal sealed class EventCluster : IAsyncDisposable
{
    private readonly InProcessTestCluster _cluster;
    private readonly TempDatabase _database;

    private EventCluster(InProcessTestCluster cluster, TempDatabase database) => (_cluster, _database) = (cluster, database);

    public static async Task<EventCluster> StartAsync(short silos = 2)
    {
        var database = new TempDatabase();
        var builder = new InProcessTestClusterBuilder(silos);
        builder.Options.ConfigureFileLogging = false;
        builder.ConfigureSilo((_, silo) =>
        {
            silo.Services.AddSqliteGrainStorage(o => o.DatabasePath = database.DatabasePath);
            silo.AddRoutingGrains();
            silo.Services.AddSingleton<BatchLoss>();
            silo.Services.AddSingleton<IOutgoingGrainCallFilter>(sp => sp.GetRequiredService<BatchLoss>());
            silo.Services.DeclareKilledSilosDeadQuickly();
        });
        var cluster = new EventCluster(builder.Build(), database);
        await cluster._cluster.DeployAsync();
        await cluster.ConnectedAsync();
        return cluster;
    }

    public int Count => _cluster.Silos.Count;

    public IGrainFactory Grains(int silo) => Services(silo).GetRequiredService<IGrainFactory>();

    public GrainEventHub Hub(int silo) => Services(silo).GetRequiredService<GrainEventHub>();

    public GrainEventForwarder Forwarder(int silo) => Services(silo).GetRequiredService<GrainEventForwarder>();

    public InboundEventStreams Inbound(int silo) => Services(silo).GetRequiredService<InboundEventStreams>();

    public BatchLoss Loss(int silo) => Services(silo).GetRequiredService<BatchLoss>();

    public SiloAddress Address(int silo) => _cluster.Silos[silo].SiloAddress;

    /// <summary>Which silo hosts the grain's activation.</summary>
    public async Task<int> HostOf(IAddressable grain)
    {
        var address = await Grains(0).GetGrain<IManagementGrain>(0).GetActivationAddress(grain);
        return Enumerable.Range(0, Count).Single(i => Address(i).Equals(address));
    }

    /// <summary>Every silo sends to every other, whose relay has its first batch: nothing published from now on is missed.</summary>
    public Task ConnectedAsync() => Eventually.True(() => Enumerable.Range(0, Count).All(i =>
    {
        var others = Enumerable.Range(0, Count).Where(j => j != i).Select(Address).ToHashSet();
        return Forwarder(i).Destinations.ToHashSet().SetEquals(others) && Inbound(i).Senders.ToHashSet().SetEquals(others);
    }), "every silo's relay hears from every other");

    /// <summary>Graceful stop: the silo deactivates its grains and ends its streams of events.</summary>
    public async Task StopAsync(int silo) => await _cluster.StopSiloAsync(_cluster.Silos[silo]);

    /// <summary>Kills the silo without any shutdown (as a crash would), and frees what it holds in this process.</summary>
    public Task KillAsync(int silo) => _cluster.KillAsync(silo);

    public async ValueTask DisposeAsync()
    {
        await _cluster.DisposeAsync();
        _database.Dispose();
    }

    private IServiceProvider Services(int silo) => _cluster.Silos[silo].ServiceProvider;
}

/// <summary>Loses the next batch of events this silo sends: a message lost between silos, as the receiver sees it.</summary>
internal sealed class BatchLoss : IOutgoingGrainCallFilter
{
    private int _armed;
    private int _lost;

    public int Lost => Volatile.Read(ref _lost);

    public void LoseNext() => Volatile.Write(ref _armed, 1);

    public Task Invoke(IOutgoingGrainCallContext context)
    {
        if (context.InterfaceMethod?.DeclaringType != typeof(IGrainEventRelay) || Interlocked.Exchange(ref _armed, 0) == 0)
            return context.Invoke();
        Interlocked.Increment(ref _lost); // the sender believes it delivered
        return Task.CompletedTask;
    }
}
