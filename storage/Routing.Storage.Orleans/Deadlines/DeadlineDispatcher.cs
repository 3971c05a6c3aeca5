using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Routing.Storage.Orleans.Deadlines;

/// <summary>
/// Fires the held deadlines when due, behind one timer armed for the earliest: a due deadline is delivered, then dropped
/// from memory; a failed one is put back with doubling backoff. Deliveries left unfinished at shutdown stay stored and
/// fire after the restart.
/// </summary>
internal sealed class DeadlineDispatcher(
    DeadlineAgenda agenda,
    DeadlineDelivery delivery,
    DeadlineCounters counters,
    IOptions<DeadlineOptions> options,
    [FromKeyedServices(DeadlineOptions.TimeProviderKey)] TimeProvider time) : IAsyncDisposable
{
    private readonly DeadlineOptions _options = options.Value;
    private readonly object _gate = new();
    private readonly CancellationTokenSource _stopping = new();
    private ITimer? _timer;
    private DateTimeOffset? _armedFor;
    private bool _takeQueued;
    private bool _stopped;

    public TimeProvider Time => time;

    /// <summary>True while due deadlines were taken (or are about to be) but not yet handed to the delivery.</summary>
    public bool Dispatching
    {
        get { lock (_gate) return _takeQueued || _handing > 0; }
    }

    private int _handing;

    /// <summary>Arms the timer for the earliest held deadline; one already due is taken at once, off the caller's thread.</summary>
    public void Arm()
    {
        if (agenda.NextDueAt() is not { } next) return;
        lock (_gate)
        {
            if (_stopped) return;
            var delay = next - time.GetUtcNow();
            if (delay <= TimeSpan.Zero)
            {
                // Never a zero-delay timer: a fake clock would run it inline, here, under the lock.
                if (!_takeQueued) ThreadPool.UnsafeQueueUserWorkItem(static d => d.TakeDue(), this, preferLocal: false);
                _takeQueued = true;
                return;
            }
            if (_armedFor is { } armed && armed <= next) return;
            _armedFor = next;
            _timer ??= time.CreateTimer(static d => ((DeadlineDispatcher)d!).TakeDue(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            _timer.Change(delay, Timeout.InfiniteTimeSpan);
        }
    }

    /// <summary>Stops firing. With <paramref name="drain"/>, waits for the handlers already running.</summary>
    public async Task StopAsync(bool drain)
    {
        lock (_gate)
        {
            if (_stopped) return;
            _stopped = true;
            _timer?.Dispose();
        }
        await _stopping.CancelAsync();
        if (drain) await delivery.DrainedAsync();
    }

    public async ValueTask DisposeAsync() => await StopAsync(drain: false);

    private void TakeDue()
    {
        lock (_gate)
        {
            _armedFor = null;
            _takeQueued = false;
            if (_stopped) return;
        }
        var due = agenda.TakeDue(time.GetUtcNow());
        if (due.Count > 0)
        {
            counters.AddTaken(due.Count);
            lock (_gate) _handing++;
            // Started off this thread: a fake clock calls us inside its Advance, which should stay short.
            ThreadPool.UnsafeQueueUserWorkItem(static d => d.Dispatcher.Deliver(d.Due), (Dispatcher: this, Due: due), preferLocal: false);
        }
        Arm();
    }

    private void Deliver(List<PendingDeadline> due)
    {
        foreach (var deadline in due) _ = DeliverAsync(deadline);
        lock (_gate) _handing--;
    }

    private async Task DeliverAsync(PendingDeadline deadline)
    {
        deadline.Attempt++;
        bool delivered;
        try
        {
            delivered = await delivery.TryDeliverAsync(deadline, _stopping.Token);
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
            return; // stopping before its turn came: it stays stored and fires after the restart
        }
        // Counted last: whoever watches the counters then finds the agenda and the timer already up to date.
        if (delivered)
        {
            agenda.Delivered(deadline);
            counters.AddDelivered();
            return;
        }
        agenda.Retry(deadline, time.GetUtcNow() + _options.BackoffAfter(deadline.Attempt));
        Arm();
        counters.AddFailed();
    }
}
