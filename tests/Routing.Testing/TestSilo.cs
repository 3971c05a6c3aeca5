using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Routing.Storage;
using Routing.Runtime;

namespace Routing.Testing;

/// <summary>A grain runtime in the test process, with manual time and optional real storage.</summary>
public sealed class TestSilo : IAsyncDisposable
{
    private readonly ServiceProvider _services;
    private bool _stopped;

    private TestSilo(ServiceProvider services, ManualTimeProvider time)
    {
        _services = services;
        Time = time;
        Runtime = services.GetRequiredService<GrainRuntime>();
    }

    public GrainRuntime Runtime { get; }

    public ManualTimeProvider Time { get; }

    /// <summary>The silo's services (its storage, for tests that look at what was persisted).</summary>
    public IServiceProvider Services => _services;

    public IGrainFactory Factory => Runtime;

    /// <param name="addGrains">The grain classes and state JSON the silo hosts.</param>
    public static async Task<TestSilo> StartAsync(
        Action<GrainRuntimeBuilder> addGrains,
        Action<IServiceCollection>? addStorage = null,
        Action<GrainRuntimeOptions>? configure = null,
        ManualTimeProvider? time = null)
    {
        time ??= new ManualTimeProvider();
        var services = new ServiceCollection();
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Warning));
        services.AddSingleton<TimeProvider>(time);
        services.AddGrainRuntime(b => addGrains(b.Configure(o => configure?.Invoke(o))));
        addStorage?.Invoke(services);
        var provider = services.BuildServiceProvider();
        var silo = new TestSilo(provider, time);
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

    /// <summary>
    /// A crash as far as the grains can tell: no deactivation, no OnDeactivateAsync, timers dropped.
    /// Storage is disposed so its file/connections are released, but only what was already committed survives.
    /// </summary>
    public async Task CrashAsync()
    {
        if (_stopped) return;
        _stopped = true;
        await _services.GetRequiredService<IDurableStore>().DisposeAsync();
    }

    public ValueTask DisposeAsync() => new(StopAsync());
}
