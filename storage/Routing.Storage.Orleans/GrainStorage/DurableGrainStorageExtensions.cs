using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Orleans;
using Orleans.Runtime;
using Orleans.Runtime.Hosting;

namespace Routing.Storage.Orleans.GrainStorage;

public static class DurableGrainStorageExtensions
{
    /// <summary>
    /// Registers our durable store (the <see cref="IDurableStore"/> in DI: SQLite or PostgreSQL) as the Orleans grain
    /// storage named <paramref name="name"/>; "Default" also makes it the storage of states that name none. The silo
    /// initializes the store (schema) as it starts. A log append refused as stale fences its activation like a state
    /// write (<see cref="StaleLogWriteFilter"/>). More state JSON can be added later with
    /// <c>services.Configure&lt;DurableGrainStorageOptions&gt;(name, o =&gt; o.AddStateJson(...))</c>.
    /// </summary>
    public static IServiceCollection AddDurableGrainStorage(this IServiceCollection services, string name, Action<DurableGrainStorageOptions> configure)
    {
        services.AddOptions<DurableGrainStorageOptions>(name).Configure(configure);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ILifecycleParticipant<ISiloLifecycle>, DurableStoreLifecycle>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IIncomingGrainCallFilter, StaleLogWriteFilter>());
        return services.AddGrainStorage(name, (sp, storageName) => new DurableGrainStorage(
            sp.GetRequiredService<IDurableStore>(),
            sp.GetRequiredService<IOptionsMonitor<DurableGrainStorageOptions>>().Get(storageName),
            sp.GetRequiredService<IGrainContextAccessor>()));
    }
}
