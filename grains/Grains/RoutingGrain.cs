using Microsoft.Extensions.DependencyInjection;
using Routing.GrainInterfaces;
using Routing.GrainInterfaces.Events;
using Routing.Storage;
using Routing.Storage.Orleans.Deadlines;

namespace Routing.Grains.Grains;

/// <summary>
/// What every routing grain needs beside Orleans' <see cref="Grain"/>: its key and workspace, the clock, durable
/// deadlines ("wake me at T", one-shot, at least once) and publishing events to the silo's WebSocket sessions.
/// </summary>
public abstract class RoutingGrain : Grain
{
    private TimeProvider? _time;
    private GrainEventHub? _events;
    private string? _key, _workspaceId; // computed once: every call of the hot paths asks for them

    /// <summary>The grain's string key (e.g. "ws1/c42").</summary>
    public string GetPrimaryKeyString() => _key ??= this.GetGrainId().Key.ToString()!;

    /// <summary>The workspace this grain belongs to (the first part of its key).</summary>
    public string WorkspaceId => _workspaceId ??= GrainKey.WorkspaceOf(GetPrimaryKeyString());

    /// <summary>The silo's clock (a FakeTimeProvider in tests).</summary>
    protected TimeProvider TimeProvider => _time ??= ServiceProvider.GetRequiredService<TimeProvider>();

    private GrainEventHub Events => _events ??= ServiceProvider.GetRequiredService<GrainEventHub>();

    /// <summary>Stores "wake me at <paramref name="dueAt"/>" (replacing an earlier one of that name) before it returns.</summary>
    protected Task ScheduleDeadlineAsync(string name, DateTimeOffset dueAt, string? payload = null) =>
        GrainDeadlineExtensions.ScheduleDeadlineAsync(this, name, dueAt, payload);

    protected Task CancelDeadlineAsync(string name) => GrainDeadlineExtensions.CancelDeadlineAsync(this, name);

    /// <summary>
    /// This grain's writes issued until disposed (state, log rows, deadlines) commit in order, each only if the one before
    /// it did (see <see cref="WritePipeline"/>): issued together, they share one group commit and a crash keeps a prefix.
    /// </summary>
    protected IDisposable PipelineWrites(IDurableStore storage)
    {
        ArgumentNullException.ThrowIfNull(storage);
        return storage.PipelineWrites(this.GetGrainId().Type.ToString()!, GetPrimaryKeyString());
    }

    /// <summary>Publishes to the sessions subscribed to <paramref name="topic"/>; never blocks.</summary>
    protected GrainEvent PublishEvent(IGrainEventPayload payload, string topic) => Events.Publish(topic, this.GetGrainId().ToString(), payload);
}
