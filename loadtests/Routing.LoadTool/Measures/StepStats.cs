using Routing.LoadCommon.Latency;

namespace Routing.LoadTool.Measures;

/// <summary>
/// One step's measurements (a timed call, or an end-to-end span such as first message → console): latencies of
/// successes in HdrHistogram, failures by kind. Recorded from any thread; read one second at a time by the timeline.
/// </summary>
public sealed class StepStats(string name)
{
    private readonly IntervalLatencyRecorder _latency = new();
    private readonly Lock _gate = new();
    private Dictionary<string, long> _intervalErrors = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _totalErrors = new(StringComparer.Ordinal);
    private long _totalOk;

    public string Name => name;

    public void RecordOk(TimeSpan latency) => _latency.Record(latency);

    public void RecordFailure(string kind)
    {
        lock (_gate) _intervalErrors[kind] = _intervalErrors.GetValueOrDefault(kind) + 1;
    }

    /// <summary>Closes the interval ending now; a warm-up interval is reported but left out of <see cref="Total"/>.</summary>
    public StepSecond TakeInterval(int second, bool warmUp)
    {
        var latency = _latency.TakeInterval(keep: !warmUp);
        Dictionary<string, long> errors;
        lock (_gate) (errors, _intervalErrors) = (_intervalErrors, new(StringComparer.Ordinal));
        if (!warmUp)
        {
            _totalOk += latency.Count;
            foreach (var (kind, count) in errors) _totalErrors[kind] = _totalErrors.GetValueOrDefault(kind) + count;
        }
        return new StepSecond(second, name, warmUp, latency.Count, errors.Values.Sum(), latency, errors);
    }

    /// <summary>Everything kept (warm-up left out), over <paramref name="measured"/>. Read from the timeline's thread.</summary>
    public StepTotal Total(TimeSpan measured)
    {
        var failed = _totalErrors.Values.Sum();
        var seconds = Math.Max(measured.TotalSeconds, 1e-9);
        return new StepTotal(name, _totalOk, failed, _totalOk / seconds, _latency.Total, new Dictionary<string, long>(_totalErrors, StringComparer.Ordinal));
    }
}

/// <summary>One step over one second of the run.</summary>
public sealed record StepSecond(int Second, string Step, bool WarmUp, long Ok, long Failed, LatencySummary Latency,
    IReadOnlyDictionary<string, long> Errors);

/// <summary>One step over the measured run: successes per second, latency of successes, failures by kind.</summary>
public sealed record StepTotal(string Step, long Ok, long Failed, double OkPerSecond, LatencySummary Latency, IReadOnlyDictionary<string, long> Errors)
{
    /// <summary>Failures among all attempts, 0..1.</summary>
    public double ErrorRate => Ok + Failed == 0 ? 0 : (double)Failed / (Ok + Failed);
}
