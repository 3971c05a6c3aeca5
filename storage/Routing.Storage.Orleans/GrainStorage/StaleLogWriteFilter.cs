using Orleans;
using Orleans.Storage;

namespace Routing.Storage.Orleans.GrainStorage;

/// <summary>
/// Makes a refused log append fence its activation as a refused state write does: a <see cref="VersionConflictException"/>
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
        catch (VersionConflictException conflict)
        {
            // Without the store's exception as inner: only Orleans' type crosses to callers on other silos.
            throw new InconsistentStateException($"Stale activation: {conflict.Message}",
                conflict.StoredVersion?.ToString(System.Globalization.CultureInfo.InvariantCulture), currentEtag: (string?)null);
        }
    }
}
