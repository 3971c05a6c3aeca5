using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Runtime.CompilerServices;

namespace Routing.Runtime.Metrics;

/// <summary>
/// The runtime's instruments: System.Diagnostics.Metrics (meter "Routing.Runtime") for exporters,
/// and an in-memory snapshot for the ops dashboard.
/// </summary>
public sealed class GrainRuntimeMetrics : IDisposable
{
    public const string MeterName = "Routing.Runtime";

    private readonly Meter _meter;
    private readonly Counter<long> _calls;
    private readonly Counter<long> _errors;
    private readonly Histogram<double> _duration;
    private readonly ConcurrentDictionary<(string Type, string Method), MethodStatistics> _methods = new();
    private readonly ConcurrentDictionary<string, StrongBox<long>> _activations = new(StringComparer.Ordinal);

    public GrainRuntimeMetrics(IMeterFactory? meterFactory = null)
    {
        _meter = meterFactory?.Create(MeterName) ?? new Meter(MeterName);
        _calls = _meter.CreateCounter<long>("routing.grain.calls", description: "Grain calls completed");
        _errors = _meter.CreateCounter<long>("routing.grain.errors", description: "Grain calls that threw");
        _duration = _meter.CreateHistogram<double>("routing.grain.call.duration", unit: "ms", description: "Time from dispatch to completion of a grain call");
        _meter.CreateObservableGauge("routing.grain.activations", ObserveActivations, description: "Live activations per grain type");
    }

    public MethodStatistics ForMethod(string grainType, string method) =>
        _methods.GetOrAdd((grainType, method), key => new MethodStatistics(this, key.Type, key.Method));

    internal void ActivationCreated(string grainType) => Interlocked.Increment(ref Counter(grainType).Value);

    internal void ActivationRemoved(string grainType) => Interlocked.Decrement(ref Counter(grainType).Value);

    public long ActivationCount(string grainType) => _activations.TryGetValue(grainType, out var box) ? Interlocked.Read(ref box.Value) : 0;

    internal void Publish(KeyValuePair<string, object?>[] tags, TimeSpan elapsed, bool failed)
    {
        _calls.Add(1, tags);
        if (failed) _errors.Add(1, tags);
        if (_duration.Enabled) _duration.Record(elapsed.TotalMilliseconds, tags);
    }

    /// <summary>Everything the dashboard shows about grains, at this instant.</summary>
    public RuntimeStatisticsSnapshot Snapshot()
    {
        var types = _methods.Values.Select(m => m.GrainType).Concat(_activations.Keys).Distinct().OrderBy(t => t, StringComparer.Ordinal);
        return new RuntimeStatisticsSnapshot(types.Select(type => new GrainTypeStatistics(
            type,
            ActivationCount(type),
            _methods.Values.Where(m => m.GrainType == type).OrderBy(m => m.Method, StringComparer.Ordinal).Select(m => new GrainMethodStatistics(
                m.Method, m.Calls, m.Errors,
                m.Latency.PercentileMicroseconds(50), m.Latency.PercentileMicroseconds(90),
                m.Latency.PercentileMicroseconds(99), m.Latency.MaxMicroseconds)).ToArray())).ToArray());
    }

    private StrongBox<long> Counter(string grainType) => _activations.GetOrAdd(grainType, _ => new StrongBox<long>());

    private IEnumerable<Measurement<long>> ObserveActivations() =>
        _activations.Select(pair => new Measurement<long>(Interlocked.Read(ref pair.Value.Value), new KeyValuePair<string, object?>("grain.type", pair.Key)));

    public void Dispose() => _meter.Dispose();
}
