namespace Routing.Runtime;

/// <summary>Names a grain class's type in ids and storage (stable across renames of the class).</summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class GrainTypeAttribute(string name) : Attribute
{
    public string Name { get; } = name;
}

/// <summary>All requests to this grain may interleave at their awaits (Orleans [Reentrant]).</summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class ReentrantAttribute : Attribute;

/// <summary>
/// Marks an interface method as not changing state: read-only requests interleave with each other
/// (never with a writing request), so a hot grain can serve many readers at once.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class ReadOnlyAttribute : Attribute;

/// <summary>Idle age after which activations of this grain class are collected (overrides the runtime default).</summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class CollectionAgeAttribute(double minutes) : Attribute
{
    public TimeSpan Age { get; } = TimeSpan.FromMinutes(minutes);
}

/// <summary>On a grain constructor parameter of type IPersistentState&lt;T&gt;: the named state record to inject.</summary>
[AttributeUsage(AttributeTargets.Parameter)]
public sealed class PersistentStateAttribute(string stateName) : Attribute
{
    public string StateName { get; } = stateName;
}

/// <summary>
/// Marks a Task/ValueTask interface method as a one-way notification (Orleans [OneWay]): the caller's task completes
/// as soon as the call is queued, the call carries no call chain (so the callee may call back into the sender), and
/// an exception in the callee is logged, not returned.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class OneWayAttribute : Attribute;
