using Npgsql;
using Routing.Silo.Tests.Api;
using Routing.Testing;

namespace Routing.Silo.Tests.Cluster;

/// <summary>
/// Silo processes (the built executable, as an operator runs it) on one throwaway PostgreSQL database: one Orleans
/// cluster through the membership table there. Failure detection is short (1 s probes, 2 missed) so a killed silo is
/// declared dead within seconds.
/// </summary>
internal sealed class SiloProcessCluster : IAsyncDisposable
{
    /// <summary>Orleans' SiloStatus values in the membership table.</summary>
    public const int Active = 3;
    public const int Dead = 6;

    private readonly string _connectionString;
    private readonly SiloProcess?[] _silos;
    private readonly int[] _siloPorts;

    private SiloProcessCluster(string connectionString, int size)
    {
        _connectionString = connectionString;
        _silos = new SiloProcess?[size];
        _siloPorts = Enumerable.Range(0, size).Select(_ => LoopbackPorts.NextSiloPort()).ToArray();
        Http = new HttpClient?[size];
    }

    public HttpClient?[] Http { get; }

    public int SiloPort(int silo) => _siloPorts[silo];

    public static async Task<SiloProcessCluster> StartAsync(int size)
    {
        var server = await PostgresServer.GetSharedAsync();
        var cluster = new SiloProcessCluster(await server.CreateDatabaseAsync("cluster"), size);
        try
        {
            await Task.WhenAll(Enumerable.Range(0, size).Select(cluster.StartSiloAsync));
            await cluster.WaitForMembershipAsync(size);
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync(); // a silo that never got ready must not outlive the test (one did, after a CI failure)
            throw;
        }
    }

    /// <summary>Starts (or restarts) silo <paramref name="silo"/> on its own silo port and waits until it serves HTTP.</summary>
    public async Task StartSiloAsync(int silo)
    {
        var process = SiloProcess.Start(new Dictionary<string, string>
        {
            ["Urls"] = "http://127.0.0.1:0",
            ["ROUTING_Storage__Provider"] = "postgresql",
            ["ROUTING_Storage__PostgreSql__ConnectionString"] = _connectionString,
            ["ROUTING_Auth__BootstrapKey"] = ApiWorld.BootstrapKey,
            ["ROUTING_Cluster__ProbeTimeout"] = "00:00:01",
            ["ROUTING_Cluster__MissedProbesLimit"] = "2",
            ["ROUTING_Runtime__CallTimeout"] = "00:00:05", // a call stuck on the dead silo fails soon and is retried
            ["ROUTING_RateLimits__IntakePerChannelKey"] = "100000",
        }, $"--Runtime:SiloPort={_siloPorts[silo]}");
        _silos[silo] = process;
        Http[silo] = new HttpClient { BaseAddress = await process.WaitUntilReadyAsync(), Timeout = TimeSpan.FromSeconds(30) };
    }

    /// <summary>kill -9 of silo <paramref name="silo"/>.</summary>
    public void Kill(int silo)
    {
        _silos[silo]!.Kill();
        Http[silo]!.Dispose();
        Http[silo] = null;
    }

    public string Output(int silo) => _silos[silo]?.Output ?? "";

    /// <summary>The newest membership row of each silo port: its status.</summary>
    public async Task<IReadOnlyDictionary<int, int>> MembershipAsync()
    {
        await using var connection = new NpgsqlConnection(_connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT DISTINCT ON (port) port, status FROM orleansmembershiptable ORDER BY port, generation DESC", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var statuses = new Dictionary<int, int>();
        while (await reader.ReadAsync()) statuses[reader.GetInt32(0)] = reader.GetInt32(1);
        return statuses;
    }

    public Task WaitForMembershipAsync(int active) => Eventually.True(async () =>
        (await MembershipAsync()).Values.Count(status => status == Active) == active, $"{active} silos active in the membership table");

    public async ValueTask DisposeAsync()
    {
        foreach (var http in Http) http?.Dispose();
        foreach (var silo in _silos) silo?.Dispose();
        await (await PostgresServer.GetSharedAsync()).DropDatabaseAsync(_connectionString);
    }
}
