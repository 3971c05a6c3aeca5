using System.Collections.Concurrent;

namespace Routing.LoadTool.Measures;

/// <summary>
/// Every step and gauge of one scenario run, and its timeline: <see cref="Tick"/> closes one second (the runner calls
/// it every second, and once more at the end for the last part-second). Seconds within the warm-up are in the
/// timeline, marked, and left out of the totals.
/// </summary>
public sealed class RunStats(TimeSpan warmUp)
{
    private readonly ConcurrentDictionary<string, StepStats> _steps = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> _order = new();
    private readonly ConcurrentDictionary<string, double> _gauges = new(StringComparer.Ordinal);
    private readonly List<StepSecond> _timeline = [];
    private readonly List<GaugeSecond> _gaugeTimeline = [];
    private readonly Lock _gate = new();
    private int _second;
    private TimeSpan _lastTick;

    public TimeSpan WarmUp => warmUp;

    /// <summary>The step of this name, created on first use (reports keep first-use order).</summary>
    public StepStats Step(string name) => _steps.GetOrAdd(name, n =>
    {
        _order.Enqueue(n);
        return new StepStats(n);
    });

    public IEnumerable<string> StepNames => _order.Distinct();

    /// <summary>The latest value of a gauge; the timeline samples it at each tick.</summary>
    public void SetGauge(string name, double value) => _gauges[name] = value;

    public IReadOnlyDictionary<string, double> GaugeValues => _gauges;

    public void AddToGauge(string name, double delta) => _gauges.AddOrUpdate(name, delta, (_, value) => value + delta);

    /// <summary>Closes the second ending at <paramref name="elapsed"/> since the load started; answers its rows.</summary>
    public IReadOnlyList<StepSecond> Tick(TimeSpan elapsed)
    {
        lock (_gate)
        {
            var second = ++_second;
            var inWarmUp = elapsed <= warmUp;
            var rows = StepNames.Select(name => _steps[name].TakeInterval(second, inWarmUp)).ToArray();
            _timeline.AddRange(rows);
            _gaugeTimeline.AddRange(_gauges.OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => new GaugeSecond(second, g.Key, g.Value)));
            _lastTick = elapsed;
            return rows;
        }
    }

    /// <summary>Drops what the steps recorded so far (the set-up's own measures), before the load's first second.</summary>
    public void DiscardSoFar()
    {
        lock (_gate)
            foreach (var name in StepNames) _steps[name].TakeInterval(0, warmUp: true);
    }

    /// <summary>Time measured (after warm-up) up to the last tick.</summary>
    public TimeSpan Measured
    {
        get
        {
            lock (_gate) return _lastTick > warmUp ? _lastTick - warmUp : TimeSpan.Zero;
        }
    }

    /// <summary>Every step that measured something after the warm-up.</summary>
    public IReadOnlyList<StepTotal> Totals()
    {
        lock (_gate) return [.. StepNames.Select(name => _steps[name].Total(Measured)).Where(t => t.Ok + t.Failed > 0)];
    }

    public IReadOnlyList<StepSecond> Timeline
    {
        get
        {
            lock (_gate) return [.. _timeline];
        }
    }

    public IReadOnlyList<GaugeSecond> GaugeTimeline
    {
        get
        {
            lock (_gate) return [.. _gaugeTimeline];
        }
    }
}
