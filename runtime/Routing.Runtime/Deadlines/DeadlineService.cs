using Microsoft.Extensions.Logging;
using Routing.Storage;
using Routing.Runtime.Timers;

namespace Routing.Runtime.Deadlines;

/// <summary>
/// Durable one-shot deadlines ("wake grain G at T with payload P"), with second precision.
/// Every deadline is in storage first; those due within <see cref="GrainRuntimeOptions.DeadlineWindow"/>
/// are also held in memory, ordered by due time, behind one timer of the injected TimeProvider. A due deadline is
/// delivered as a request on its grain (activating it if needed) and deleted from storage only after the
/// handler succeeded, so a crash in between delivers it again: at least once, never lost.
/// </summary>
internal sealed class DeadlineService
{
    private readonly GrainRuntime _runtime;
    private readonly IDeadlineStore? _store;
    private readonly GrainRuntimeOptions _options;
    private readonly ILogger _logger;
    private readonly object _gate = new();
    private readonly PriorityQueue<PendingDeadline, DateTimeOffset> _due = new();
    private readonly Dictionary<(GrainId Grain, string Name), PendingDeadline> _current = new();
    private readonly SemaphoreSlim _deliverySlots;
    private readonly CancellationTokenSource _stopping = new();
    private ITimer? _timer;
    private ITimer? _refillTimer;
    private DateTimeOffset? _armedFor;
    private DateTimeOffset _loadedUntil = DateTimeOffset.MinValue;
    // A refill's read may be older than what memory knows (a deadline just delivered, cancelled or replaced):
    // each change notes the refill epoch it happened in, and a refill ignores keys changed since it started.
    private readonly Dictionary<(GrainId Grain, string Name), long> _changedInEpoch = new();
    private long _epoch;
    private int _refilling;
    private int _inFlight;
    private TaskCompletionSource? _drained;

    public DeadlineService(GrainRuntime runtime, IDeadlineStore? store, GrainRuntimeOptions options, ILogger logger)
    {
        _runtime = runtime;
        _store = store;
        _options = options;
        _logger = logger;
        _deliverySlots = new SemaphoreSlim(options.MaxConcurrentDeadlineDeliveries);
    }

    private TimeProvider Clock => _runtime.TimeProvider;

    /// <summary>Deadlines held in memory, waiting to fall due or being delivered.</summary>
    public int PendingInMemory
    {
        get { lock (_gate) return _current.Count; }
    }

    public long Delivered => Interlocked.Read(ref _delivered);

