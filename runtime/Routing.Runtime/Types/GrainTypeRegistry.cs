using System.Collections.Concurrent;
using System.Reflection;

namespace Routing.Runtime.Types;

/// <summary>Maps grain interfaces to their one implementing class, and interface methods to their call plumbing.</summary>
internal sealed class GrainTypeRegistry
{
    private readonly Dictionary<Type, GrainClassInfo> _classByInterface = new();
    private readonly Dictionary<string, GrainClassInfo> _classByTypeName = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<Type, GrainInterfaceInfo> _interfaces = new();
    private readonly Metrics.GrainRuntimeMetrics _metrics;

    public GrainTypeRegistry(IEnumerable<Type> grainClasses, Metrics.GrainRuntimeMetrics metrics)
    {
        _metrics = metrics;
        foreach (var grainClass in grainClasses.Distinct())
        {
            if (!typeof(Grain).IsAssignableFrom(grainClass) || grainClass.IsAbstract)
                throw new InvalidOperationException($"{grainClass} is not a concrete Grain class.");
            var info = new GrainClassInfo(grainClass);
            if (!_classByTypeName.TryAdd(info.TypeName, info))
                throw new InvalidOperationException($"Grain type name '{info.TypeName}' is used by both {_classByTypeName[info.TypeName].ClassType} and {grainClass}.");
            foreach (var grainInterface in grainClass.GetInterfaces().Where(IsGrainInterface))
            {
                if (!_classByInterface.TryAdd(grainInterface, info))
                    throw new InvalidOperationException($"Grain interface {grainInterface} is implemented by both {_classByInterface[grainInterface].ClassType} and {grainClass}.");
            }
        }
    }

    public IEnumerable<GrainClassInfo> Classes => _classByTypeName.Values;

    public GrainClassInfo GetClass(string typeName) =>
        _classByTypeName.TryGetValue(typeName, out var info) ? info
            : throw new InvalidOperationException($"No grain class has the type name '{typeName}'.");

    public GrainInterfaceInfo GetInterface(Type grainInterface) => _interfaces.GetOrAdd(grainInterface, BuildInterface);

    private GrainInterfaceInfo BuildInterface(Type grainInterface)
    {
        if (!_classByInterface.TryGetValue(grainInterface, out var grainClass))
            throw new InvalidOperationException($"No registered grain class implements {grainInterface}. Register its assembly with AddGrainRuntime.");
        var methods = new Dictionary<MethodInfo, GrainMethod>();
        foreach (var method in AllMethods(grainInterface))
            methods[method] = new GrainMethod(grainInterface, method, _metrics.ForMethod(grainClass.TypeName, method.Name));
        return new GrainInterfaceInfo(grainInterface, grainClass, methods);
    }

    private static bool IsGrainInterface(Type type) =>
        typeof(IGrain).IsAssignableFrom(type) && type != typeof(IGrain) && type != typeof(IGrainWithStringKey);

    private static IEnumerable<MethodInfo> AllMethods(Type grainInterface) =>
        new[] { grainInterface }.Concat(grainInterface.GetInterfaces().Where(IsGrainInterface)).SelectMany(t => t.GetMethods());
}

/// <summary>A grain interface, its implementing class and its methods.</summary>
internal sealed record GrainInterfaceInfo(Type InterfaceType, GrainClassInfo GrainClass, IReadOnlyDictionary<MethodInfo, GrainMethod> Methods);
