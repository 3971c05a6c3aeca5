using Routing.GrainInterfaces;
using Routing.Storage.Statistics;

namespace Routing.Grains.Policies.Statistics;

/// <summary>A group's summed counters and merged histograms as the figures a supervisor reads.</summary>
public static class StatsFiguresOf
{
    public static StatsFigures Group(IReadOnlyList<long> counters, IReadOnlyList<IReadOnlyList<byte[]>> histograms)
    {
        long C(StatsMeasure measure) => counters[(int)measure];
        StatsTimes Times(StatsTime time) => TimesOf(C(StatsBucketMath.CountersOf(time).Count), C(StatsBucketMath.CountersOf(time).Sum), histograms[(int)time]);
        return new StatsFigures
        {
            Offered = C(StatsMeasure.Offered), Assigned = C(StatsMeasure.Assigned), Answered = C(StatsMeasure.Answered),
            Rescued = C(StatsMeasure.Rescued), Transferred = C(StatsMeasure.Transferred), Abandoned = C(StatsMeasure.Abandoned),
            Closed = C(StatsMeasure.Closed), Resolved = C(StatsMeasure.Resolved),
            CustomerMessages = C(StatsMeasure.CustomerMessages), OperatorMessages = C(StatsMeasure.OperatorMessages),
            SlaMeasured = C(StatsMeasure.SlaMeasured), SlaMet = C(StatsMeasure.SlaMet), SlaShare = Share(C(StatsMeasure.SlaMet), C(StatsMeasure.SlaMeasured)),
            Ratings = C(StatsMeasure.Ratings), RatingAverage = Share(C(StatsMeasure.RatingMicros), C(StatsMeasure.Ratings) * 1_000_000),
            FirstResponse = Times(StatsTime.FirstResponse), Wait = Times(StatsTime.Wait), Handle = Times(StatsTime.Handle),
            OnlineSeconds = C(StatsMeasure.OnlineMs) / 1000.0, AwaySeconds = C(StatsMeasure.AwayMs) / 1000.0, OfflineSeconds = C(StatsMeasure.OfflineMs) / 1000.0,
            NotRespondingSeconds = C(StatsMeasure.NotRespondingMs) / 1000.0, WrappingUpSeconds = C(StatsMeasure.WrappingUpMs) / 1000.0,
        };
    }

    private static double? Share(long part, long whole) => whole == 0 ? null : (double)part / whole;

    private static StatsTimes TimesOf(long count, long sumMilliseconds, IReadOnlyList<byte[]> encoded)
    {
        if (count == 0) return StatsTimes.None;
        var histogram = StatsBucketMath.Merge(encoded);
        double? Percentile(double p) => histogram.TotalCount == 0 ? null : histogram.GetValueAtPercentile(p) / 1000.0;
        return new StatsTimes(count, sumMilliseconds / 1000.0 / count, Percentile(50), Percentile(90), Percentile(99));
    }
}
