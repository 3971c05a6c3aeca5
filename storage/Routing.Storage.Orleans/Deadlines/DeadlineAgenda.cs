namespace Routing.Storage.Orleans.Deadlines;

/// <summary>
/// The deadlines one silo holds in memory: those of its ring range due within the window, in due order. Storage is the
/// truth and this a cache of it that must never fire an old version, so every change made through this silo (a
/// schedule, a cancel, a delivery) is noted, and a refill's read ignores the deadlines changed after it began.
/// Thread-safe; every method is short and never calls out under the lock.
/// </summary>
internal sealed class DeadlineAgenda
{
    private readonly object _gate = new();
    private readonly Dictionary<DeadlineKey, PendingDeadline> _held = new();
    private readonly PriorityQueue<PendingDeadline, DateTimeOffset> _due = new(); // may hold stale entries, skipped when met
    private readonly Dictionary<DeadlineKey, long> _changedInRefill = new();
    private long _refill;
    private DateTimeOffset _loadedUntil = DateTimeOffset.MinValue;

    public int Count
    {
        get { lock (_gate) return _held.Count; }
    }

    /// <summary>
    /// A version was just stored: hold it if it is due by the end of the window (or of what the last refill loaded),
    /// else drop the version held, if any; the refill that reaches its due time loads it.
    /// </summary>
    public void Stored(PendingDeadline deadline, DateTimeOffset windowEnd)
    {
        lock (_gate)
        {
            NoteChange(deadline.Key);
            if (deadline.DueAt <= windowEnd || deadline.DueAt <= _loadedUntil) Hold(deadline);
            else _held.Remove(deadline.Key);
        }
    }

    /// <summary>The deadline was cancelled, or its grain left this silo's range.</summary>
    public void Forget(DeadlineKey key)
    {
        lock (_gate)
        {
            NoteChange(key);
            _held.Remove(key);
        }
    }

    /// <summary>Drops every deadline whose grain this silo no longer owns.</summary>
    public void KeepOnly(Func<uint, bool> owns)
    {
        lock (_gate)
        {
            foreach (var key in _held.Where(h => !owns(h.Value.Record.GrainHash!.Value)).Select(h => h.Key).ToList()) _held.Remove(key);
        }
    }

    /// <summary>Marks the start of a refill's read; pass the result to <see cref="CompleteRefill"/>.</summary>
    public long BeginRefill()
    {
        lock (_gate) return ++_refill;
    }

    /// <summary>
    /// Applies what storage held, when the read began, of the ranges read (<paramref name="owned"/>) due by
    /// <paramref name="until"/>: new versions are held, and held ones storage no longer has are dropped (cancelled or
    /// replaced through another silo), except those changed here since the read began.
    /// </summary>
    public void CompleteRefill(long refill, IReadOnlyList<DeadlineRecord> stored, DateTimeOffset until, Func<uint, bool> owned)
    {
        lock (_gate)
        {
            var seen = new HashSet<DeadlineKey>();
            foreach (var record in stored)
            {
                var pending = PendingDeadline.Of(record);
                seen.Add(pending.Key);
                if (ChangedSince(pending.Key, refill)) continue;
                if (_held.TryGetValue(pending.Key, out var known) && known.Record.Token == record.Token) continue;
                Hold(pending);
            }
            var gone = _held.Where(h => h.Value.DueAt <= until && owned(h.Value.Record.GrainHash!.Value)
                && !seen.Contains(h.Key) && !ChangedSince(h.Key, refill)).Select(h => h.Key).ToList();
            foreach (var key in gone) _held.Remove(key);

            // Older notes can no longer matter: the next refill begins after this one.
            foreach (var key in _changedInRefill.Where(c => c.Value < refill).Select(c => c.Key).ToList()) _changedInRefill.Remove(key);
            if (until > _loadedUntil) _loadedUntil = until;
        }
    }

    /// <summary>Takes every held deadline due at or before <paramref name="now"/> for delivery.</summary>
    public List<PendingDeadline> TakeDue(DateTimeOffset now)
    {
        var due = new List<PendingDeadline>();
        lock (_gate)
        {
            while (_due.TryPeek(out var next, out var dueAt) && dueAt <= now)
            {
                _due.Dequeue();
                if (!IsHeld(next) || next.Delivering) continue;
                next.Delivering = true;
                due.Add(next);
            }
        }
        return due;
    }

    /// <summary>When the next held deadline falls due (a retry counts from its backoff), or null.</summary>
    public DateTimeOffset? NextDueAt()
    {
        lock (_gate)
        {
            while (_due.TryPeek(out var next, out var dueAt))
            {
                if (IsHeld(next) && !next.Delivering) return dueAt;
                _due.Dequeue();
            }
            return null;
        }
    }

    /// <summary>The handler succeeded and the row is deleted; a replacement stored meanwhile stays.</summary>
    public void Delivered(PendingDeadline deadline)
    {
        lock (_gate)
        {
            if (!IsHeld(deadline)) return;
            NoteChange(deadline.Key);
            _held.Remove(deadline.Key);
        }
    }

    /// <summary>
    /// True when a newer version of the deadline (another token) was stored since this one was taken: storage no longer
    /// holds this one's row, so its delete would find nothing (a handler that re-armed its own deadline, say).
    /// </summary>
    public bool Replaced(PendingDeadline deadline)
    {
        lock (_gate) return _held.TryGetValue(deadline.Key, out var held) && held.Record.Token != deadline.Record.Token;
    }

    /// <summary>The attempt failed: try again at <paramref name="retryAt"/>, unless replaced, cancelled or dropped meanwhile.</summary>
    public void Retry(PendingDeadline deadline, DateTimeOffset retryAt)
    {
        lock (_gate)
        {
            deadline.Delivering = false;
            if (IsHeld(deadline)) _due.Enqueue(deadline, retryAt);
        }
    }

    // Under _gate. Replaces any version held before.
    private void Hold(PendingDeadline deadline)
    {
        _held[deadline.Key] = deadline;
        _due.Enqueue(deadline, deadline.DueAt);
    }

    private bool IsHeld(PendingDeadline deadline) =>
        _held.TryGetValue(deadline.Key, out var held) && ReferenceEquals(held, deadline);

    private void NoteChange(DeadlineKey key) => _changedInRefill[key] = _refill;

    private bool ChangedSince(DeadlineKey key, long refill) => _changedInRefill.TryGetValue(key, out var changedIn) && changedIn >= refill;
}
