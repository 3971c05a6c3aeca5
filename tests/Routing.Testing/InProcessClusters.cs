using Microsoft.Extensions.DependencyInjection;
using Orleans.Configuration;
using Orleans.TestingHost;

namespace Routing.Testing;

/// <summary>What tests with several silos in one process (Orleans' InProcessTestCluster) share.</summary>
public static class InProcessClusters
{
    /// <summary>A killed silo is declared dead within seconds, not the production tens of seconds.</summary>
    public static IServiceCollection DeclareKilledSilosDeadQuickly(this IServiceCollection services) =>
        services.Configure<ClusterMembershipOptions>(o =>
        {
            o.ProbeTimeout = TimeSpan.FromSeconds(1);
            o.NumMissedProbesLimit = 2;
            o.NumVotesForDeathDeclaration = 1;
        });

    /// <summary>Kills the silo without any shutdown (as a crash would), and frees what it holds in this process.</summary>
    public static async Task KillAsync(this InProcessTestCluster cluster, int silo)
    {
        var handle = cluster.Silos[silo];
        await cluster.KillSiloAsync(handle);
        await handle.DisposeAsync();
    }
}
