using System.Reflection;
using Routing.Grains;

namespace Routing.Silo.Hosting;

/// <summary>The grain classes the silo hosts, by the grain type names configuration uses ("conversation", ...).</summary>
public static class GrainClasses
{
    private static readonly Lazy<IReadOnlyDictionary<string, Type>> ByTypeName = new(() =>
        GrainsAssembly.Assembly.GetTypes()
            .Select(t => (Type: t, Attribute: t.GetCustomAttribute<GrainTypeAttribute>()))
            .Where(x => x.Attribute is not null)
            .ToDictionary(x => x.Attribute!.GetGrainType(null!, x.Type).ToString()!, x => x.Type, StringComparer.Ordinal));

    public static IEnumerable<string> TypeNames => ByTypeName.Value.Keys;

    public static Type? Named(string grainType) => ByTypeName.Value.GetValueOrDefault(grainType);
}
