using Routing.Runtime.Activations;
using Routing.Runtime.Timers;

namespace Routing.Runtime.Calls;

/// <summary>
/// Call timeouts without a timer per call: pending calls sit in a few striped, deadline-ordered lists (the timeout is
/// the same for every call, so appending keeps each list ordered), and one timer sweeps the expired heads. Tracking
/// and untracking a call is an uncontended lock and two pointer writes; a timeout fires within one sweep period
/// (at most 1 s) after it is due.
/// </summary>
internal sealed class CallTimeouts : IDisposable
{
    private readonly Stripe[] _stripes;
    private readonly TimeProvider _time;
    private readonly TimeSpan _timeout;
    private readonly long _timeoutInTimestampUnits;
    private readonly ITimer _sweeper;

    public CallTimeouts(TimeProvider time, TimeSpan timeout)
    {
        _time = time;
        _timeout = timeout;
        _timeoutInTimestampUnits = (long)(timeout.TotalSeconds * time.TimestampFrequency);
        _stripes = new Stripe[Math.Max(4, (int)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)Environment.ProcessorCount * 2))];
        for (var i = 0; i < _stripes.Length; i++) _stripes[i] = new Stripe();
        var period = TimeSpan.FromTicks(Math.Min(TimeSpan.TicksPerSecond, Math.Max(1, timeout.Ticks / 4)));
        _sweeper = time.CreateDetachedTimer(static s => ((CallTimeouts)s!).Sweep(), this, period, period);
    }

    public TimeSpan Timeout => _timeout;

    public void Track(GrainRequest request)
    {
        var stripe = _stripes[Environment.CurrentManagedThreadId & (_stripes.Length - 1)];
        lock (stripe)
        {
            request.TimeoutDeadline = request.DispatchedAt + _timeoutInTimestampUnits;
            request.TimeoutStripe = stripe;
            stripe.Append(request);
        }
    }

    public static void Untrack(GrainRequest request)
    {
        var stripe = Volatile.Read(ref request.TimeoutStripe);
        if (stripe is null) return;
        lock (stripe)
        {
            if (request.TimeoutStripe != stripe) return;
            stripe.Remove(request);
            request.TimeoutStripe = null;
        }
    }

    /// <summary>Fails every tracked call whose deadline passed.</summary>
    public void Sweep()
    {
        var now = _time.GetTimestamp();
        List<GrainRequest>? expired = null;
        foreach (var stripe in _stripes)
        {
            lock (stripe)
            {
                while (stripe.Head is { } head && head.TimeoutDeadline <= now)
                {
                    stripe.Remove(head);
                    head.TimeoutStripe = null;
                    (expired ??= new List<GrainRequest>()).Add(head);
                }
            }
        }
        if (expired is null) return;
        foreach (var request in expired) request.TimedOut(_timeout);
    }

    public void Dispose() => _sweeper.Dispose();

    /// <summary>An intrusive doubly linked list of requests, oldest first.</summary>
    internal sealed class Stripe
    {
        public GrainRequest? Head { get; private set; }

        private GrainRequest? _tail;

        public void Append(GrainRequest request)
        {
            request.TimeoutPrevious = _tail;
            request.TimeoutNext = null;
            if (_tail is null) Head = request;
            else _tail.TimeoutNext = request;
            _tail = request;
        }

        public void Remove(GrainRequest request)
        {
            if (request.TimeoutPrevious is null) Head = request.TimeoutNext;
            else request.TimeoutPrevious.TimeoutNext = request.TimeoutNext;
            if (request.TimeoutNext is null) _tail = request.TimeoutPrevious;
            else request.TimeoutNext.TimeoutPrevious = request.TimeoutPrevious;
            request.TimeoutPrevious = request.TimeoutNext = null;
        }
    }
}
