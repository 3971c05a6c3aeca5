using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Orleans;
using Routing.Testing;

namespace Routing.Silo.Tests;

/// <summary>The silo on a real PostgreSQL (a throwaway server the tests start), as in production.</summary>
public sealed class PostgreSqlSiloTests
{
    private static string[] Args(string connectionString) =>
        ["--Storage:Provider=postgresql", $"--Storage:PostgreSql:ConnectionString={connectionString}"];

    [Fact]
    public async Task Health_is_200_while_postgres_answers_and_503_once_it_is_gone()
    {
        var server = await PostgresServer.StartAsync(); // our own server: this test stops it
        // Alone on loopback: a silo of a cluster whose database is gone spends Orleans' fixed minutes failing to leave
        // the membership table when it stops.
        await using var silo = await RunningSilo.StartAsync([.. Args(await server.CreateDatabaseAsync("silo")), "--Cluster:Membership=loopback"]);
        try
        {
            Assert.Equal(new HealthBody(HttpStatusCode.OK, "healthy", "postgresql", true, 0), await HealthBody.GetAsync(silo.Http));
        }
        finally
        {
            await server.DisposeAsync();
        }

        Assert.Equal(new HealthBody(HttpStatusCode.ServiceUnavailable, "unhealthy", "postgresql", false, 0), await HealthBody.GetAsync(silo.Http));
    }

    [Fact]
    public async Task Graceful_stop_writes_grain_state_to_postgres()
    {
        var server = await PostgresServer.GetSharedAsync();
        var args = Args(await server.CreateDatabaseAsync("silo"));
        await using (var first = await RunningSilo.StartAsync(args, NoteGrain.AddTo))
            await first.Services.GetRequiredService<IGrainFactory>().GetGrain<INoteGrain>("acme/note-1").Keep("kept across restart");

        await using var second = await RunningSilo.StartAsync(args, NoteGrain.AddTo);
        Assert.Equal("kept across restart", await second.Services.GetRequiredService<IGrainFactory>().GetGrain<INoteGrain>("acme/note-1").Read());
    }

    [Fact]
    public async Task Start_fails_and_names_the_address_when_postgres_is_unreachable()
    {
        var closedPort = ClosedLoopbackPort();

        var error = await Assert.ThrowsAsync<NpgsqlException>(() =>
            RunningSilo.StartAsync(Args($"Host=127.0.0.1;Port={closedPort};Database=routing;Username=routing;Timeout=5")));

        Assert.Contains($"127.0.0.1:{closedPort}", error.Message);
    }

    private static int ClosedLoopbackPort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
