using HdrHistogram;
using Routing.Grains.Policies.Statistics;
using Routing.Storage.Statistics;

namespace Routing.Grains.Tests.Policies.Statistics;

public sealed class StatsBucketMathTests
{
    private static readonly StatsBucketKey Key = new("acme", "2026-03-02T10", "support", "ann", "Chat", "");
    private static readonly StatsBucketKey Other = Key with { Operator = "bob" };

    [Fact]
    public void Changes_add_to_stored_counters_and_histograms_and_only_changed_buckets_come_back()
    {
        var first = StatsBucketMath.Apply([], [
            StatsChange.Count(Key, StatsMeasure.Offered), StatsChange.Duration(Key, StatsTime.Wait, TimeSpan.FromSeconds(10)),
        ]);
        var untouched = StatsBucket.Empty(Other);

        var second = StatsBucketMath.Apply([.. first, untouched], [
            StatsChange.Count(Key, StatsMeasure.Offered, 2), StatsChange.Duration(Key, StatsTime.Wait, TimeSpan.FromSeconds(30)),
        ]);

        var bucket = Assert.Single(second);
        Assert.Equal(3, bucket.Counters[(int)StatsMeasure.Offered]);
        Assert.Equal(2, bucket.Counters[(int)StatsMeasure.WaitCount]);
        Assert.Equal(40_000, bucket.Counters[(int)StatsMeasure.WaitMs]);
        var waits = StatsBucketMath.Decode(bucket.Histograms[(int)StatsTime.Wait])!;
        Assert.Equal(2, waits.TotalCount);
        Assert.Equal(30_000, waits.GetMaxValue(), 30_000 / 100.0); // 2 significant digits
        Assert.Null(bucket.Histograms[(int)StatsTime.Handle]);
        Assert.Equal(1, first[0].Counters[(int)StatsMeasure.Offered]); // the stored value is not changed in place
    }

    [Fact]
    public void Merged_histograms_give_the_percentiles_of_all_their_durations()
    {
        var a = StatsBucketMath.Apply([], Enumerable.Range(1, 90).Select(s => StatsChange.Duration(Key, StatsTime.FirstResponse, TimeSpan.FromSeconds(s))));
        var b = StatsBucketMath.Apply([], Enumerable.Range(91, 10).Select(s => StatsChange.Duration(Other, StatsTime.FirstResponse, TimeSpan.FromSeconds(s))));

        var merged = StatsBucketMath.Merge([a[0].Histograms[(int)StatsTime.FirstResponse]!, b[0].Histograms[(int)StatsTime.FirstResponse]!]);

        Assert.Equal(100, merged.TotalCount);
        Assert.Equal(50_000, merged.GetValueAtPercentile(50), 500.0);
        Assert.Equal(90_000, merged.GetValueAtPercentile(90), 900.0);
        Assert.Equal(99_000, merged.GetValueAtPercentile(99), 990.0);
    }

    [Fact]
    public void A_histogram_stored_with_three_digits_keeps_its_counts_when_recorded_into_at_two()
    {
        var older = new LongHistogram(StatsBucketMath.HighestTrackableMilliseconds, 3);
        older.RecordValue(10_000);
        older.RecordValue(20_000);
        var stored = StatsBucket.Empty(Key) with { Histograms = [null, StatsBucketMath.Encode(older), null] };

        var bucket = StatsBucketMath.Apply([stored], [StatsChange.Duration(Key, StatsTime.Wait, TimeSpan.FromSeconds(30))])[0];

        var waits = StatsBucketMath.Decode(bucket.Histograms[(int)StatsTime.Wait])!;
        Assert.Equal(2, waits.NumberOfSignificantValueDigits);
        Assert.Equal(3, waits.TotalCount);
        Assert.Equal(20_000, waits.GetValueAtPercentile(50), 200.0);
    }

    [Fact]
    public void A_duration_beyond_the_histogram_counts_at_its_top_but_sums_exactly()
    {
        var bucket = StatsBucketMath.Apply([], [StatsChange.Duration(Key, StatsTime.Handle, TimeSpan.FromDays(40))])[0];

        Assert.Equal((long)TimeSpan.FromDays(40).TotalMilliseconds, bucket.Counters[(int)StatsMeasure.HandleMs]);
        Assert.Equal(StatsBucketMath.HighestTrackableMilliseconds, StatsBucketMath.Decode(bucket.Histograms[(int)StatsTime.Handle])!.GetMaxValue(),
            StatsBucketMath.HighestTrackableMilliseconds / 100.0);
    }
}