    private long _delivered;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (_store is null) return;
        await RefillAsync(cancellationToken);
        var period = _options.DeadlineWindow / 2;
        _refillTimer = Clock.CreateDetachedTimer(static s => _ = ((DeadlineService)s!).RefillSafelyAsync(), this, period, period);
    }

    public async Task ScheduleAsync(GrainId grain, string name, DateTimeOffset dueAt, string? payload)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        var store = RequireStore();
        var record = new DeadlineRecord(grain.Type, grain.Key, name, dueAt, payload, Guid.NewGuid());
        await store.UpsertDeadlineAsync(record);
        lock (_gate)
        {
            NoteChange(grain, name);
            // Later than the loaded window: the refill will bring it in when the window reaches it.
            if (dueAt <= _loadedUntil || dueAt <= Clock.GetUtcNow() + _options.DeadlineWindow) Track(new PendingDeadline(grain, record));
            else _current.Remove((grain, name));
        }
        ArmTimer();
    }

    public async Task CancelAsync(GrainId grain, string name)
    {
        var store = RequireStore();
        await store.DeleteDeadlineAsync(grain.Type, grain.Key, name);
        lock (_gate)
        {
            NoteChange(grain, name);
            _current.Remove((grain, name));
        }
    }

    // Called under _gate.
    private void NoteChange(GrainId grain, string name) => _changedInEpoch[(grain, name)] = _epoch;

    private IDeadlineStore RequireStore() => _store
        ?? throw new InvalidOperationException("Durable deadlines need grain storage (AddSqliteGrainStorage or AddPostgreSqlGrainStorage).");

    // Called under _gate. Replaces any earlier registration of the same (grain, name).
    private void Track(PendingDeadline pending)
    {
        _current[(pending.Grain, pending.Record.Name)] = pending;
        _due.Enqueue(pending, pending.DueAt);
    }

    private async Task RefillSafelyAsync()
    {
        try
        {
            await RefillAsync(_stopping.Token);
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
        }
        catch (Exception ex)
        {
            _logger.LogError(ex, "Loading due deadlines from storage failed; retrying at the next refill");
        }
    }

    /// <summary>Brings every stored deadline due within the window into memory (after a restart: all overdue ones too).</summary>
    private async Task RefillAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _refilling, 1) == 1) return; // one refill at a time; the next period catches up
        try
        {
            long startedInEpoch;
            lock (_gate) startedInEpoch = ++_epoch;
            var until = Clock.GetUtcNow() + _options.DeadlineWindow;
            var loaded = await _store!.ReadDueDeadlinesAsync(until, int.MaxValue, cancellationToken);
            lock (_gate)
            {
                foreach (var record in loaded)
                {
                    var grain = new GrainId(record.GrainType, record.GrainKey);
                    if (_changedInEpoch.TryGetValue((grain, record.Name), out var changedIn) && changedIn >= startedInEpoch) continue;
                    if (_current.TryGetValue((grain, record.Name), out var known) && known.Record.Token == record.Token) continue;
                    Track(new PendingDeadline(grain, record));
                }
                foreach (var stale in _changedInEpoch.Where(c => c.Value < startedInEpoch).Select(c => c.Key).ToList()) _changedInEpoch.Remove(stale);
                _loadedUntil = until;
            }
            if (loaded.Count > 0) _logger.LogDebug("Loaded {Count} deadlines due before {Until}", loaded.Count, until);
        }
        finally
        {
            Volatile.Write(ref _refilling, 0);
        }
        ArmTimer();
    }

    private void ArmTimer()
    {
        lock (_gate)
        {
            if (_stopping.IsCancellationRequested) return;
            while (_due.TryPeek(out var next, out _) && !IsCurrent(next)) _due.Dequeue();
            if (!_due.TryPeek(out _, out var dueAt)) return;
            if (_armedFor is { } armed && armed <= dueAt) return;
            _armedFor = dueAt;
            var delay = dueAt - Clock.GetUtcNow();
            if (delay < TimeSpan.Zero) delay = TimeSpan.Zero;
            _timer ??= Clock.CreateDetachedTimer(static s => ((DeadlineService)s!).OnTimer(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            _timer.Change(delay, Timeout.InfiniteTimeSpan);
        }
    }

    private bool IsCurrent(PendingDeadline pending) =>
        _current.TryGetValue((pending.Grain, pending.Record.Name), out var current) && ReferenceEquals(current, pending);

    private void OnTimer()
    {
        var now = Clock.GetUtcNow();
        var dueNow = new List<PendingDeadline>();
        lock (_gate)
        {
            _armedFor = null;
            // Timers may fire a little early: deliver only what is really due, re-arm for the rest.
            while (_due.TryPeek(out var next, out var dueAt) && dueAt <= now)
            {
                _due.Dequeue();
                if (IsCurrent(next) && !next.Delivering)
                {
                    next.Delivering = true;
                    dueNow.Add(next);
                }
            }
        }
        foreach (var pending in dueNow) _ = DeliverAsync(pending);
        ArmTimer();
    }

    private async Task DeliverAsync(PendingDeadline pending)
    {
        Interlocked.Increment(ref _inFlight);
        try
        {
            await _deliverySlots.WaitAsync(_stopping.Token);
            try
            {
                pending.Attempt++;
                var tick = new DeadlineTick(pending.Record.Name, pending.DueAt, pending.Record.Payload, pending.Attempt);
                await _runtime.DeliverDeadlineAsync(pending.Grain, tick);
                await _store!.DeleteDeadlineAsync(pending.Grain.Type, pending.Grain.Key, pending.Record.Name, pending.Record.Token);
                Interlocked.Increment(ref _delivered);
                lock (_gate)
                {
                    if (!IsCurrent(pending)) return; // replaced meanwhile: the replacement stands
                    NoteChange(pending.Grain, pending.Record.Name);
                    _current.Remove((pending.Grain, pending.Record.Name));
                }
            }
            finally
            {
                _deliverySlots.Release();
            }
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
            // Shutting down: the deadline stays in storage and fires after the restart.
        }
        catch (Exception ex)
        {
            var backoff = TimeSpan.FromTicks(Math.Min(TimeSpan.FromMinutes(1).Ticks, _options.DeadlineRetryBackoff.Ticks << Math.Min(pending.Attempt - 1, 16)));
            _logger.LogWarning(ex, "Deadline {Name} of {GrainId} failed on attempt {Attempt}; retrying in {Backoff}", pending.Record.Name, pending.Grain, pending.Attempt, backoff);
            lock (_gate)
            {
                pending.Delivering = false;
                if (IsCurrent(pending)) _due.Enqueue(pending, Clock.GetUtcNow() + backoff);
            }
            ArmTimer();
        }
        finally
        {
            if (Interlocked.Decrement(ref _inFlight) == 0) Volatile.Read(ref _drained)?.TrySetResult();
        }
    }

    /// <summary>
    /// Stops firing; waits for deliveries already running to finish until <paramref name="giveUp"/> fires. Those still
    /// running then are logged and left: their deadlines stay stored and fire again after the restart.
    /// </summary>
    public async Task StopAsync(CancellationToken giveUp)
    {
        lock (_gate)
        {
            if (_stopping.IsCancellationRequested) return;
            _stopping.Cancel();
            _timer?.Dispose();
            _refillTimer?.Dispose();
            _drained = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
        if (Volatile.Read(ref _inFlight) == 0) return;
        try
        {
            await _drained.Task.WaitAsync(giveUp);
        }
        catch (OperationCanceledException)
        {
            _logger.LogWarning("{Count} deadline deliveries were still running when the runtime gave up waiting; it stops without them, and they fire again after the restart",
                Volatile.Read(ref _inFlight));
        }
    }

    private sealed class PendingDeadline(GrainId grain, DeadlineRecord record)
    {
        public GrainId Grain { get; } = grain;

        public DeadlineRecord Record { get; } = record;

        public DateTimeOffset DueAt => Record.DueAt;

        public int Attempt { get; set; }

        public bool Delivering { get; set; }
    }
}
