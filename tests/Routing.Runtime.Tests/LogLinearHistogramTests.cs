using Routing.Runtime.Metrics;

namespace Routing.Runtime.Tests;

public sealed class LogLinearHistogramTests
{
    [Fact]
    public void Percentiles_are_within_a_sixteenth_of_the_true_value()
    {
        var histogram = new LogLinearHistogram();
        var values = Enumerable.Range(1, 100_000).Select(i => (long)i * 7).ToArray(); // 7 µs .. 700 ms
        foreach (var value in values) histogram.RecordMicroseconds(value);

        foreach (var percentile in new[] { 50.0, 90.0, 99.0, 99.9 })
        {
            var exact = values[(int)Math.Ceiling(values.Length * percentile / 100) - 1];
            var reported = histogram.PercentileMicroseconds(percentile);
            Assert.InRange(reported, exact, exact + exact / 16 + 1);
        }
        Assert.Equal(700_000, histogram.MaxMicroseconds);
        Assert.Equal(100_000, histogram.Count);
    }

    [Fact]
    public void Every_bucket_covers_its_own_values_and_buckets_do_not_overlap()
    {
        long previousUpper = -1;
        for (var index = 0; index < 41 * 16; index++)
        {
            var upper = LogLinearHistogram.UpperBoundOf(index);
            Assert.True(upper > previousUpper);
            Assert.Equal(index, LogLinearHistogram.IndexOf(upper));
            Assert.Equal(index, LogLinearHistogram.IndexOf(previousUpper + 1));
            previousUpper = upper;
        }
    }

    [Fact]
    public void An_empty_histogram_reports_zero()
    {
        Assert.Equal(0, new LogLinearHistogram().PercentileMicroseconds(99));
    }
}
