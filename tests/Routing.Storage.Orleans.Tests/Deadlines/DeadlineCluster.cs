using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Orleans.TestingHost;
using Routing.Storage.Orleans.Deadlines;
using Routing.Testing;

namespace Routing.Storage.Orleans.Tests.Deadlines;

/// <summary>
/// Real Orleans silos (InProcessTestCluster) with durable deadlines on a test's database. Given a
/// <see cref="FakeTimeProvider"/>, the grain-facing clock and the deadlines' clock are that clock, while Orleans' own
/// infrastructure stays on real time; without one, everything runs on real time.
/// </summary>
public sealed class DeadlineCluster : IAsyncDisposable
{
    private readonly InProcessTestCluster _cluster;

    private DeadlineCluster(InProcessTestCluster cluster) => _cluster = cluster;

    /// <summary>The silos still running, oldest first.</summary>
    public IReadOnlyList<InProcessSiloHandle> Silos => _cluster.Silos;

    public static async Task<DeadlineCluster> StartAsync(
        TestDatabase store, FakeTimeProvider? time, short silos = 1, Action<DeadlineOptions>? configure = null)
    {
        var builder = new InProcessTestClusterBuilder(silos);
        builder.Options.ConfigureFileLogging = false;
        builder.ConfigureSilo((_, silo) =>
        {
            store.AddTo(silo.Services);
            silo.AddDurableDeadlines(configure);
            if (time is not null) silo.Services.UseFakeClockForGrains(time);
            silo.Services.DeclareKilledSilosDeadQuickly();
        });
        var cluster = new DeadlineCluster(builder.Build());
        await cluster._cluster.DeployAsync();
        await cluster.WaitUntilTheRingIsSharedAsync();
        return cluster;
    }

    public IGrainFactory Grains(int silo = 0) => Services(silo).GetRequiredService<IGrainFactory>();

    public IAlarmGrain Alarm(string key, int silo = 0) => Grains(silo).GetGrain<IAlarmGrain>(key);

    internal DeadlineCounters Counters(int silo = 0) => Services(silo).GetRequiredService<DeadlineCounters>();

    internal OwnedRange Owned(int silo = 0) => Services(silo).GetRequiredService<DeadlineRefiller>().Owned;

    /// <summary>Deadlines the silo holds in memory: its own, due within the window.</summary>
    internal int Held(int silo = 0) => Services(silo).GetRequiredService<DeadlineAgenda>().Count;

    /// <summary>Kills the silo without any shutdown (as a crash would), and frees what it holds in this process.</summary>
    public Task KillAsync(int silo) => _cluster.KillAsync(silo);

    /// <summary>Waits until every silo's deadline service owns its part of the ring, and only that.</summary>
    public Task WaitUntilTheRingIsSharedAsync() => Eventually.True(() =>
    {
        var owned = Enumerable.Range(0, Silos.Count).Select(Owned).ToList();
        var size = owned.Sum(o => o.Ranges.Sum(Size));
        return owned.All(o => o.Ranges.Count > 0) && size == 1L << 32;
    }, "every deadline service owns its share of the ring");

    public async ValueTask DisposeAsync() => await _cluster.DisposeAsync();

    private IServiceProvider Services(int silo) => _cluster.Silos[silo].ServiceProvider;

    private static long Size(GrainHashRange range) => range.Begin < range.End ? range.End - range.Begin : (1L << 32) - (range.Begin - range.End);
}
