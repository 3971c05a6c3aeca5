namespace Routing.Runtime;

/// <summary>
/// Base class of grain implementations, as in Orleans: one activation per key, one turn at a time,
/// state loaded before <see cref="OnActivateAsync"/>.
/// </summary>
public abstract class Grain
{
    private IGrainContext? _context;

    /// <summary>Set by the runtime right after construction.</summary>
    public IGrainContext GrainContext
    {
        get => _context ?? throw new InvalidOperationException("The grain is not attached to an activation yet.");
        internal set => _context = value;
    }

    internal static void Attach(Grain grain, IGrainContext context) => grain.GrainContext = context;

    public GrainId GrainId => GrainContext.GrainId;

    public string GetPrimaryKeyString() => GrainContext.GrainId.Key;

    /// <summary>The workspace this grain belongs to (the first part of its key).</summary>
    public string WorkspaceId => GrainKey.WorkspaceOf(GrainContext.GrainId.Key);

    protected IGrainFactory GrainFactory => GrainContext.GrainFactory;

    protected TimeProvider TimeProvider => GrainContext.TimeProvider;

    public virtual Task OnActivateAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public virtual Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken) => Task.CompletedTask;

    protected IDisposable RegisterGrainTimer(Func<CancellationToken, Task> callback, GrainTimerOptions options) =>
        GrainContext.RegisterTimer(callback, options);

    protected void DeactivateOnIdle() => GrainContext.DeactivateOnIdle();

    protected Task ScheduleDeadlineAsync(string name, DateTimeOffset dueAt, string? payload = null) =>
        GrainContext.ScheduleDeadlineAsync(name, dueAt, payload);

    protected Task CancelDeadlineAsync(string name) => GrainContext.CancelDeadlineAsync(name);

    protected GrainEvent PublishEvent(object payload, string? topic = null) =>
        GrainContext.PublishEvent(topic ?? GrainContext.GrainId.ToString(), payload);
}

public enum DeactivationReason
{
    IdleCollected,
    ApplicationRequested,
    RuntimeShutdown,
}
