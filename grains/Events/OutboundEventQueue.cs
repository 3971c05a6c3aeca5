using Orleans.Runtime;
using Routing.GrainInterfaces.Events;

namespace Routing.Grains.Events;

/// <summary>
/// The events of this silo waiting to go to one other silo, taken off in numbered batches by one sender at a time (the
/// caller of <see cref="Enqueue"/>, <see cref="Open"/> or <see cref="End"/> that gets true starts it; it calls
/// <see cref="TakeBatch"/> until null). Bounded: when the receiver is slow or gone, what does not fit is dropped and the
/// next batch names its topics, so the receiver cuts off their subscriptions instead of their missing events silently.
/// </summary>
public sealed class OutboundEventQueue(SiloAddress sender, SiloAddress destination, int capacity, int maxBatch, int maxDroppedTopics)
{
    private readonly Lock _gate = new();
    private readonly TaskCompletionSource _finished = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private List<GrainEvent> _pending = [];
    private HashSet<string>? _droppedTopics;
    private bool _droppedUntracked;
    private long _nextSequence = 1;
    private bool _opened, _startedLate, _sending, _ending, _lastSent, _closed;

    public SiloAddress Destination { get; } = destination;

    /// <summary>Completes once the last batch went out after <see cref="End"/>, or at <see cref="Close"/>.</summary>
    public Task Finished => _finished.Task;

    /// <summary>Events dropped so far because the queue was full (or ended).</summary>
    public long Dropped { get; private set; }

    /// <summary>Queues an event; true when the caller must start sending.</summary>
    public bool Enqueue(GrainEvent published)
    {
        lock (_gate)
        {
            if (_closed) return false;
            if (_pending.Count < capacity && !_lastSent) _pending.Add(published);
            else Drop(published.Topic);
            return StartSending();
        }
    }

    /// <summary>
    /// Lets batches go, the first telling the receiver whether events were published before this queue existed (the
    /// caller knows only once the queue is in place for every later event).
    /// </summary>
    public bool Open(bool startedLate)
    {
        lock (_gate)
        {
            _opened = true;
            _startedLate = startedLate;
            return StartSending();
        }
    }

    /// <summary>This silo is stopping: what is queued goes out, the last batch says so, and nothing more is queued.</summary>
    public bool End()
    {
        lock (_gate)
        {
            _ending = true;
            if (!_opened) (_opened, _startedLate) = (true, true); // not known yet: say so
            return StartSending();
        }
    }

    /// <summary>The receiver left the cluster: nothing more goes to it.</summary>
    public void Close()
    {
        lock (_gate)
        {
            _closed = true;
            _pending = [];
            _droppedTopics = null;
        }
        _finished.TrySetResult();
    }

    /// <summary>The next batch to send, or null when there is none (the sender then stops).</summary>
    public GrainEventBatch? TakeBatch()
    {
        lock (_gate)
        {
            if (_closed || _lastSent || !_opened) return StopSending();
            var first = _nextSequence == 1; // sent even when empty: the receiver learns at once whether it missed events
            var news = _pending.Count > 0 || _droppedTopics is not null || _droppedUntracked;
            if (!news && !first && !_ending) return StopSending();
            List<GrainEvent> events;
            if (_pending.Count <= maxBatch) (events, _pending) = (_pending, []);
            else
            {
                events = _pending.GetRange(0, maxBatch);
                _pending.RemoveRange(0, maxBatch);
            }
            // Too many topics to name: a skipped number makes the receiver treat it as a lost batch (all its subscriptions).
            if (_droppedUntracked) _nextSequence++;
            var batch = new GrainEventBatch(sender, _nextSequence++, events)
            {
                StartedLate = first && _startedLate,
                DroppedTopics = _droppedTopics?.ToArray(),
                Last = _ending && _pending.Count == 0,
            };
            _droppedTopics = null;
            _droppedUntracked = false;
            _lastSent = batch.Last;
            return batch;
        }
    }

    private void Drop(string topic)
    {
        Dropped++;
        if (_droppedUntracked) return;
        (_droppedTopics ??= new HashSet<string>(StringComparer.Ordinal)).Add(topic);
        if (_droppedTopics.Count <= maxDroppedTopics) return;
        _droppedTopics = null;
        _droppedUntracked = true;
    }

    private GrainEventBatch? StopSending()
    {
        _sending = false;
        if (_closed || _lastSent) _finished.TrySetResult();
        return null;
    }

    private bool StartSending()
    {
        if (_sending || _closed) return false;
        _sending = true;
        return true;
    }
}
