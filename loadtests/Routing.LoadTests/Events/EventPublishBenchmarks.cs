using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.DependencyInjection;
using Routing.GrainInterfaces;
using Routing.GrainInterfaces.Events;
using Routing.Grains.Events;
using Routing.LoadTests.Hosting;

namespace Routing.LoadTests.Events;

/// <summary>
/// What the cross-silo event relay costs a silo alone in its cluster (the embedded default): publishing into the
/// silo's hub, whose forwarder has no other silo to send to, against a hub without a forwarder (as before the relay).
/// Nobody subscribes to the topic, so only the publishing path is measured.
/// </summary>
public class EventPublishBenchmarks
{
    public const int EventsPerInvoke = 10_000;

    private static readonly ConversationChanged Payload = new("c1", ConversationStatus.Assigned, "support", "ann", ConversationChangeKinds.Assigned);

    private InProcessSilo? _silo;
    private GrainEventHub _siloHub = null!;
    private readonly GrainEventHub _bareHub = new(TimeProvider.System);

    [GlobalSetup]
    public void Setup()
    {
        _silo = InProcessSilo.StartAsync(silo =>
        {
            silo.AddGrainEventRelay();
            silo.Services.AddSingleton(sp => new GrainEventHub(TimeProvider.System, forwarder: sp.GetRequiredService<GrainEventForwarder>()));
        }).GetAwaiter().GetResult();
        _siloHub = _silo.Events;
    }

    [GlobalCleanup]
    public void Cleanup() => _silo?.DisposeAsync().AsTask().GetAwaiter().GetResult();

    [Benchmark(Baseline = true, OperationsPerInvoke = EventsPerInvoke, Description = "publish, hub without relay")]
    public void WithoutRelay() => Publish(_bareHub);

    [Benchmark(OperationsPerInvoke = EventsPerInvoke, Description = "publish, single silo with relay")]
    public void SingleSiloWithRelay() => Publish(_siloHub);

    private static void Publish(GrainEventHub hub)
    {
        for (var i = 0; i < EventsPerInvoke; i++) hub.Publish("workspace:bench", "conversation/bench/c1", Payload);
    }
}
