using HdrHistogram;

namespace Routing.LoadCommon.Latency;

/// <summary>
/// A thread-safe latency histogram over HdrHistogram (3 significant digits: a value is read within 0.1 %), in
/// whatever unit the caller records (microseconds for grain calls and decisions, nanoseconds for channel round trips).
/// </summary>
public sealed class LatencyHistogram
{
    /// <summary>Up to an hour in nanoseconds, the largest unit-count any harness records.</summary>
    public const long HighestTrackable = 3_600_000_000_000;

    public const int SignificantDigits = 3;

    private readonly LongConcurrentHistogram _histogram = new(1, HighestTrackable, SignificantDigits);

    public long Count => _histogram.TotalCount;

    public void RecordMicroseconds(long value) => _histogram.RecordValue(Math.Clamp(value, 1, _histogram.HighestTrackableValue));

    public long PercentileMicroseconds(double percentile) => Count == 0 ? 0 : _histogram.GetValueAtPercentile(percentile);

    public long MaxMicroseconds => Count == 0 ? 0 : _histogram.GetMaxValue();
}
