using System.Net;
using Routing.Silo.Tests.Api;
using Routing.Silo.Tests.Realtime;
using Routing.Testing;

namespace Routing.Silo.Tests;

/// <summary>The silo as a process: ROUTING_* variables, exit codes, logs and a clean stop on SIGTERM.</summary>
public sealed class ProcessTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    [Fact]
    public async Task Serves_health_and_stops_cleanly_on_sigterm()
    {
        using var silo = SiloProcess.Start(new Dictionary<string, string>
        {
            ["Urls"] = "http://127.0.0.1:0", // as docker-compose.yml sets it, unprefixed
            ["ROUTING_Storage__Sqlite__DatabasePath"] = _directory.File("routing.db"),
        });
        var address = await silo.WaitUntilReadyAsync();
        using (var http = new HttpClient { BaseAddress = address })
            Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/health")).StatusCode);

        silo.Terminate();

        Assert.Equal(0, await silo.WaitForExitAsync());
        var output = silo.Output;
        Assert.Contains($"sqlite storage at {_directory.File("routing.db")}", output);
        Assert.True(output.IndexOf("Grain runtime stopped", StringComparison.Ordinal) < output.IndexOf("Silo stopped", StringComparison.Ordinal),
            output);
        Assert.DoesNotContain("ERR]", output);
    }

    [Fact]
    public async Task Stops_cleanly_on_sigterm_while_a_websocket_client_reads_nothing()
    {
        using var silo = SiloProcess.Start(new Dictionary<string, string>
        {
            ["Urls"] = "http://127.0.0.1:0",
            ["ROUTING_Storage__Sqlite__DatabasePath"] = _directory.File("routing.db"),
            ["ROUTING_Auth__BootstrapKey"] = ApiWorld.BootstrapKey,
            ["ROUTING_RateLimits__IntakePerCustomer"] = "1000",
            ["ROUTING_Realtime__CloseTimeout"] = "00:00:01",
        });
        var address = await silo.WaitUntilReadyAsync();
        using var http = new HttpClient { BaseAddress = address };
        var admin = (await ApiWorld.OkAsync(http, HttpMethod.Post, "/v1/workspaces", ApiWorld.BootstrapKey, new { workspaceId = "acme" })).GetProperty("apiKey").GetString()!;
        var channel = (await ApiWorld.OkAsync(http, HttpMethod.Post, "/v1/workspaces/acme/api-keys", admin, new { scope = "channel" })).GetProperty("apiKey").GetString()!;
        await ApiWorld.OkAsync(http, HttpMethod.Put, "/v1/workspaces/acme/departments/support", admin, new { name = "Support" });
        var token = (await ApiWorld.OkAsync(http, HttpMethod.Post, "/v1/workspaces/acme/customer-tokens", channel, new { externalCustomerId = "visitor-1" }))
            .GetProperty("token").GetString()!;
        await using var silent = await SilentWsClient.ConnectAsync(address, "acme", "customer", token);
        await using var reading = await WsClient.ConnectAsync(address, "acme", "customer", token);
        // Far more than the silent client's socket buffers hold: the server's send to it blocks.
        const int messages = 60;
        for (var i = 0; i < messages; i++)
            await ApiWorld.OkAsync(http, HttpMethod.Post, "/v1/workspaces/acme/messages", channel, new { channel = "chat", externalCustomerId = "visitor-1", text = new string('x', 20_000) });
        await reading.DataAsync("message", m => m.GetProperty("sequence").GetInt64() == messages);

        silo.Terminate();

        Assert.Equal(0, await silo.WaitForExitAsync());
        var output = silo.Output;
        Assert.Contains("Aborted 1 WebSocket connections whose clients did not take the close (1001) within 00:00:01", output);
        Assert.Matches(@"Deactivating [1-9]\d* activations", output);
        Assert.True(output.IndexOf("Orleans silo stopped", StringComparison.Ordinal) < output.IndexOf("Silo stopped", StringComparison.Ordinal), output);
        Assert.DoesNotContain("ERR]", output);
        Assert.DoesNotContain("shutdown timeout", output);
    }

    [Fact]
    public async Task Exits_with_code_2_and_names_the_bad_variable()
    {
        using var silo = SiloProcess.Start(new Dictionary<string, string> { ["ROUTING_Storage__Provider"] = "mongodb" });

        Assert.Equal(2, await silo.WaitForExitAsync());
        Assert.Contains("Storage:Provider 'mongodb' is not supported; use one of: sqlite, postgresql.", silo.Output);
    }

    [Fact]
    public async Task Exits_with_code_1_when_the_storage_cannot_be_reached_at_start()
    {
        using var silo = SiloProcess.Start(new Dictionary<string, string>
        {
            ["ROUTING_Storage__Provider"] = "postgresql",
            ["ROUTING_Storage__PostgreSql__ConnectionString"] = "Host=127.0.0.1;Port=1;Database=routing;Username=routing",
        }, "--Urls=http://127.0.0.1:0");

        Assert.Equal(1, await silo.WaitForExitAsync());
        Assert.Contains("The silo could not start (postgresql storage at 127.0.0.1:1/routing (schema public)): Failed to connect", silo.Output);
    }

    public void Dispose() => _directory.Dispose();
}
