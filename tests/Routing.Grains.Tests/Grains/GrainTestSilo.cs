using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Routing.Grains;
using Routing.Grains.State;
using Routing.Runtime;
using Routing.Testing;

namespace Routing.Grains.Tests.Grains;

/// <summary>
/// The routing grains on a real runtime in the test process: manual time, SQLite storage in a file that outlives the
/// silo, so a test can stop one silo and start another on the same database (a restart).
/// </summary>
internal sealed class GrainTestSilo : IAsyncDisposable
{
    private readonly ServiceProvider _services;
    private bool _stopped;

    private GrainTestSilo(ServiceProvider services, ManualTimeProvider time)
    {
        _services = services;
        Time = time;
        Runtime = services.GetRequiredService<GrainRuntime>();
    }

    public GrainRuntime Runtime { get; }
    public ManualTimeProvider Time { get; }
    public IGrainFactory Factory => Runtime;

    public static async Task<GrainTestSilo> StartAsync(string databasePath, ManualTimeProvider? time = null)
    {
        time ??= new ManualTimeProvider();
        var services = new ServiceCollection();
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Warning));
        services.AddSingleton<TimeProvider>(time);
        services.AddGrainRuntime(b => b
            .AddGrainsFromAssembly(GrainsAssembly.Assembly)
            .AddStateJson(GrainStateJsonContext.Default));
        services.AddSqliteGrainStorage(o => o.DatabasePath = databasePath);
        var provider = services.BuildServiceProvider();
        var silo = new GrainTestSilo(provider, time);
        await silo.Runtime.StartAsync(CancellationToken.None);
        return silo;
    }

    /// <summary>Graceful stop: deactivates everything, then disposes storage.</summary>
    public async Task StopAsync()
    {
        if (_stopped) return;
        _stopped = true;
        await Runtime.StopAsync(CancellationToken.None);
        await _services.DisposeAsync();
    }

    public ValueTask DisposeAsync() => new(StopAsync());
}

/// <summary>A temporary directory with one database file per test, deleted afterwards.</summary>
internal sealed class TempDatabase : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "routing-grains-" + Guid.NewGuid().ToString("N"));

    public TempDatabase() => Directory.CreateDirectory(_directory);

    public string DatabasePath => System.IO.Path.Combine(_directory, "routing.db");

    public void Dispose()
    {
        try { Directory.Delete(_directory, recursive: true); } catch (IOException) { } // a lingering handle: leave it to the OS
    }
}
