using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Routing.Storage.Orleans.Deadlines;

/// <summary>
/// One attempt at a due deadline: a normal grain call to <see cref="IDeadlineReceiver.ReceiveDeadline"/> (activating the
/// grain if needed), then the row's delete by token, so a replacement stored meanwhile is never deleted (and when this
/// silo knows of one, the delete, which would find nothing, is not issued at all). At most
/// <see cref="DeadlineOptions.MaxConcurrentDeliveries"/> handlers run at once; the others wait for a slot. The deletes
/// do not hold a slot: group commit batches them while the next handlers run.
/// </summary>
internal sealed class DeadlineDelivery(
    IGrainFactory grains, IDurableStore store, DeadlineAgenda agenda, IOptions<DeadlineOptions> options, ILogger<DeadlineDelivery> logger)
{
    private readonly SemaphoreSlim _slots = new(options.Value.MaxConcurrentDeliveries);
    private readonly object _gate = new();
    private int _running;
    private TaskCompletionSource? _drained;

    /// <summary>
    /// True once the handler succeeded and the row is deleted; false when either failed (logged). Throws
    /// <see cref="OperationCanceledException"/> when <paramref name="stopping"/> fires before a slot is free.
    /// </summary>
    public async Task<bool> TryDeliverAsync(PendingDeadline deadline, CancellationToken stopping)
    {
        lock (_gate) _running++; // counted while it waits for a slot too: it is under way
        var record = deadline.Record;
        var holdsSlot = false;
        try
        {
            await _slots.WaitAsync(stopping).ConfigureAwait(false);
            holdsSlot = true;
            try
            {
                var tick = new DeadlineTick(record.Name, record.DueAt, record.Payload, deadline.Attempt);
                await grains.GetGrain<IDeadlineReceiver>(deadline.Key.Grain).ReceiveDeadline(tick).ConfigureAwait(false);
            }
            finally
            {
                _slots.Release(); // the slot bounds handlers, not deletes
            }
            if (!agenda.Replaced(deadline))
                await store.DeleteDeadlineAsync(record.GrainType, record.GrainKey, record.Name, record.Token, CancellationToken.None).ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException) when (!holdsSlot)
        {
            throw; // stopping before its turn came
        }
        catch (Exception exception)
        {
            logger.LogWarning(exception, "Deadline {Name} of {Grain} failed on attempt {Attempt}", record.Name, deadline.Key.Grain, deadline.Attempt);
            return false;
        }
        finally
        {
            TaskCompletionSource? drained = null;
            lock (_gate)
            {
                if (--_running == 0) (drained, _drained) = (_drained, null);
            }
            drained?.TrySetResult();
        }
    }

    /// <summary>Deliveries under way (waiting for a slot, in their grain call or their delete).</summary>
    public int Running
    {
        get { lock (_gate) return _running; }
    }

    /// <summary>Completes once no attempt is running (those waiting for a slot are the caller's to cancel).</summary>
    public Task DrainedAsync()
    {
        lock (_gate)
        {
            if (_running == 0) return Task.CompletedTask;
            _drained ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            return _drained.Task;
        }
    }
}
