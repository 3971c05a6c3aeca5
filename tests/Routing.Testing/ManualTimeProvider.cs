namespace Routing.Testing;

/// <summary>
/// A TimeProvider whose clock moves only when a test says so. Timers created from it fire, in due order,
/// inside <see cref="Advance"/>. FakeTimeProvider is not served by our package source, hence this one.
/// </summary>
public sealed class ManualTimeProvider : TimeProvider
{
    private readonly object _gate = new();
    private readonly HashSet<ManualTimer> _timers = new(); // a set: in-flight call timeouts come and go by the thousand
    private DateTimeOffset _now;

    public ManualTimeProvider(DateTimeOffset? start = null) =>
        _now = start ?? new DateTimeOffset(2026, 1, 5, 9, 0, 0, TimeSpan.Zero);

    public override DateTimeOffset GetUtcNow()
    {
        lock (_gate) return _now;
    }

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override long GetTimestamp() => GetUtcNow().UtcTicks;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new ManualTimer(this, callback, state);
        timer.Change(dueTime, period);
        return timer;
    }

    /// <summary>Number of armed timers; lets a test wait until a component has armed its timer.</summary>
    public int ArmedTimerCount
    {
        get { lock (_gate) return _timers.Count(t => t.DueAt is not null); }
    }

    /// <summary>Moves the clock forward, firing every timer that falls due on the way, each at its due time.</summary>
    public void Advance(TimeSpan by)
    {
        if (by < TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(by));
        DateTimeOffset target;
        lock (_gate) target = _now + by;
        while (true)
        {
            ManualTimer? next;
            lock (_gate)
            {
                next = _timers.Where(t => t.DueAt is { } due && due <= target).MinBy(t => t.DueAt);
                if (next is null)
                {
                    _now = target;
                    return;
                }
                if (next.DueAt > _now) _now = next.DueAt!.Value;
                next.Rearm();
            }
            next.Fire();
        }
    }

    /// <summary>Sets the clock to an absolute instant (forward only), firing timers on the way.</summary>
    public void SetUtcNow(DateTimeOffset instant) => Advance(instant - GetUtcNow());

    private sealed class ManualTimer : ITimer
    {
        private readonly ManualTimeProvider _owner;
        private readonly TimerCallback _callback;
        private readonly object? _state;
        private TimeSpan _period = Timeout.InfiniteTimeSpan;

        public ManualTimer(ManualTimeProvider owner, TimerCallback callback, object? state)
        {
            _owner = owner;
            _callback = callback;
            _state = state;
        }

        public DateTimeOffset? DueAt { get; private set; }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            lock (_owner._gate)
            {
                _period = period;
                _owner._timers.Add(this);
                DueAt = dueTime == Timeout.InfiniteTimeSpan ? null : _owner._now + dueTime;
            }
            return true;
        }

        // Called under the owner's lock just before firing: periodic timers move on, one-shot ones disarm.
        public void Rearm() =>
            DueAt = _period == Timeout.InfiniteTimeSpan || _period == TimeSpan.Zero ? null : DueAt + _period;

        public void Fire() => _callback(_state);

        public void Dispose()
        {
            lock (_owner._gate)
            {
                DueAt = null;
                _owner._timers.Remove(this);
            }
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
