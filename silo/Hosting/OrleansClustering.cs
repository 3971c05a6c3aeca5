using Npgsql;
using Orleans.Configuration;
using Routing.Silo.Configuration;
using ClusterOptions = Routing.Silo.Configuration.ClusterOptions;

namespace Routing.Silo.Hosting;

/// <summary>
/// How this silo finds the others: through Orleans' ADO.NET membership table in the PostgreSQL storage's database and
/// schema (created by the storage's migrator on start), or not at all, as the one silo on loopback (SQLite's only mode).
/// </summary>
internal static class OrleansClustering
{
    /// <summary>Orleans' ADO.NET name for Npgsql.</summary>
    private const string NpgsqlInvariant = "Npgsql";

    public static void Configure(ISiloBuilder silo, SiloSettings settings)
    {
        var cluster = settings.Cluster;
        var runtime = settings.Runtime;
        silo.Configure<ClusterMembershipOptions>(o =>
        {
            o.ProbeTimeout = cluster.ProbeTimeout;
            o.NumMissedProbesLimit = cluster.MissedProbesLimit;
        });
        if (!cluster.UsesDatabaseMembership(settings.Storage))
        {
            silo.UseLocalhostClustering(siloPort: runtime.SiloPort, gatewayPort: runtime.GatewayPort, serviceId: cluster.ServiceId, clusterId: cluster.ClusterId);
            return;
        }

        silo.Configure<Orleans.Configuration.ClusterOptions>(o =>
        {
            o.ClusterId = cluster.ClusterId;
            o.ServiceId = cluster.ServiceId;
        });
        silo.Configure<EndpointOptions>(o =>
        {
            // Resolved as the silo starts; a name that does not resolve stops the start (exit code 1) naming it.
            o.AdvertisedIPAddress = cluster.ResolveAdvertisedAddress() ?? throw new InvalidOperationException(
                $"{ClusterOptions.SectionName}:AdvertisedAddress '{cluster.AdvertisedAddress}' does not resolve to an IP address.");
            o.SiloPort = runtime.SiloPort;
            o.GatewayPort = runtime.GatewayPort;
        });
        var connection = new NpgsqlConnectionStringBuilder(settings.Storage.PostgreSql.ConnectionStringInSchema());
        connection.ApplicationName ??= "routing-membership";
        silo.UseAdoNetClustering(o =>
        {
            o.Invariant = NpgsqlInvariant;
            o.ConnectionString = connection.ConnectionString;
        });
    }
}
