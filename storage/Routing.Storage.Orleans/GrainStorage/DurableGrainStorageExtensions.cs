using Orleans;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Runtime;
using Orleans.Runtime.Hosting;

namespace Routing.Storage.Orleans.GrainStorage;

public static class DurableGrainStorageExtensions
{
    /// <summary>
    /// Registers our durable store (the <see cref="IDurableStore"/> in DI: SQLite or PostgreSQL) as the Orleans grain
    /// storage named <paramref name="name"/>; "Default" also makes it the storage of states that name none.
    /// </summary>
    public static IServiceCollection AddDurableGrainStorage(this IServiceCollection services, string name, Action<DurableGrainStorageOptions> configure)
    {
        var options = new DurableGrainStorageOptions();
        configure(options);
        return services.AddGrainStorage(name, (sp, _) => new DurableGrainStorage(
            sp.GetRequiredService<IDurableStore>(), options, sp.GetRequiredService<IGrainContextAccessor>()));
    }
}
