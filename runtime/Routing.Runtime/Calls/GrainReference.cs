using System.Reflection;
using Routing.Runtime.Activations;
using Routing.Runtime.Types;

namespace Routing.Runtime.Calls;

/// <summary>
/// The proxy behind a grain interface (Orleans' generated GrainReference), built with the framework's DispatchProxy.
/// It remembers the activation it last reached so a hot reference skips the directory lookup.
/// </summary>
public class GrainReference : DispatchProxy
{
    private GrainRuntime? _runtime;
    private GrainInterfaceInfo? _interface;
    private Activation? _activation;

    public GrainId GrainId { get; private set; }

    internal void Initialize(GrainRuntime runtime, GrainInterfaceInfo grainInterface, GrainId grainId)
    {
        _runtime = runtime;
        _interface = grainInterface;
        GrainId = grainId;
    }

    internal GrainClassInfo GrainClass => _interface!.GrainClass;

    /// <summary>The cached activation, if it is still the live one.</summary>
    internal Activation? CachedActivation
    {
        get => _activation is { State: not ActivationState.Invalid } cached ? cached : null;
        set => _activation = value;
    }

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        if (targetMethod is null || !_interface!.Methods.TryGetValue(targetMethod, out var method))
            throw new NotSupportedException($"{targetMethod?.Name} is not a grain method of {_interface?.InterfaceType}.");
        var call = method.CreateRequest(args ?? []);
        _runtime!.Dispatch(this, call.Request);
        if (!method.IsOneWay) return call.CallerResult;
        return call.CallerResult is ValueTask ? ValueTask.CompletedTask : Task.CompletedTask;
    }

    public override bool Equals(object? obj) => obj is GrainReference other && other.GrainId == GrainId;

    public override int GetHashCode() => GrainId.GetHashCode();

    public override string ToString() => GrainId.ToString();
}
