using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Orleans;
using Orleans.Configuration;
using Orleans.Hosting;
using Routing.GrainInterfaces.Events;
using Routing.Silo.Hosting;
using Routing.Silo.Metrics;
using Routing.Storage;
using Routing.Testing;

namespace Routing.LoadTests.Hosting;

/// <summary>An Orleans silo hosted in the benchmark process on loopback, with the system clock and the silo's grain metrics.</summary>
public sealed class InProcessSilo : IAsyncDisposable
{
    private readonly IHost _host;

    private InProcessSilo(IHost host) => _host = host;

    public IServiceProvider Services => _host.Services;

    public IGrainFactory Factory => _host.Services.GetRequiredService<IGrainFactory>();

    public GrainMetrics Metrics => _host.Services.GetRequiredService<GrainMetrics>();

    /// <summary>The silo's event hub (where the WebSocket sessions subscribe), when it hosts the routing grains.</summary>
    public GrainEventHub Events => _host.Services.GetRequiredService<GrainEventHub>();

    /// <summary>The durable store, when the silo has one.</summary>
    public IDurableStore? Store => _host.Services.GetService<IDurableStore>();

    /// <summary>The store's group-commit counters so far (zero without a group-committing store): writes and commits per unit of work.</summary>
    public GroupCommitStatistics CommitStatistics => (Store as GroupCommitGrainStorage)?.CommitStatistics ?? default;

    /// <summary>Starts a silo hosting this assembly's grains, without storage (the benchmarked grains have none).</summary>
    public static Task<InProcessSilo> StartAsync() => StartAsync(_ => { });

    /// <summary>Starts a silo configured by <paramref name="configure"/>, with the given store registration (if any).</summary>
    public static async Task<InProcessSilo> StartAsync(Action<ISiloBuilder> configure, Action<IServiceCollection>? addStorage = null, FakeTimeProvider? time = null)
    {
        // No host defaults: no configuration files or variables (a benchmark's silo is configured here only), and no
        // watcher on the working directory, where a store's files (a run from /tmp) made every commit wake it (5 % of
        // the CPU in a profile).
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true, ContentRootPath = AppContext.BaseDirectory });
        // Warnings only: a benchmark must not pay for log formatting, but a slow turn should still show.
        builder.Logging.ClearProviders().AddSimpleConsole().SetMinimumLevel(LogLevel.Warning);
        if (time is not null) builder.Services.UseFakeClockForGrains(time); // the grains only: Orleans' own loops stay on real time
        addStorage?.Invoke(builder.Services);
        builder.UseOrleans(silo =>
        {
            // A free port of its own, so two benchmark processes (or a benchmark beside the tests) never collide.
            silo.UseLocalhostClustering(siloPort: LoopbackPorts.NextSiloPort(), gatewayPort: 0, serviceId: "routing-loadtests", clusterId: "loadtests");
            // No idle collection during a run: a collected grain would be reactivated and blur the figures.
            silo.Configure<GrainCollectionOptions>(o => o.CollectionAge = TimeSpan.FromDays(1));
            silo.AddGrainMetrics();
            silo.UseMembershipClock(); // no false "participant check" stall warning on a busy machine
            configure(silo);
        });
        var host = builder.Build();
        await host.StartAsync();
        return new InProcessSilo(host);
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync(CancellationToken.None);
        if (_host is IAsyncDisposable disposable) await disposable.DisposeAsync();
        else _host.Dispose();
    }
}
