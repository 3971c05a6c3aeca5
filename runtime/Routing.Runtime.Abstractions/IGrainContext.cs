namespace Routing.Runtime;

/// <summary>What the runtime gives a grain activation; grain code reaches it through <see cref="Grain"/>.</summary>
public interface IGrainContext
{
    GrainId GrainId { get; }

    IGrainFactory GrainFactory { get; }

    TimeProvider TimeProvider { get; }

    /// <summary>A timer whose ticks run as turns of this activation; disposed with the activation.</summary>
    IDisposable RegisterTimer(Func<CancellationToken, Task> callback, GrainTimerOptions options);

    /// <summary>Deactivate once the current request completes; later calls reach a fresh activation.</summary>
    void DeactivateOnIdle();

    /// <summary>Persists "wake me at <paramref name="dueAt"/>"; replaces an earlier deadline of the same name.</summary>
    Task ScheduleDeadlineAsync(string name, DateTimeOffset dueAt, string? payload);

    Task CancelDeadlineAsync(string name);

    /// <summary>Publishes an event to in-process subscribers of <paramref name="topic"/>; never blocks.</summary>
    GrainEvent PublishEvent(string topic, object payload);
}
