using System.Numerics;

namespace Routing.Runtime.Metrics;

/// <summary>
/// A lock-free latency histogram with log-linear buckets (HdrHistogram's idea; the package is not served):
/// each power-of-two range of microseconds is split into 16 linear sub-buckets, so any recorded value is
/// reported within 1/16 (6.25 %) of itself, from 1 µs to about 2^40 µs.
/// </summary>
public sealed class LogLinearHistogram
{
    private const int SubBucketBits = 4;
    private const int SubBuckets = 1 << SubBucketBits;
    private const int Magnitudes = 40;
    private readonly long[] _counts = new long[(Magnitudes + 1) * SubBuckets];
    private long _total;
    private long _maxMicros;

    public long Count => Interlocked.Read(ref _total);

    public void RecordMicroseconds(long micros)
    {
        if (micros < 0) micros = 0;
        Interlocked.Increment(ref _counts[IndexOf(micros)]);
        Interlocked.Increment(ref _total);
        var max = Interlocked.Read(ref _maxMicros);
        while (micros > max)
        {
            var seen = Interlocked.CompareExchange(ref _maxMicros, micros, max);
            if (seen == max) break;
            max = seen;
        }
    }

    public void Record(TimeSpan elapsed) => RecordMicroseconds(elapsed.Ticks / 10);

    /// <summary>The value at or below which <paramref name="percentile"/> % of recordings fall (bucket upper bound), in µs.</summary>
    public long PercentileMicroseconds(double percentile)
    {
        var total = Count;
        if (total == 0) return 0;
        var rank = (long)Math.Ceiling(total * Math.Clamp(percentile, 0, 100) / 100.0);
        if (rank < 1) rank = 1;
        long seen = 0;
        for (var i = 0; i < _counts.Length; i++)
        {
            seen += Interlocked.Read(ref _counts[i]);
            if (seen >= rank) return Math.Min(UpperBoundOf(i), MaxMicroseconds);
        }
        return MaxMicroseconds;
    }

    public long MaxMicroseconds => Interlocked.Read(ref _maxMicros);

    internal static int IndexOf(long micros)
    {
        if (micros < SubBuckets) return (int)micros;
        var magnitude = 63 - BitOperations.LeadingZeroCount((ulong)micros) - SubBucketBits + 1; // >= 1
        if (magnitude > Magnitudes) return (Magnitudes + 1) * SubBuckets - 1;
        var sub = (int)(micros >> (magnitude - 1)) - SubBuckets; // 0..15 within this magnitude
        return magnitude * SubBuckets + sub;
    }

    internal static long UpperBoundOf(int index)
    {
        var magnitude = index / SubBuckets;
        var sub = index % SubBuckets;
        if (magnitude == 0) return sub;
        return ((long)(SubBuckets + sub + 1) << (magnitude - 1)) - 1;
    }
}
