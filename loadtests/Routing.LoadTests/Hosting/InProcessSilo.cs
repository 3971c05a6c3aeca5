using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Routing.Runtime;

namespace Routing.LoadTests.Hosting;

/// <summary>A grain runtime hosted in the benchmark process (as tests/Routing.Runtime.Tests/TestSilo does), with the system clock.</summary>
public sealed class InProcessSilo : IAsyncDisposable
{
    private readonly ServiceProvider _services;

    private InProcessSilo(ServiceProvider services)
    {
        _services = services;
        Runtime = services.GetRequiredService<GrainRuntime>();
    }

    public GrainRuntime Runtime { get; }

    public IGrainFactory Factory => Runtime;

    /// <summary>Starts a runtime hosting this assembly's grains, without storage (the benchmarked grains have none).</summary>
    public static Task<InProcessSilo> StartAsync() => StartAsync(b => b.AddGrainsFromAssembly(typeof(InProcessSilo).Assembly));

    /// <summary>
    /// Starts a runtime hosting the given grains, with the given storage provider registration (if any), on the system
    /// clock unless <paramref name="time"/> is given.
    /// </summary>
    public static async Task<InProcessSilo> StartAsync(
        Action<GrainRuntimeBuilder> addGrains, Action<IServiceCollection>? addStorage = null, TimeProvider? time = null)
    {
        var services = new ServiceCollection();
        // Warnings only: a benchmark must not pay for log formatting, but a slow turn should still show.
        services.AddLogging(b => b.AddSimpleConsole().SetMinimumLevel(LogLevel.Warning));
        services.AddSingleton(time ?? TimeProvider.System);
        services.AddGrainRuntime(addGrains);
        addStorage?.Invoke(services);
        var silo = new InProcessSilo(services.BuildServiceProvider());
        await silo.Runtime.StartAsync(CancellationToken.None);
        return silo;
    }

    public async ValueTask DisposeAsync()
    {
        await Runtime.StopAsync(CancellationToken.None);
        await _services.DisposeAsync();
    }
}
