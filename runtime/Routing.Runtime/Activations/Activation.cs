using Microsoft.Extensions.Logging;
using Routing.Runtime.Calls;
using Routing.Runtime.Timers;
using Routing.Runtime.Types;

namespace Routing.Runtime.Activations;

/// <summary>
/// One live grain. It is its own SynchronizationContext: every continuation of grain code is posted back
/// here and run one turn at a time on the thread pool (Orleans' WorkItemGroup), so two turns of one
/// activation never overlap. Request admission (who may start while others await) is a separate layer,
/// decided by <see cref="Admission"/> under the activation's lock.
/// </summary>
internal sealed partial class Activation : SynchronizationContext, IThreadPoolWorkItem, IGrainContext
{
    private readonly GrainRuntime _runtime;
    // The oldest pending turn lives inline; a queue exists only while more than one turn is pending, and the
    // waiting-request queue only while requests wait: an idle activation keeps neither (memory per activation).
    private TurnItem _inlineTurn;
    private bool _hasInlineTurn;
    private Queue<TurnItem>? _turns;
    private Queue<GrainRequest>? _waiting;
    private bool _scheduled;
    private bool _runningExclusive;
    private int _runningShared;
    private bool _deactivationQueued;
    private bool _deactivateWhenIdle;
    private long _lastActivity; // TimeProvider timestamp of the last admitted call
    private GrainRequest? _exclusiveRequest;
    private List<GrainTimer>? _timers;
    private Grain? _grain;

    public Activation(GrainRuntime runtime, GrainId grainId, GrainClassInfo grainClass)
    {
        _runtime = runtime;
        GrainId = grainId;
        Class = grainClass;
        State = ActivationState.Activating;
        _runningExclusive = true; // activation itself holds the grain until it is valid
        _lastActivity = runtime.TimeProvider.GetTimestamp();
    }

    public GrainId GrainId { get; }

    public GrainClassInfo Class { get; }

    public ActivationState State { get; private set; }

    internal GrainRuntime Runtime => _runtime;

    /// <summary>Queues the activation turn; called once, right after the activation entered the directory.</summary>
    public void Start() => PostTurn(static s => _ = ((Activation)s!).ActivateAsync(), this);

    /// <summary>Offers a request; false when this activation is gone and the caller must look up a new one.</summary>
    public bool Enqueue(GrainRequest request)
    {
        lock (this)
        {
            if (State == ActivationState.Invalid) return false;
            if (request.DispatchedAt == 0) request.DispatchedAt = _runtime.TimeProvider.GetTimestamp();
            if (request.CountsAsActivity) _lastActivity = request.DispatchedAt;
            if ((_waiting is null || _waiting.Count == 0) && CanAdmit(request)) Admit(request);
            else (_waiting ??= new Queue<GrainRequest>()).Enqueue(request);
            return true;
        }
    }

    /// <summary>
    /// True if no call arrived since <paramref name="sinceTimestamp"/> (a TimeProvider timestamp). Timer ticks that are not
    /// KeepAlive may be running: deactivation queues behind them and re-checks before it goes ahead.
    /// </summary>
    public bool IsIdleSince(long sinceTimestamp)
    {
        lock (this) return State == ActivationState.Valid && !_deactivationQueued && _lastActivity <= sinceTimestamp;
    }

    /// <summary>The exclusive request running here, which any call made from this activation's turns is part of.</summary>
    public GrainRequest? CurrentChainLink => Volatile.Read(ref _exclusiveRequest);

    private bool CanAdmit(GrainRequest request)
    {
        if (State != ActivationState.Valid || _runningExclusive) return false;
        return request.Admission != Admission.Exclusive || _runningShared == 0;
    }

    private void Admit(GrainRequest request)
    {
        if (request.Admission == Admission.Exclusive)
        {
            _runningExclusive = true;
            _exclusiveRequest = request;
        }
        else _runningShared++;
        PostTurn(static s =>
        {
            var r = (GrainRequest)s!;
            _ = ((Activation)Current!).RunRequestAsync(r);
        }, request);
    }

