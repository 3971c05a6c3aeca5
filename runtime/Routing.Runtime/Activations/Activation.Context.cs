using Routing.Runtime.Timers;

namespace Routing.Runtime.Activations;

/// <summary>What grain code reaches through <see cref="Grain.GrainContext"/>.</summary>
internal sealed partial class Activation
{
    IGrainFactory IGrainContext.GrainFactory => _runtime;

    public TimeProvider TimeProvider => _runtime.TimeProvider;

    public IDisposable RegisterTimer(Func<CancellationToken, Task> callback, GrainTimerOptions options)
    {
        var timer = new GrainTimer(this, callback, options);
        lock (this)
        {
            if (State is ActivationState.Deactivating or ActivationState.Invalid)
                throw new InvalidOperationException($"{GrainId} is deactivating; it cannot register timers.");
            (_timers ??= new List<GrainTimer>()).Add(timer);
        }
        timer.Start();
        return timer;
    }

    internal void RemoveTimer(GrainTimer timer)
    {
        lock (this) _timers?.Remove(timer);
    }

    /// <summary>Queues a timer tick as a request, unless the activation is going away.</summary>
    internal void EnqueueTick(GrainRequest tick)
    {
        lock (this)
        {
            if (State is not (ActivationState.Valid or ActivationState.Activating)) return;
        }
        Enqueue(tick);
    }

    public void DeactivateOnIdle() => RequestDeactivateOnIdle();

    public Task ScheduleDeadlineAsync(string name, DateTimeOffset dueAt, string? payload) =>
        _runtime.Deadlines.ScheduleAsync(GrainId, name, dueAt, payload);

    public Task CancelDeadlineAsync(string name) => _runtime.Deadlines.CancelAsync(GrainId, name);

    public GrainEvent PublishEvent(string topic, object payload) => _runtime.Events.Publish(topic, GrainId, payload);
}
