using System.Reflection;
using Routing.GrainInterfaces;
using Routing.GrainInterfaces.Events;

namespace Routing.Grains.Tests.Contracts;

/// <summary>
/// What crosses a grain call: the parameters and results of every method of every grain interface (and grain service
/// interface: the event relay), walked through generic arguments (Task&lt;T&gt;, nullables, collections), the public
/// properties of our own types and every implementation of our own interfaces (the event payloads), plus the
/// exceptions the contracts define. Each of our own types (namespace Routing.*) comes with the first path that reached it,
/// so a failing check names where the type is used; every other type reached is a leaf (string, DateTimeOffset, List ...).
/// </summary>
public sealed class ContractGraph
{
    public static Assembly ContractAssembly => typeof(IConversationGrain).Assembly;

    public static ContractGraph FromGrainInterfaces { get; } = Walk();

    /// <summary>Our own types with the path that reached each one first.</summary>
    public IReadOnlyDictionary<Type, string> OwnTypes => _own;

    /// <summary>Types of others (the BCL) reached, with a path: Orleans must serialize each out of the box.</summary>
    public IReadOnlyDictionary<Type, string> ForeignTypes => _foreign;

    private readonly Dictionary<Type, string> _own = [];
    private readonly Dictionary<Type, string> _foreign = [];

    public static IEnumerable<Type> GrainInterfaces => ContractAssembly.GetExportedTypes().Where(t => t.IsInterface &&
        (typeof(Orleans.IGrain).IsAssignableFrom(t) || typeof(Orleans.Services.IGrainService).IsAssignableFrom(t)));

    /// <summary>The event hub and its subscriptions: machinery of one process, never sent anywhere.</summary>
    public static IReadOnlySet<Type> ProcessLocal { get; } = new HashSet<Type> { typeof(GrainEventHub), typeof(GrainEventSubscription) };

    public static bool IsOwn(Type type) => type.Namespace?.StartsWith("Routing", StringComparison.Ordinal) == true;

    private static ContractGraph Walk()
    {
        var graph = new ContractGraph();
        foreach (var grain in GrainInterfaces)
        foreach (var method in grain.GetMethods())
        {
            foreach (var parameter in method.GetParameters())
                graph.Visit(parameter.ParameterType, $"{grain.Name}.{method.Name}({parameter.Name})");
            graph.Visit(method.ReturnType, $"{grain.Name}.{method.Name} result");
        }
        // Exceptions travel back to the caller; no signature names them.
        foreach (var exception in ContractAssembly.GetExportedTypes().Where(t => typeof(Exception).IsAssignableFrom(t) && IsOwn(t)))
            graph.Visit(exception, "thrown to callers");
        return graph;
    }

    private void Visit(Type type, string path)
    {
        if (type.IsArray)
        {
            Visit(type.GetElementType()!, path + "[]");
            return;
        }
        if (type.IsGenericType)
            foreach (var argument in type.GetGenericArguments())
                Visit(argument, $"{path}<{argument.Name}>");
        if (!IsOwn(type))
        {
            _foreign.TryAdd(type.IsGenericType ? type.GetGenericTypeDefinition() : type, path);
            return;
        }
        if (!_own.TryAdd(type, path)) return;
        if (type.IsInterface)
        {
            // Declared as an interface (an event's payload): any implementation may be what crosses.
            foreach (var implementation in ContractAssembly.GetExportedTypes().Where(t => !t.IsInterface && type.IsAssignableFrom(t)))
                Visit(implementation, $"{path} as {implementation.Name}");
            return;
        }
        // Declared only: an exception's base members (message, stack trace ...) are Orleans' ExceptionCodec's business.
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly))
            Visit(property.PropertyType, $"{path}.{property.Name}");
    }
}
