using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Orleans.Serialization.TypeSystem;

namespace Routing.Silo.Metrics;

/// <summary>
/// The grains' figures beside Orleans' own meter: calls, errors and latency per grain method (meter "Routing.Grains"
/// for exporters, HdrHistogram percentiles for /stats/grains), and live activations per grain type, read from
/// Orleans' activation counter of this silo.
/// </summary>
public sealed class GrainMetrics : ILifecycleParticipant<ISiloLifecycle>, IDisposable
{
    public const string MeterName = "Routing.Grains";
    private const string OrleansMeterName = "Microsoft.Orleans";
    private const string OrleansActivationCounter = "orleans-grains";

    private readonly Meter _meter;
    private readonly Counter<long> _calls;
    private readonly Counter<long> _errors;
    private readonly Histogram<double> _duration;
    private readonly ConcurrentDictionary<(string Type, string Method), MethodStatistics> _methods = new();
    // The same statistics found from what a call carries without formatting a name: its grain class and method.
    private readonly ConcurrentDictionary<(Type GrainClass, string Method), MethodStatistics> _methodsByClass = new();
    // Orleans counts activations by class name; calls tell which grain type a class serves.
    private readonly ConcurrentDictionary<string, long> _activationsByClass = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> _grainTypeByClass = new(StringComparer.Ordinal);
    private readonly MeterListener _orleansActivations = new();

    public GrainMetrics(IMeterFactory meterFactory)
    {
        _meter = meterFactory.Create(MeterName);
        _calls = _meter.CreateCounter<long>("routing.grain.calls", description: "Grain calls completed");
        _errors = _meter.CreateCounter<long>("routing.grain.errors", description: "Grain calls that threw");
        _duration = _meter.CreateHistogram<double>("routing.grain.call.duration", unit: "ms", description: "Time from the silo taking a grain call to its completion");

        // Only this silo's meter (several silos may share a process in tests): the factory is its meters' scope.
        _orleansActivations.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument is { Name: OrleansActivationCounter, Meter.Name: OrleansMeterName } && ReferenceEquals(instrument.Meter.Scope, meterFactory))
                listener.EnableMeasurementEvents(instrument);
        };
        _orleansActivations.SetMeasurementEventCallback<int>((_, delta, tags, _) =>
        {
            foreach (var tag in tags)
                // 10.4.2 tags the grain type ("grain_type"); older builds tagged the class ("type").
                if (tag is { Key: "grain_type" or "type", Value: string grainClass }) _activationsByClass.AddOrUpdate(grainClass, delta, (_, count) => count + delta);
        });
        _orleansActivations.Start();
    }

    internal void Record(Type grainClass, GrainType grainType, string method, TimeSpan elapsed, bool failed)
    {
        if (!_methodsByClass.TryGetValue((grainClass, method), out var statistics))
            statistics = _methodsByClass.GetOrAdd((grainClass, method), Register(grainClass, grainType.ToString()!, method));
        statistics.Record(elapsed, failed);
        _calls.Add(1, statistics.Tags);
        if (failed) _errors.Add(1, statistics.Tags);
        if (_duration.Enabled) _duration.Record(elapsed.TotalMilliseconds, statistics.Tags);
    }

    private MethodStatistics Register(Type grainClass, string grainType, string method)
    {
        _grainTypeByClass.TryAdd(RuntimeTypeNameFormatter.Format(grainClass), grainType);
        _grainTypeByClass.TryAdd(grainType, grainType); // Orleans' counter may name the grain type itself
        return _methods.GetOrAdd((grainType, method), key => new MethodStatistics(key.Type, key.Method));
    }

    /// <summary>Everything /stats/grains shows, at this instant.</summary>
    public GrainStatisticsSnapshot Snapshot()
    {
        var activations = _activationsByClass
            .Where(pair => _grainTypeByClass.ContainsKey(pair.Key))
            .GroupBy(pair => _grainTypeByClass[pair.Key], pair => pair.Value)
            .ToDictionary(group => group.Key, group => group.Sum(), StringComparer.Ordinal);
        var types = _methods.Keys.Select(key => key.Type).Concat(activations.Keys).Distinct().Order(StringComparer.Ordinal);
        return new GrainStatisticsSnapshot(types.Select(type => new GrainTypeStatistics(
            type,
            activations.GetValueOrDefault(type),
            _methods.Values.Where(m => m.GrainType == type).OrderBy(m => m.Method, StringComparer.Ordinal).Select(m => m.Snapshot()).ToArray())).ToArray());
    }

    /// <summary>Calls of one grain method so far (e.g. "department", "Serve").</summary>
    public long Calls(string grainType, string method) => _methods.TryGetValue((grainType, method), out var m) ? m.Calls : 0; // no histogram copy: the load tests read this per round

    /// <summary>Live activations of one grain type.</summary>
    public long ActivationsOf(string grainType) =>
        _activationsByClass.Where(pair => _grainTypeByClass.GetValueOrDefault(pair.Key) == grainType).Sum(pair => pair.Value);

    /// <summary>Live activations of the grains this silo hosts.</summary>
    public long ActivationCount => _activationsByClass.Where(pair => _grainTypeByClass.ContainsKey(pair.Key)).Sum(pair => pair.Value);

    /// <summary>Nothing to do at any stage: taking part only makes the silo build this before any grain runs.</summary>
    public void Participate(ISiloLifecycle lifecycle)
    {
    }

    public void Dispose()
    {
        _orleansActivations.Dispose();
        _meter.Dispose();
    }
}
