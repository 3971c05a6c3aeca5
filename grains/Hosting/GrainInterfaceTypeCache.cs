using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Metadata;

namespace Routing.Grains.Hosting;

/// <summary>
/// Remembers each grain interface's <see cref="GrainInterfaceType"/>. Orleans works it out again on every
/// <c>GetGrain</c> (reflection over the interface's attributes, then its type name formatted by convention), which was a
/// tenth of everything a routing decision allocated; the answer never changes while the process runs.
/// Registered ahead of Orleans' own providers and asks them, then the convention, the first time it meets a type.
/// </summary>
internal sealed class GrainInterfaceTypeCache(IServiceProvider services) : IGrainInterfaceTypeProvider
{
    private readonly ConcurrentDictionary<Type, GrainInterfaceType> _known = new();

    public bool TryGetGrainInterfaceType(Type type, out GrainInterfaceType grainInterfaceType)
    {
        grainInterfaceType = _known.GetOrAdd(type, Resolve);
        return true;
    }

    private GrainInterfaceType Resolve(Type type)
    {
        foreach (var provider in services.GetServices<IGrainInterfaceTypeProvider>())
            if (provider != this && provider.TryGetGrainInterfaceType(type, out var fromProvider)) return fromProvider;
        return services.GetRequiredService<GrainInterfaceTypeResolver>().GetGrainInterfaceTypeByConvention(type);
    }

    /// <summary>Puts the cache first among the interface type providers: the resolver asks them in registration order.</summary>
    public static void Register(IServiceCollection services)
    {
        var descriptor = ServiceDescriptor.Singleton<IGrainInterfaceTypeProvider, GrainInterfaceTypeCache>();
        var first = services.Select((d, i) => (d, i)).FirstOrDefault(x => x.d.ServiceType == typeof(IGrainInterfaceTypeProvider));
        if (first.d is null) services.Add(descriptor);
        else services.Insert(first.i, descriptor);
    }
}
