using HdrHistogram;

namespace Routing.LoadCommon.Latency;

/// <summary>What a latency report shows of one histogram: count and percentiles, in milliseconds.</summary>
public sealed record LatencySummary(long Count, double P50, double P90, double P99, double P999, double Max, double Mean)
{
    public static readonly LatencySummary Empty = new(0, 0, 0, 0, 0, 0, 0);

    /// <summary>The summary of a histogram fed microseconds.</summary>
    public static LatencySummary OfMicroseconds(HistogramBase histogram) =>
        histogram.TotalCount == 0
            ? Empty
            : new(histogram.TotalCount, Ms(histogram.GetValueAtPercentile(50)), Ms(histogram.GetValueAtPercentile(90)),
                Ms(histogram.GetValueAtPercentile(99)), Ms(histogram.GetValueAtPercentile(99.9)), Ms(histogram.GetMaxValue()),
                histogram.GetMean() / 1000.0);

    private static double Ms(long microseconds) => microseconds / 1000.0;
}
