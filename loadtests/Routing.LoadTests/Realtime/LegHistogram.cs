using System.Diagnostics;
using Routing.Runtime.Metrics;

namespace Routing.LoadTests.Realtime;

/// <summary>
/// Latencies of one leg in nanoseconds, on the runtime's LogLinearHistogram (unit-free buckets, as NanosecondHistogram
/// uses it). Not NanosecondHistogram itself: a leg ends when its frame arrived, stamped by the reader, not when the
/// awaiting task resumed, and the report wants the maximum.
/// </summary>
public sealed class LegHistogram
{
    private static readonly double NanosecondsPerTick = 1e9 / Stopwatch.Frequency;
    private readonly LogLinearHistogram _histogram = new();

    public long Count => _histogram.Count;

    public void Record(long startTimestamp, long endTimestamp) =>
        _histogram.RecordMicroseconds(Math.Max(0, (long)((endTimestamp - startTimestamp) * NanosecondsPerTick)));

    public double P50Milliseconds => _histogram.PercentileMicroseconds(50) / 1e6;
    public double P99Milliseconds => _histogram.PercentileMicroseconds(99) / 1e6;
    public double MaxMilliseconds => _histogram.MaxMicroseconds / 1e6;
}
