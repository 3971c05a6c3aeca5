using System.Reflection;
using Microsoft.Extensions.DependencyInjection;

namespace Routing.Runtime.Types;

/// <summary>What the runtime knows of one grain class: its type name, its policies and how to construct it.</summary>
internal sealed class GrainClassInfo
{
    private readonly ObjectFactory _factory;

    public GrainClassInfo(Type grainClass)
    {
        ClassType = grainClass;
        TypeName = grainClass.GetCustomAttribute<GrainTypeAttribute>()?.Name ?? DefaultTypeName(grainClass);
        IsReentrant = grainClass.IsDefined(typeof(ReentrantAttribute), inherit: false);
        CollectionAge = grainClass.GetCustomAttribute<CollectionAgeAttribute>()?.Age;
        IsDeadlineReceiver = typeof(IDeadlineReceiver).IsAssignableFrom(grainClass);

        var constructor = grainClass.GetConstructors().OrderByDescending(c => c.GetParameters().Length).FirstOrDefault()
            ?? throw new InvalidOperationException($"Grain class {grainClass} has no public constructor.");
        StateParameters = constructor.GetParameters()
            .Select(p => (Parameter: p, Attribute: p.GetCustomAttribute<PersistentStateAttribute>()))
            .Where(x => x.Attribute is not null)
            .Select(x => new StateParameter(x.Attribute!.StateName, StateTypeOf(grainClass, x.Parameter)))
            .ToArray();
        var duplicate = StateParameters.GroupBy(s => s.StateType).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
            throw new InvalidOperationException($"Grain class {grainClass} injects two states of type {duplicate.Key}; give each state its own type.");
        _factory = ActivatorUtilities.CreateFactory(grainClass, StateParameters.Select(s => typeof(IPersistentState<>).MakeGenericType(s.StateType)).ToArray());
    }

    public Type ClassType { get; }

    public string TypeName { get; }

    public bool IsReentrant { get; }

    public TimeSpan? CollectionAge { get; }

    public bool IsDeadlineReceiver { get; }

    public IReadOnlyList<StateParameter> StateParameters { get; }

    /// <summary>Builds the grain object; <paramref name="states"/> are in <see cref="StateParameters"/> order.</summary>
    public Grain Create(IServiceProvider services, object[] states) => (Grain)_factory(services, states);

    private static string DefaultTypeName(Type grainClass)
    {
        var name = grainClass.Name;
        if (name.EndsWith("Grain", StringComparison.Ordinal) && name.Length > "Grain".Length) name = name[..^"Grain".Length];
        return name.ToLowerInvariant();
    }

    private static Type StateTypeOf(Type grainClass, ParameterInfo parameter)
    {
        var type = parameter.ParameterType;
        if (!type.IsGenericType || type.GetGenericTypeDefinition() != typeof(IPersistentState<>))
            throw new InvalidOperationException($"{grainClass}: [PersistentState] goes on an IPersistentState<T> parameter, not on {type}.");
        return type.GetGenericArguments()[0];
    }

    public sealed record StateParameter(string StateName, Type StateType);
}
