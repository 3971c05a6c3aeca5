using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Routing.Silo.Metrics;

namespace Routing.LoadTests.Routing;

/// <summary>
/// Where a decision's time goes, without a tracer: listens to the silo's own "routing.grain.call.duration"
/// (dispatch to completion of every grain call, nested calls included in their caller's time) and sums it per
/// grain method while enabled. Listening turns that histogram on, so only the unloaded run uses it.
/// </summary>
public sealed class CallBreakdown : IDisposable
{
    public sealed class Totals
    {
        public long Calls;
        public double Milliseconds;
    }

    private readonly MeterListener _listener = new();

    public ConcurrentDictionary<string, Totals> ByMethod { get; } = new(StringComparer.Ordinal);

    public CallBreakdown()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == GrainMetrics.MeterName && instrument.Name == "routing.grain.call.duration")
                listener.EnableMeasurementEvents(instrument);
        };
        _listener.SetMeasurementEventCallback<double>(OnMeasurement);
        _listener.Start();
    }

    private void OnMeasurement(Instrument instrument, double milliseconds, ReadOnlySpan<KeyValuePair<string, object?>> tags, object? state)
    {
        string? type = null, method = null;
        foreach (var tag in tags)
        {
            if (tag.Key == "grain.type") type = tag.Value as string;
            else if (tag.Key == "grain.method") method = tag.Value as string;
        }
        var totals = ByMethod.GetOrAdd($"{type}.{method}", _ => new Totals());
        Interlocked.Increment(ref totals.Calls);
        lock (totals) totals.Milliseconds += milliseconds;
    }

    public void Dispose() => _listener.Dispose();
}
