using System.Diagnostics.Metrics;
using System.Text.Json.Serialization.Metadata;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Routing.Runtime.Events;
using Routing.Runtime.Metrics;

namespace Routing.Runtime;

public static class GrainRuntimeServiceCollectionExtensions
{
    /// <summary>
    /// Adds the grain runtime as a hosted service and as <see cref="IGrainFactory"/>. Time comes from the
    /// registered <see cref="TimeProvider"/> (System unless a test registers its own).
    /// </summary>
    public static IServiceCollection AddGrainRuntime(this IServiceCollection services, Action<GrainRuntimeBuilder> configure)
    {
        var registration = new GrainRuntimeRegistration();
        configure(new GrainRuntimeBuilder(services, registration));
        services.AddSingleton(registration);
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<GrainRuntimeOptions>();
        // State JSON comes only from source-generated metadata: an unknown state type fails loudly, no reflection fallback.
        services.AddSingleton<IPostConfigureOptions<GrainRuntimeOptions>>(new PostConfigureOptions<GrainRuntimeOptions>(Options.DefaultName,
            options => options.StateJsonOptions.TypeInfoResolver = JsonTypeInfoResolver.Combine([.. registration.StateJsonResolvers])));
        services.TryAddSingleton(sp => new GrainRuntimeMetrics(sp.GetService<IMeterFactory>()));
        services.TryAddSingleton(sp => new GrainEventHub(sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<IOptions<GrainRuntimeOptions>>().Value.EventSubscriptionCapacity));
        services.TryAddSingleton<GrainRuntime>();
        services.TryAddSingleton<IGrainFactory>(sp => sp.GetRequiredService<GrainRuntime>());
        services.AddSingleton<IHostedService>(sp => sp.GetRequiredService<GrainRuntime>());
        return services;
    }
}
