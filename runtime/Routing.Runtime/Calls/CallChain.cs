using Routing.Runtime.Activations;

namespace Routing.Runtime.Calls;

/// <summary>
/// The chain of grain requests that led to the current code, flowed with the async context.
/// Lets the runtime see a call that cycles back into a grain busy with an earlier link of the same chain.
/// </summary>
internal sealed class CallChain(Activation activation, GrainRequest request, CallChain? parent)
{
    private static readonly AsyncLocal<CallChain?> CurrentChain = new();

    public static CallChain? Current
    {
        get => CurrentChain.Value;
        set => CurrentChain.Value = value;
    }

    public Activation Activation { get; } = activation;

    public GrainRequest Request { get; } = request;

    public CallChain? Parent { get; } = parent;

    /// <summary>The link whose activation is <paramref name="target"/> and whose request still runs, if any.</summary>
    public CallChain? FindBusy(GrainId target)
    {
        for (var link = this; link is not null; link = link.Parent)
            if (link.Activation.GrainId == target && !link.Request.IsCompleted) return link;
        return null;
    }

    public override string ToString()
    {
        var ids = new List<string>();
        for (var link = this; link is not null; link = link.Parent) ids.Add($"{link.Activation.GrainId}.{link.Request.MethodName}");
        ids.Reverse();
        return string.Join(" -> ", ids);
    }
}
