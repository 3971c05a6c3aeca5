using Microsoft.Extensions.Logging;

namespace Routing.Runtime.Activations;

/// <summary>Activation and deactivation: Creating → Activating → Valid → Deactivating → Invalid, as in Orleans.</summary>
internal sealed partial class Activation
{
    private async Task ActivateAsync()
    {
        try
        {
            var states = await _runtime.StateFactory.CreateAndLoadAsync(this);
            var grain = Class.Create(_runtime.Services, states);
            Routing.Runtime.Grain.Attach(grain, this);
            await grain.OnActivateAsync(_runtime.StoppingToken);
            _runtime.Metrics.ActivationCreated(Class.TypeName); // before any call it serves can complete
            lock (this)
            {
                _grain = grain;
                State = ActivationState.Valid;
                _runningExclusive = false;
                AdmitWaiting();
            }
        }
        catch (Exception ex)
        {
            // Never expose a half-built grain: drop the activation and fail whoever waited for it.
            _runtime.Logger.LogError(ex, "Activation of {GrainId} failed", GrainId);
            DisposeTimers();
            List<GrainRequest> waiting;
            lock (this)
            {
                State = ActivationState.Invalid;
                waiting = DrainWaiting();
            }
            _runtime.Directory.Remove(this);
            foreach (var request in waiting) request.Fail(ex);
        }
    }

    /// <summary>Queues deactivation behind the requests already waiting; completes when the activation is gone.</summary>
    public Task DeactivateAsync(DeactivationReason reason)
    {
        lock (this)
        {
            if (State is ActivationState.Invalid) return Task.CompletedTask;
            return QueueDeactivation(reason);
        }
    }

    // Called under the lock.
    private Task QueueDeactivation(DeactivationReason reason)
    {
        _deactivationQueued = true;
        var chosenAt = _lastActivity;
        var request = new DelegateRequest("Deactivate", _ => DeactivateInTurnAsync(reason, chosenAt)) { CountsAsActivity = false, IsDeactivation = true };
        (_waiting ??= new Queue<GrainRequest>()).Enqueue(request);
        AdmitWaiting();
        return request.Done;
    }

    private async Task DeactivateInTurnAsync(DeactivationReason reason, long chosenAtActivity)
    {
        lock (this)
        {
            // An idle collection that lost the race with a new request is abandoned.
            if (reason == DeactivationReason.IdleCollected && _lastActivity != chosenAtActivity)
            {
                _deactivationQueued = false;
                return;
            }
            State = ActivationState.Deactivating;
        }
        DisposeTimers();
        try
        {
            await _grain!.OnDeactivateAsync(reason, CancellationToken.None);
        }
        catch (Exception ex)
        {
            _runtime.Logger.LogError(ex, "OnDeactivateAsync of {GrainId} threw; the activation is dropped anyway", GrainId);
        }
        _runtime.Directory.Remove(this);
        List<GrainRequest> waiting;
        lock (this)
        {
            State = ActivationState.Invalid;
            waiting = DrainWaiting();
        }
        _runtime.Metrics.ActivationRemoved(Class.TypeName);
        // Calls that arrived while deactivating go to a fresh activation; a second deactivation (a shutdown queued
        // behind an idle collection) is done already, and re-sending it would activate the grain only to drop it.
        foreach (var request in waiting)
        {
            if (request is DelegateRequest { IsDeactivation: true } deactivation) deactivation.Complete(null, null);
            else _runtime.Redispatch(GrainId, Class, request);
        }
    }

    private List<GrainRequest> DrainWaiting()
    {
        var drained = _waiting is null ? new List<GrainRequest>() : new List<GrainRequest>(_waiting);
        _waiting = null;
        return drained;
    }

    internal void RequestDeactivateOnIdle()
    {
        lock (this) _deactivateWhenIdle = true;
    }

    private void DisposeTimers()
    {
        List<Timers.GrainTimer>? timers;
        lock (this)
        {
            timers = _timers;
            _timers = null;
        }
        if (timers is null) return;
        foreach (var timer in timers) timer.Dispose();
    }
}
