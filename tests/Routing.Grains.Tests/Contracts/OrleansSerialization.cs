using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;
using Orleans.Serialization.TypeSystem;

namespace Routing.Grains.Tests.Contracts;

/// <summary>
/// Orleans' serializer, copier and type names as a silo sets them up, with the grain contracts' generated code. Values go
/// through them as their declared type, as a grain call's request and response carry its arguments and result: a
/// collection declared IReadOnlyList&lt;T&gt; then comes back a List&lt;T&gt; whatever list type was sent.
/// </summary>
public static class OrleansSerialization
{
    private static readonly ServiceProvider Services = new ServiceCollection()
        .AddSerializer(serializer => serializer.AddAssembly(ContractGraph.ContractAssembly))
        .BuildServiceProvider();

    public static TypeConverter TypeNames { get; } = Services.GetRequiredService<TypeConverter>();

    /// <summary>Through the wire format and back, as a call to another silo carries <paramref name="value"/>.</summary>
    public static T RoundTrip<T>(T value)
    {
        var serializer = Services.GetRequiredService<Serializer<T>>();
        return serializer.Deserialize(serializer.SerializeToArray(value))!;
    }

    /// <summary>The copy a call within the silo hands the callee.</summary>
    public static T Copy<T>(T value) => Services.GetRequiredService<DeepCopier<T>>().Copy(value)!;
}