    private async Task RunRequestAsync(GrainRequest request)
    {
        request.RunningOn = this;
        // An exclusive request is the only one running here, so calls made from this activation's turns belong to it
        // (see CurrentChainLink); only interleaved requests need the async-local, which costs an allocation.
        if (request.Admission != Admission.Exclusive) CallChain.Current = request;
        Task? task = null;
        Exception? error = null;
        try
        {
            task = request.Invoke(_grain!);
            await task;
        }
        catch (Exception ex)
        {
            error = ex;
        }
        request.IsCompleted = true;
        // Counted before the caller hears back, so a caller that reads the statistics next sees its own call.
        if (request.Statistics is { } statistics) statistics.Record(_runtime.TimeProvider.GetElapsedTime(request.DispatchedAt), error is not null);
        request.Complete(task, error);
        if (error is not null && request.IsOneWay)
            _runtime.Logger.LogError(error, "One-way call {GrainId}.{Method} failed", GrainId, request.MethodName);
        OnRequestCompleted(request);
    }

    private void OnRequestCompleted(GrainRequest request)
    {
        lock (this)
        {
            if (request.Admission == Admission.Exclusive)
            {
                _runningExclusive = false;
                _exclusiveRequest = null;
            }
            else _runningShared--;
            if (_deactivateWhenIdle && !_deactivationQueued && State == ActivationState.Valid)
                QueueDeactivation(DeactivationReason.ApplicationRequested);
            AdmitWaiting();
        }
    }

    private void AdmitWaiting()
    {
        while (_waiting is { Count: > 0 } && CanAdmit(_waiting.Peek())) Admit(_waiting.Dequeue());
        if (_waiting is { Count: 0 }) _waiting = null;
    }

    // ---- turns -------------------------------------------------------------------------------------

    public override void Post(SendOrPostCallback d, object? state) => PostTurn(d, state);

    public override void Send(SendOrPostCallback d, object? state) =>
        throw new NotSupportedException("Blocking on a grain's turn would deadlock; await instead.");

    public override SynchronizationContext CreateCopy() => this;

    private void PostTurn(SendOrPostCallback callback, object? state)
    {
        lock (this)
        {
            if (!_hasInlineTurn)
            {
                _inlineTurn = new TurnItem(callback, state);
                _hasInlineTurn = true;
            }
            else (_turns ??= new Queue<TurnItem>()).Enqueue(new TurnItem(callback, state));
            if (_scheduled) return;
            _scheduled = true;
        }
        // Local queue first: the posting thread (often the caller) or an idle one stealing runs it, warm in cache.
        ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: true);
    }

    void IThreadPoolWorkItem.Execute()
    {
        var previous = Current;
        SetSynchronizationContext(this);
        try
        {
            for (var i = 0; i < _runtime.Options.SchedulingQuantum; i++)
            {
                TurnItem item;
                lock (this)
                {
                    if (!TryTakeTurn(out item))
                    {
                        _scheduled = false;
                        return;
                    }
                }
                RunTurn(item);
            }
        }
        finally
        {
            SetSynchronizationContext(previous);
        }
        // Quantum used up: yield the thread so one busy grain cannot starve others.
        ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
    }

    // Called under the lock. The inline turn is always the oldest: later ones queue behind it.
    private bool TryTakeTurn(out TurnItem item)
    {
        if (!_hasInlineTurn)
        {
            item = default;
            return false;
        }
        item = _inlineTurn;
        if (_turns is { Count: > 0 }) _inlineTurn = _turns.Dequeue();
        else
        {
            _inlineTurn = default;
            _hasInlineTurn = false;
            _turns = null;
        }
        return true;
    }

    private void RunTurn(TurnItem item)
    {
        var started = Environment.TickCount64; // millisecond clock: enough to spot a turn that blocks for a second
        try
        {
            item.Callback(item.State);
        }
        catch (Exception ex)
        {
            _runtime.Logger.LogError(ex, "A turn of {GrainId} threw outside any request", GrainId);
        }
        var elapsedMs = Environment.TickCount64 - started;
        if (elapsedMs > _runtime.Options.TurnWarningThreshold.TotalMilliseconds)
            _runtime.Logger.LogWarning("A turn of {GrainId} ran {ElapsedMs} ms without yielding; grain code must not block", GrainId, elapsedMs);
    }

    private readonly record struct TurnItem(SendOrPostCallback Callback, object? State);
}

internal enum ActivationState
{
    Activating,
    Valid,
    Deactivating,
    Invalid,
}
