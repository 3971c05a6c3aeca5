using System.Net;

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
