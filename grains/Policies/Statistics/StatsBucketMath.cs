using HdrHistogram;
using HdrHistogram.Utilities;
using Routing.Storage.Statistics;

namespace Routing.Grains.Policies.Statistics;

/// <summary>
/// Bucket arithmetic: changes onto bucket values, and HdrHistogram's encoding of the durations (milliseconds, 2
/// significant digits, up to 30 days; longer ones count as 30 days). Histograms merge exactly, so percentiles of any
/// period come from the merged histograms of its buckets.
/// </summary>
/// <remarks>
/// Two digits put a percentile within 1 % of the true value (a 61 s p90 is known to ±0.6 s, well inside what a
/// supervisor reads), and keep a histogram's counts at 26 KB: three digits took 188 KB, on the large-object heap, for
/// every bucket the projector touched (decoded, then encoded again), which made the server GC run its background
/// collections beside the routing. Histograms stored with more digits are read and merged exactly as stored.
/// </remarks>
public static class StatsBucketMath
{
    public static readonly long HighestTrackableMilliseconds = (long)TimeSpan.FromDays(30).TotalMilliseconds;
    private const int SignificantDigits = 2;

    private static readonly StatsMeasure[] CountOf = [StatsMeasure.FirstResponseCount, StatsMeasure.WaitCount, StatsMeasure.HandleCount];
    private static readonly StatsMeasure[] SumOf = [StatsMeasure.FirstResponseMs, StatsMeasure.WaitMs, StatsMeasure.HandleMs];

    /// <summary>The counters that count and sum a time's durations.</summary>
    public static (StatsMeasure Count, StatsMeasure Sum) CountersOf(StatsTime time) => (CountOf[(int)time], SumOf[(int)time]);

    /// <summary>
    /// Applies <paramref name="changes"/> to the buckets they name, starting from <paramref name="stored"/> (a bucket not
    /// there starts empty); returns the changed buckets' new values.
    /// </summary>
    public static IReadOnlyList<StatsBucket> Apply(IReadOnlyCollection<StatsBucket> stored, IEnumerable<StatsChange> changes)
    {
        var buckets = stored.ToDictionary(b => b.Key, b => (Bucket: b with { Counters = (long[])b.Counters.Clone() }, Histograms: new HistogramBase?[b.Histograms.Length]));
        foreach (var change in changes)
        {
            if (!buckets.TryGetValue(change.Key, out var entry))
                buckets[change.Key] = entry = (StatsBucket.Empty(change.Key), new HistogramBase?[StatsColumns.Histograms.Count]);
            if (change.Measure is { } measure) entry.Bucket.Counters[(int)measure] += change.Amount;
            if (change.Time is not { } time) continue;
            var (count, sum) = CountersOf(time);
            entry.Bucket.Counters[(int)count]++;
            entry.Bucket.Counters[(int)sum] += change.Amount;
            var histogram = entry.Histograms[(int)time] ??= Recordable(Decode(entry.Bucket.Histograms[(int)time]));
            histogram.RecordValue(Math.Min(change.Amount, HighestTrackableMilliseconds));
        }
        var touched = new HashSet<StatsBucketKey>(changes.Select(c => c.Key));
        return buckets.Values.Where(e => touched.Contains(e.Bucket.Key)).Select(e =>
        {
            var histograms = (byte[]?[])e.Bucket.Histograms.Clone();
            for (var i = 0; i < histograms.Length; i++)
                if (e.Histograms[i] is { } histogram) histograms[i] = Encode(histogram);
            return e.Bucket with { Histograms = histograms };
        }).ToList();
    }

    /// <summary>One histogram of every encoded one given (empty when none).</summary>
    public static HistogramBase Merge(IEnumerable<byte[]> encoded)
    {
        var merged = NewHistogram();
        foreach (var bytes in encoded) merged.Add(Decode(bytes)!);
        return merged;
    }

    public static HistogramBase NewHistogram() => new LongHistogram(HighestTrackableMilliseconds, SignificantDigits);

    // A bucket's stored histogram to record into: at this precision (one stored with more digits is copied down once).
    private static HistogramBase Recordable(HistogramBase? stored)
    {
        if (stored is { NumberOfSignificantValueDigits: SignificantDigits }) return stored;
        var histogram = NewHistogram();
        if (stored is not null) histogram.Add(stored);
        return histogram;
    }

    public static byte[] Encode(HistogramBase histogram)
    {
        var buffer = ByteBuffer.Allocate(histogram.GetNeededByteBufferCapacity());
        var length = histogram.EncodeIntoCompressedByteBuffer(buffer);
        // Read back byte by byte: the buffer's copy-out is not public (and the compressed form is small).
        buffer.Position = 0;
        var bytes = new byte[length];
        for (var i = 0; i < length; i++) bytes[i] = buffer.Get();
        return bytes;
    }

    public static HistogramBase? Decode(byte[]? bytes) =>
        bytes is null ? null : HistogramEncoding.DecodeFromCompressedByteBuffer(ByteBuffer.Allocate(bytes), HighestTrackableMilliseconds);
}
