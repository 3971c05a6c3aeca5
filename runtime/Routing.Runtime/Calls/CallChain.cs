using Routing.Runtime.Activations;

namespace Routing.Runtime.Calls;

/// <summary>
/// The chain of grain requests that led to the current code, flowed with the async context. Each request is a link
/// (its activation and the request it was called from), so following a chain allocates nothing extra. It lets the
/// runtime see a call that cycles back into a grain busy with an earlier link of the same chain.
/// </summary>
internal static class CallChain
{
    private static readonly AsyncLocal<GrainRequest?> CurrentRequest = new();

    /// <summary>The request whose code is running here, if any.</summary>
    public static GrainRequest? Current
    {
        get => CurrentRequest.Value;
        set => CurrentRequest.Value = value;
    }

    /// <summary>The link of <paramref name="chain"/> running on <paramref name="target"/> and not yet completed, if any.</summary>
    public static GrainRequest? FindBusy(GrainRequest chain, GrainId target)
    {
        for (var link = chain; link is not null; link = link.Caller)
            if (link.RunningOn?.GrainId == target && !link.IsCompleted) return link;
        return null;
    }

    public static string Describe(GrainRequest chain)
    {
        var links = new List<string>();
        for (var link = chain; link is not null; link = link.Caller) links.Add($"{link.RunningOn?.GrainId}.{link.MethodName}");
        links.Reverse();
        return string.Join(" -> ", links);
    }
}
