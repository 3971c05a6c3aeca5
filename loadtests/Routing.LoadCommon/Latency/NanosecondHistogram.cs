using System.Diagnostics;

namespace Routing.LoadCommon.Latency;

/// <summary>
/// A <see cref="LatencyHistogram"/> fed with nanoseconds instead of microseconds (HdrHistogram is unit-free): an
/// unloaded channel round trip is well under a microsecond.
/// </summary>
public sealed class NanosecondHistogram
{
    private static readonly double NanosecondsPerTick = 1e9 / Stopwatch.Frequency;
    private readonly LatencyHistogram _histogram = new();
    private long _totalNanoseconds;

    public long Count => _histogram.Count;

    /// <summary>
    /// The mean: in a closed loop it is callers / throughput whatever the scheduling, so it exposes a low p50 bought
    /// by starving some callers (LIFO scheduling) that the percentiles alone would hide.
    /// </summary>
    public double MeanNanoseconds => Count == 0 ? 0 : Interlocked.Read(ref _totalNanoseconds) / (double)Count;

    /// <summary>Records the time since <paramref name="startTimestamp"/> (a Stopwatch timestamp).</summary>
    public void RecordSince(long startTimestamp) => Record(startTimestamp, Stopwatch.GetTimestamp());

    /// <summary>Records the time between two Stopwatch timestamps (an end stamped when the bytes arrived, say).</summary>
    public void Record(long startTimestamp, long endTimestamp)
    {
        var nanoseconds = Math.Max(0, (long)((endTimestamp - startTimestamp) * NanosecondsPerTick));
        _histogram.RecordMicroseconds(nanoseconds);
        Interlocked.Add(ref _totalNanoseconds, nanoseconds);
    }

    public long PercentileNanoseconds(double percentile) => _histogram.PercentileMicroseconds(percentile);

    public double P50Milliseconds => PercentileNanoseconds(50) / 1e6;
    public double P99Milliseconds => PercentileNanoseconds(99) / 1e6;
    public double MaxMilliseconds => _histogram.MaxMicroseconds / 1e6;
}
