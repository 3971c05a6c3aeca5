using HdrHistogram;
using Routing.Grains.Policies.Statistics;
using Routing.Storage.Statistics;

namespace Routing.Grains.Tests.Policies.Statistics;

public sealed class StatsHistogramCodecTests
{
    private static readonly StatsBucketKey Key = new("acme", "2026-03-02T10", "support", "ann", "Chat", "");
    private static readonly double[] Percentiles = [0, 10, 50, 75, 90, 99, 99.9, 100];

    [Fact]
    public void A_histogram_round_trips_with_every_bucket_count()
    {
        var histogram = Recorded(Durations(seed: 1, count: 5_000));

        var bytes = StatsHistogramCodec.Encode(histogram);

        Assert.True(StatsHistogramCodec.IsSparse(bytes));
        Assert.Equal(Buckets(histogram), Buckets(StatsBucketMath.Decode(bytes)!));
    }

    [Fact]
    public void Merging_sparse_rows_equals_merging_the_decoded_histograms_as_before()
    {
        var rows = Enumerable.Range(0, 40).Select(seed => Recorded(Durations(seed, count: 1 + seed * 7))).ToList();
        var before = StatsBucketMath.NewHistogram();
        foreach (var row in rows) before.Add(StatsHistogramCodec.DecodeCompressed(StatsHistogramCodec.EncodeCompressed(row)));

        var merged = StatsBucketMath.Merge(rows.Select(StatsHistogramCodec.Encode));

        Assert.Equal(Buckets(before), Buckets(merged));
        Assert.Equal(Percentiles.Select(before.GetValueAtPercentile), Percentiles.Select(merged.GetValueAtPercentile));
    }

    [Fact]
    public void Projected_buckets_give_the_percentiles_recording_into_an_HdrHistogram_gave()
    {
        var durations = Durations(seed: 7, count: 2_000);
        var before = Recorded(durations); // what the projection recorded into before the sparse format

        var bucket = StatsBucketMath.Apply([], durations.Select(ms => StatsChange.Duration(Key, StatsTime.Wait, TimeSpan.FromMilliseconds(ms))))[0];

        var after = StatsBucketMath.Merge([bucket.Histograms[(int)StatsTime.Wait]!]);
        Assert.Equal(Percentiles.Select(before.GetValueAtPercentile), Percentiles.Select(after.GetValueAtPercentile));
        Assert.Equal(before.GetMaxValue(), after.GetMaxValue());
    }

    [Fact]
    public void Rows_of_both_formats_merge_together_and_a_projected_legacy_row_is_written_back_sparse()
    {
        var legacy = StatsHistogramCodec.EncodeCompressed(Recorded([10_000, 20_000]));
        var sparse = StatsHistogramCodec.Encode(Recorded([30_000]));

        var merged = StatsBucketMath.Merge([legacy, sparse]);
        var stored = StatsBucket.Empty(Key) with { Histograms = [legacy, null, null] };
        var bucket = StatsBucketMath.Apply([stored], [StatsChange.Duration(Key, StatsTime.FirstResponse, TimeSpan.FromSeconds(40))])[0];

        Assert.Equal(3, merged.TotalCount);
        Assert.Equal(20_000, merged.GetValueAtPercentile(50), 200.0);
        Assert.False(StatsHistogramCodec.IsSparse(legacy));
        Assert.True(StatsHistogramCodec.IsSparse(bucket.Histograms[(int)StatsTime.FirstResponse]));
        Assert.Equal(3, StatsBucketMath.Decode(bucket.Histograms[(int)StatsTime.FirstResponse])!.TotalCount);
    }

    [Fact]
    public void A_sparse_row_is_a_few_bytes_per_distinct_duration()
    {
        var bytes = StatsHistogramCodec.Encode(Recorded(Enumerable.Repeat(30_000L, 1_000).Concat([45_000L, 60_000L])));

        // Marker, precision, and three pairs of varints of at most 3 bytes each.
        Assert.InRange(bytes.Length, 2 + 3 * 2, 2 + 3 * 6);
    }

    [Theory]
    [InlineData(new byte[] { StatsHistogramCodec.Marker, 2, 0x80 })] // truncated varint
    [InlineData(new byte[] { StatsHistogramCodec.Marker, 2, 10, 1, 0 })] // a value without its count
    [InlineData(new byte[] { StatsHistogramCodec.Marker, 2, 10, 0 })] // a count of zero
    [InlineData(new byte[] { StatsHistogramCodec.Marker, 2, 10, 1, 0, 1 })] // the same value twice
    [InlineData(new byte[] { StatsHistogramCodec.Marker, 3, 10, 1 })] // another precision
    [InlineData(new byte[] { StatsHistogramCodec.Marker, 2, 0xFF, 0xFF, 0xFF, 0xFF, 0x7F, 1 })] // beyond 30 days
    [InlineData(new byte[] { 0x1c, 0x84, 0x93, 0x14, 0, 0, 0, 9, 1, 2, 3 })] // HdrHistogram's cookie, then garbage
    [InlineData(new byte[] { 1, 2, 3 })] // neither format
    public void A_corrupt_row_is_a_clear_error(byte[] bytes)
    {
        var error = Assert.Throws<InvalidDataException>(() => StatsBucketMath.Merge([bytes]));

        Assert.Contains("statistics histogram is corrupt", error.Message, StringComparison.Ordinal);
    }

    private static long[] Durations(int seed, int count)
    {
        var random = new Random(seed);
        // Mostly seconds to minutes, some long handles, some instant replies: the spread a bucket sees.
        return [.. Enumerable.Range(0, count).Select(_ => random.Next(10) switch
        {
            0 => random.NextInt64(0, 1_000),
            9 => random.NextInt64(600_000, StatsBucketMath.HighestTrackableMilliseconds),
            _ => random.NextInt64(1_000, 600_000),
        })];
    }

    private static HistogramBase Recorded(IEnumerable<long> durations)
    {
        var histogram = StatsBucketMath.NewHistogram();
        foreach (var ms in durations) histogram.RecordValue(ms);
        return histogram;
    }

    private static List<(long, long)> Buckets(HistogramBase histogram) =>
        [.. histogram.RecordedValues().Select(v => (v.ValueIteratedTo, v.CountAtValueIteratedTo))];
}
