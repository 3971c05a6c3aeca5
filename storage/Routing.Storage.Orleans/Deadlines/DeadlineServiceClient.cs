using Microsoft.Extensions.Logging;
using Orleans.Runtime.Services;

namespace Routing.Storage.Orleans.Deadlines;

/// <summary>
/// <see cref="IGrainDeadlines"/> for grains: writes the deadline to storage first (so it is durable when the call
/// returns), then tells the deadline service owning the grain's ring position, which holds it if it is due within its
/// window.
/// </summary>
internal sealed class DeadlineServiceClient(IServiceProvider services, IDurableStore store, ILogger<DeadlineServiceClient> logger)
    : GrainServiceClient<IDeadlineService>(services), IGrainDeadlines
{
    public async Task ScheduleAsync(GrainId grain, string name, DateTimeOffset dueAt, string? payload = null, GrainId writer = default)
    {
        CheckArguments(grain, name);
        var hash = GrainHashes.Of(grain);
        var record = new DeadlineRecord(grain.Type.ToString()!, grain.Key.ToString()!, name, StorageTime.Normalize(dueAt), payload, Guid.NewGuid(), hash);
        await store.UpsertDeadlineAsync(record, writer: writer.IsDefault ? null : (writer.Type.ToString()!, writer.Key.ToString()!));
        await TellOwnerAsync(hash, grain, name, owner => owner.Stored(grain, name, record.DueAt, payload, record.Token));
    }

    public async Task CancelAsync(GrainId grain, string name)
    {
        CheckArguments(grain, name);
        await store.DeleteDeadlineAsync(grain.Type.ToString()!, grain.Key.ToString()!, name);
        await TellOwnerAsync(GrainHashes.Of(grain), grain, name, owner => owner.Cancelled(grain, name));
    }

    private static void CheckArguments(GrainId grain, string name)
    {
        if (grain.IsDefault) throw new ArgumentException("A deadline needs its grain's id.", nameof(grain));
        ArgumentException.ThrowIfNullOrEmpty(name);
    }

    // Storage already has the change, so a failure here is not the caller's: the owner's next refill catches up.
    private async Task TellOwnerAsync(uint hash, GrainId grain, string name, Func<IDeadlineService, Task> tell)
    {
        try
        {
            await tell(GetGrainService(hash));
        }
        catch (Exception exception)
        {
            logger.LogWarning(exception, "Deadline {Name} of {Grain} is stored, but its owner could not be told; its next refill loads it", name, grain);
        }
    }
}
