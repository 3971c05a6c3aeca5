using Orleans;
using Orleans.Storage;

namespace Routing.Storage.Orleans.GrainStorage;

/// <summary>
/// Makes a refused log append fence its activation as a refused state write does: a <see cref="StaleWrite"/> conflict
/// escaping a grain call (a duplicate activation appended a sequence this one also took) becomes Orleans'
/// <see cref="InconsistentStateException"/>, so Orleans drops the stale activation at once and callers see one fencing
/// exception (the client API answers both 503: retry, and the retry reaches an activation that read the winner's rows).
/// </summary>
internal sealed class StaleLogWriteFilter : IIncomingGrainCallFilter
{
    public Task Invoke(IIncomingGrainCallContext context)
    {
        var call = context.Invoke();
        return call.IsCompletedSuccessfully ? Task.CompletedTask : Fenced(call);
    }

    private static async Task Fenced(Task call)
    {
        try
        {
            await call;
        }
        catch (Exception failure) when (StaleWrite.ConflictOf(failure) is { } conflict)
        {
            throw StaleWrite.Fencing("Stale activation", conflict, currentEtag: null);
        }
    }
}
