using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Routing.Storage.Orleans.Deadlines;
using Routing.Storage;

namespace Routing.Testing;

/// <summary>
/// One Orleans silo in the test process (its own loopback ports and cluster id, so silos of parallel tests never
/// meet), with fake time for the grains and the store the test gives it.
/// </summary>
public sealed class TestSilo : IAsyncDisposable
{
    private readonly IHost _host;
    private bool _stopped;

    private TestSilo(IHost host, FakeTimeProvider time)
    {
        _host = host;
        Time = time;
    }

    public FakeTimeProvider Time { get; }

    /// <summary>The silo's services (its store, for tests that look at what was persisted).</summary>
    public IServiceProvider Services => _host.Services;

    public IGrainFactory Factory => _host.Services.GetRequiredService<IGrainFactory>();

    /// <param name="configureSilo">The grains and services the silo hosts.</param>
    /// <param name="addStorage">Registers the <see cref="IDurableStore"/>.</param>
    public static async Task<TestSilo> StartAsync(Action<ISiloBuilder> configureSilo, Action<IServiceCollection>? addStorage = null, FakeTimeProvider? time = null)
    {
        time ??= new FakeTimeProvider(TestClock.MondayMorning);
        var siloPort = LoopbackPorts.NextSiloPort();
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.UseFakeClockForGrains(time);
        addStorage?.Invoke(builder.Services);
        builder.UseOrleans(silo =>
        {
            silo.UseLocalhostClustering(siloPort: siloPort, gatewayPort: 0, serviceId: "routing-tests", clusterId: "test-" + Guid.NewGuid().ToString("N"));
            configureSilo(silo);
        });
        var host = builder.Build();
        await host.StartAsync();
        return new TestSilo(host, time);
    }

    /// <summary>
    /// Waits until every durable deadline due by the fake clock's now has been delivered (or waits in back-off): what
    /// a test looks at after moving the clock is then what the deadlines did.
    /// </summary>
    public Task DeadlinesAtRest() =>
        _stopped ? Task.CompletedTask : Services.GetService<DeadlineMonitor>()?.WhenAtRestAsync() ?? Task.CompletedTask; // a crashed silo does nothing more

    /// <summary>Moves the fake clock and waits for the deadlines that fell due on the way.</summary>
    public Task AdvanceAsync(TimeSpan by)
    {
        Time.Advance(by);
        return DeadlinesAtRest();
    }

    /// <summary>Graceful stop: deactivates everything (grains write their state), then closes the store.</summary>
    public async Task StopAsync()
    {
        if (_stopped) return;
        _stopped = true;
        await _host.StopAsync(CancellationToken.None);
        await DisposeHostAsync();
    }

    /// <summary>
    /// A crash as far as the grains can tell: the store closes first, so nothing written after this instant survives,
    /// then the silo stops without a graceful deactivation.
    /// </summary>
    public async Task CrashAsync()
    {
        if (_stopped) return;
        _stopped = true;
        await _host.Services.GetRequiredService<IDurableStore>().DisposeAsync();
        await _host.StopAsync(new CancellationToken(canceled: true));
        await DisposeHostAsync();
    }

    public ValueTask DisposeAsync() => new(StopAsync());

    private ValueTask DisposeHostAsync() => _host is IAsyncDisposable disposable ? disposable.DisposeAsync() : ValueTask.CompletedTask;
}
