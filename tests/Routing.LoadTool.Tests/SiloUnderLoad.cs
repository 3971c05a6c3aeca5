using System.Security.Cryptography;
using Routing.Testing;

namespace Routing.LoadTool.Tests;

/// <summary>
/// The built silo as a process, as an operator would start it for a load test: loopback, a temporary SQLite file, a
/// random bootstrap key, and the per-address intake limit raised (the tool posts every customer from one address).
/// </summary>
public sealed class SiloUnderLoad : IAsyncLifetime
{
    private readonly string _directory = Directory.CreateTempSubdirectory("routing-load-smoke-").FullName;
    private SiloProcess? _silo;

    public string BootstrapKey { get; } = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
    public Uri Address { get; private set; } = null!;
    public string ReportDirectory => Path.Combine(_directory, "reports");
    /// <summary>The silo's warning and error lines (its information lines are many and say little here).</summary>
    public string Problems => string.Join('\n', (_silo?.Output ?? "").Split('\n').Where(line => line.Contains(" WRN]") || line.Contains(" ERR]")).Take(50));

    public async Task InitializeAsync()
    {
        _silo = SiloProcess.Start(new Dictionary<string, string>
        {
            ["Urls"] = "http://127.0.0.1:0",
            ["ROUTING_Storage__Sqlite__DatabasePath"] = Path.Combine(_directory, "routing.db"),
            ["ROUTING_Auth__BootstrapKey"] = BootstrapKey,
            ["ROUTING_RateLimits__IntakePerChannelKey"] = "1000000",
        });
        Address = await _silo.WaitUntilReadyAsync();
    }

    public Task DisposeAsync()
    {
        _silo?.Dispose();
        try { Directory.Delete(_directory, recursive: true); } catch (IOException) { } // SQLite may hold the file a moment longer
        return Task.CompletedTask;
    }
}
