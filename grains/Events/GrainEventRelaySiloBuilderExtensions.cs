using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Routing.Grains.Events;

public static class GrainEventRelaySiloBuilderExtensions
{
    /// <summary>
    /// The silo's event relay: <see cref="GrainEventForwarder"/> (give it to the silo's
    /// <see cref="GrainInterfaces.Events.GrainEventHub"/>) sends what is published here to the other silos, whose
    /// <see cref="GrainEventRelay"/> hands it to their hub.
    /// </summary>
    public static ISiloBuilder AddGrainEventRelay(this ISiloBuilder silo, Action<GrainEventRelayOptions>? configure = null)
    {
        var options = silo.Services.AddOptions<GrainEventRelayOptions>()
            .Validate(o => o is { QueueCapacity: > 0, MaxBatchSize: > 0, MaxDroppedTopics: > 0 }, "The event relay's capacity, batch size and dropped topics must be positive.")
            .ValidateOnStart();
        if (configure is not null) options.Configure(configure);
        silo.Services.TryAddSingleton<InboundEventStreams>();
        silo.Services.TryAddSingleton<GrainEventForwarder>();
        silo.Services.TryAddEnumerable(ServiceDescriptor.Singleton<ILifecycleParticipant<ISiloLifecycle>, GrainEventForwarder>(
            sp => sp.GetRequiredService<GrainEventForwarder>()));
        return silo.AddGrainService<GrainEventRelay>();
    }
}
