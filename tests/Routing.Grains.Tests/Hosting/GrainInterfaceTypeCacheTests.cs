using Microsoft.Extensions.DependencyInjection;
using Orleans.Metadata;
using Routing.GrainInterfaces;
using Routing.Grains.Tests.Grains;

namespace Routing.Grains.Tests.Hosting;

/// <summary>An interface named by attribute, as Orleans lets one be: the cache must give Orleans' answer, not the convention's.</summary>
[GrainInterfaceType("routing-test.renamed")]
public interface IRenamedTestGrain : IGrainWithStringKey
{
    Task<int> Ping();
}

/// <summary>
/// The routing silo answers "which grain interface type is this?" from a cache placed ahead of Orleans' own providers;
/// its answers must be exactly Orleans' (an interface's type names it in every message and in the cluster's manifest).
/// </summary>
public sealed class GrainInterfaceTypeCacheTests : IAsyncLifetime
{
    private readonly TempDatabase _database = new();
    private Routing.Testing.TestSilo _silo = null!;

    public async Task InitializeAsync() => _silo = await GrainTestSilo.StartAsync(_database.DatabasePath);

    public async Task DisposeAsync()
    {
        await _silo.StopAsync();
        _database.Dispose();
    }

    public static TheoryData<Type> RoutingGrainInterfaces()
    {
        var data = new TheoryData<Type>();
        foreach (var type in typeof(IDepartmentGrain).Assembly.GetTypes().Where(t => t.IsInterface && typeof(IGrain).IsAssignableFrom(t) && !t.IsGenericType))
            data.Add(type);
        return data;
    }

    [Theory]
    [MemberData(nameof(RoutingGrainInterfaces))]
    public void Each_routing_grain_interface_gets_the_type_Orleans_convention_gives_it_and_always_the_same(Type grainInterface)
    {
        var resolver = _silo.Services.GetRequiredService<GrainInterfaceTypeResolver>();

        var first = resolver.GetGrainInterfaceType(grainInterface);

        Assert.Equal(resolver.GetGrainInterfaceTypeByConvention(grainInterface), first);
        Assert.Equal(first, resolver.GetGrainInterfaceType(grainInterface));
    }

    [Fact]
    public void An_interface_named_by_attribute_keeps_its_name()
    {
        var resolver = _silo.Services.GetRequiredService<GrainInterfaceTypeResolver>();

        Assert.Equal("routing-test.renamed", resolver.GetGrainInterfaceType(typeof(IRenamedTestGrain)).ToString());
        Assert.Equal("routing-test.renamed", resolver.GetGrainInterfaceType(typeof(IRenamedTestGrain)).ToString());
    }

    [Fact]
    public void The_cache_is_asked_first_and_answers_for_every_interface()
    {
        var first = _silo.Services.GetServices<IGrainInterfaceTypeProvider>().First();

        // Orleans' attribute provider, asked first, would refuse an interface without the attribute.
        Assert.True(first.TryGetGrainInterfaceType(typeof(IDepartmentGrain), out var type));
        Assert.Equal(_silo.Services.GetRequiredService<GrainInterfaceTypeResolver>().GetGrainInterfaceTypeByConvention(typeof(IDepartmentGrain)), type);
    }
}
