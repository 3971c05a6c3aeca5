using HdrHistogram;
using Routing.Storage.Statistics;

namespace Routing.Grains.Policies.Statistics;

/// <summary>
/// Bucket arithmetic: changes onto bucket values, and the durations' histograms (milliseconds, 2 significant digits, up
/// to 30 days; longer ones count as 30 days), stored sparse (<see cref="StatsHistogramCodec"/>). Histograms merge
/// exactly, so percentiles of any period come from the merged histograms of its buckets.
/// </summary>
/// <remarks>
/// Two digits put a percentile within 1 % of the true value (a 61 s p90 is known to ±0.6 s, well inside what a
/// supervisor reads). The projection keeps a touched bucket's histogram as a map of HdrHistogram bucket to count, never
/// as HdrHistogram's 26 KB counts array: a batch touches thousands of buckets (hour, day and month of each event), and
/// inflating, deflating and collecting those arrays was most of the projection's work. Histograms stored with more
/// digits (before 2 was chosen) are copied down to 2 when read.
/// </remarks>
public static class StatsBucketMath
{
    public static readonly long HighestTrackableMilliseconds = (long)TimeSpan.FromDays(30).TotalMilliseconds;
    public const byte SignificantDigits = 2;

    // Only for its bucket arithmetic (LowestEquivalentValue reads nothing but the precision): never recorded into.
    private static readonly HistogramBase Scale = NewHistogram();

    private static readonly StatsMeasure[] CountOf = [StatsMeasure.FirstResponseCount, StatsMeasure.WaitCount, StatsMeasure.HandleCount];
    private static readonly StatsMeasure[] SumOf = [StatsMeasure.FirstResponseMs, StatsMeasure.WaitMs, StatsMeasure.HandleMs];

    /// <summary>The counters that count and sum a time's durations.</summary>
    public static (StatsMeasure Count, StatsMeasure Sum) CountersOf(StatsTime time) => (CountOf[(int)time], SumOf[(int)time]);

    /// <summary>The HdrHistogram bucket a duration counts in, at this precision: the bucket's lowest value.</summary>
    public static long BucketOf(long milliseconds) => Scale.LowestEquivalentValue(Math.Clamp(milliseconds, 0, HighestTrackableMilliseconds));

    /// <summary>
    /// Applies <paramref name="changes"/> to the buckets they name, starting from <paramref name="stored"/> (a bucket not
    /// there starts empty); returns the changed buckets' new values.
    /// </summary>
    public static IReadOnlyList<StatsBucket> Apply(IReadOnlyCollection<StatsBucket> stored, IEnumerable<StatsChange> changes)
    {
        var buckets = stored.ToDictionary(b => b.Key, b => (Bucket: b with { Counters = (long[])b.Counters.Clone() }, Histograms: new Dictionary<long, long>?[b.Histograms.Length]));
        foreach (var change in changes)
        {
            if (!buckets.TryGetValue(change.Key, out var entry))
                buckets[change.Key] = entry = (StatsBucket.Empty(change.Key), new Dictionary<long, long>?[StatsColumns.Histograms.Count]);
            if (change.Measure is { } measure) entry.Bucket.Counters[(int)measure] += change.Amount;
            if (change.Time is not { } time) continue;
            var (count, sum) = CountersOf(time);
            entry.Bucket.Counters[(int)count]++;
            entry.Bucket.Counters[(int)sum] += change.Amount;
            var histogram = entry.Histograms[(int)time] ??= CountsOf(entry.Bucket.Histograms[(int)time]);
            var bucket = BucketOf(change.Amount);
            histogram[bucket] = histogram.GetValueOrDefault(bucket) + 1;
        }
        var touched = new HashSet<StatsBucketKey>(changes.Select(c => c.Key));
        return buckets.Values.Where(e => touched.Contains(e.Bucket.Key)).Select(e =>
        {
            var histograms = (byte[]?[])e.Bucket.Histograms.Clone();
            for (var i = 0; i < histograms.Length; i++)
                if (e.Histograms[i] is { } histogram) histograms[i] = StatsHistogramCodec.Encode(histogram);
            return e.Bucket with { Histograms = histograms };
        }).ToList();
    }

    /// <summary>One histogram of every encoded one given, in either stored format (empty when none).</summary>
    public static HistogramBase Merge(IEnumerable<byte[]> encoded)
    {
        var merged = NewHistogram();
        foreach (var bytes in encoded) StatsHistogramCodec.AddInto(merged, bytes);
        return merged;
    }

    public static HistogramBase NewHistogram() => new LongHistogram(HighestTrackableMilliseconds, SignificantDigits);

    /// <summary>A histogram in the stored format (<see cref="StatsHistogramCodec"/>).</summary>
    public static byte[] Encode(HistogramBase histogram) => StatsHistogramCodec.Encode(histogram);

    /// <summary>A stored histogram (either format) as an HdrHistogram at this precision.</summary>
    public static HistogramBase? Decode(byte[]? bytes) => bytes is null ? null : Merge([bytes]);

    // A bucket's stored histogram as counts to record into.
    private static Dictionary<long, long> CountsOf(byte[]? stored)
    {
        var counts = new Dictionary<long, long>();
        if (stored is not null) StatsHistogramCodec.AddInto(counts, stored);
        return counts;
    }
}
