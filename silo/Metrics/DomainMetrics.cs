using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Routing.ClientApi.Realtime.Sessions;
using Routing.GrainInterfaces;
using Routing.GrainInterfaces.Events;

namespace Routing.Silo.Metrics;

/// <summary>
/// The routing engine's own metrics (meter "Routing"), counted from the grain events published in this silo (each grain
/// publishes on the silo it is active on, so every event is counted once in the cluster) and from this silo's WebSocket
/// sessions. Exported for Prometheus at /metrics; README.md lists them.
/// </summary>
internal sealed class DomainMetrics
{
    public const string MeterName = "Routing";

    private static readonly string DepartmentTopicPrefix = RoutingTopics.Department("");

    private readonly Meter _meter;
    private readonly ConcurrentDictionary<string, int> _queueDepths = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, DateTimeOffset> _waitingSince = new(StringComparer.Ordinal);
    private readonly Counter<long> _rescues;
    private readonly Histogram<double> _wait;
    private readonly Histogram<double> _timeToAssign;

    public DomainMetrics(GrainEventHub hub, IRealtimeSessionCount sessions, IMeterFactory meterFactory)
    {
        _meter = meterFactory.Create(MeterName); // scoped to this silo's host: the factory disposes it
        _meter.CreateObservableGauge("routing.queue.depth", () => _queueDepths.Select(d => new Measurement<int>(d.Value, new KeyValuePair<string, object?>("department", d.Key))),
            unit: "{dialog}", description: "Dialogs waiting in a department's queue (reported by the silo its department grain is active on).");
        _meter.CreateObservableGauge("routing.sessions.active", () => sessions.Count,
            unit: "{session}", description: "WebSocket sessions this silo holds, connected or waiting for a resume.");
        _rescues = _meter.CreateCounter<long>("routing.rescues", unit: "{dialog}", description: "Dialogs taken from an operator who did not reply in time (R13).");
        _wait = _meter.CreateHistogram<double>("routing.dialog.wait", unit: "s", description: "Time a dialog spent in the queue, from entering it to leaving it by any way.");
        _timeToAssign = _meter.CreateHistogram<double>("routing.dialog.time_to_assign", unit: "s", description: "Time from a dialog entering the queue to its assignment to an operator.");
        hub.Observe(Count);
    }

    private void Count(GrainEvent published)
    {
        switch (published.Payload)
        {
            // Only the silo the department is active on reports it: a grain that moved must not be counted twice.
            case QueueChanged { Kind: QueueChanged.Deactivated }:
                _queueDepths.TryRemove(published.Topic[DepartmentTopicPrefix.Length..], out _);
                break;
            case QueueChanged queue:
                _queueDepths[published.Topic[DepartmentTopicPrefix.Length..]] = queue.QueueLength;
                break;
            case ConversationChanged { IsMessageOnly: false } change:
                if (change.Kind == ConversationChangeKinds.Rescued) _rescues.Add(1);
                if (change.Status == ConversationStatus.Queued) _waitingSince.TryAdd(change.ConversationId, published.Timestamp);
                else if (_waitingSince.TryRemove(change.ConversationId, out var since))
                {
                    var waited = (published.Timestamp - since).TotalSeconds;
                    _wait.Record(waited);
                    if (change.Status == ConversationStatus.Assigned) _timeToAssign.Record(waited);
                }
                break;
        }
    }
}
