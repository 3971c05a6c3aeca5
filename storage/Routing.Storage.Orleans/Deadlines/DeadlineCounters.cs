using System.Diagnostics.Metrics;

namespace Routing.Storage.Orleans.Deadlines;

/// <summary>What one silo's deadline service has done, for tests, the measurement tool and the "Routing.Deadlines" meter.</summary>
internal sealed class DeadlineCounters
{
    public const string MeterName = "Routing.Deadlines";

    private long _taken, _delivered, _failed;

    public DeadlineCounters(DeadlineAgenda agenda, IMeterFactory? meterFactory = null)
    {
        if (meterFactory is null) return;
        var meter = meterFactory.Create(MeterName);
        meter.CreateObservableCounter("routing.deadlines.delivered", () => Delivered, description: "Deadlines whose handler succeeded and which were deleted");
        meter.CreateObservableCounter("routing.deadlines.failed", () => Failed, description: "Handler attempts that failed and will be retried");
        meter.CreateObservableGauge("routing.deadlines.held", () => agenda.Count, description: "Deadlines held in memory: due within the window");
    }

    /// <summary>Deadlines taken for delivery once due (each attempt counts).</summary>
    public long Taken => Interlocked.Read(ref _taken);

    /// <summary>Deliveries whose handler succeeded and whose row was deleted.</summary>
    public long Delivered => Interlocked.Read(ref _delivered);

    /// <summary>Attempts that failed (handler or delete) and were put back for a retry.</summary>
    public long Failed => Interlocked.Read(ref _failed);

    public void AddTaken(int count) => Interlocked.Add(ref _taken, count);

    public void AddDelivered() => Interlocked.Increment(ref _delivered);

    public void AddFailed() => Interlocked.Increment(ref _failed);
}
