using Routing.Storage.Statistics;

namespace Routing.Grains.Policies.Statistics;

/// <summary>
/// The live minute counts (issue 13) of the projection's own changes: what an event adds to offered, answered,
/// abandoned, SLA measured and SLA met in its hour bucket it adds to its department's UTC minute too, so the last 15
/// minutes and today agree by construction. Kept from <see cref="Kept"/> before the newest event's minute on.
/// </summary>
public static class StatsMinutes
{
    /// <summary>How long minute rows are kept: well over the 15 minutes shown, so late events and a slow projector still land.</summary>
    public static readonly TimeSpan Kept = TimeSpan.FromHours(2);

    /// <summary>What <paramref name="changes"/> (one event's, at <paramref name="at"/>) add to the minute counts, one row per department.</summary>
    public static IEnumerable<StatsMinute> Of(IEnumerable<StatsChange> changes, DateTimeOffset at)
    {
        var minute = StatsMinute.Floor(at);
        return changes.Where(c => c.Measure is { } m && Counts(m)).GroupBy(c => (c.Key.Workspace, c.Key.Department)).Select(group =>
            group.Aggregate(new StatsMinute(group.Key.Workspace, group.Key.Department, minute, 0, 0, 0, 0, 0), (sum, change) => change.Measure switch
            {
                StatsMeasure.Offered => sum with { Arrivals = sum.Arrivals + change.Amount },
                StatsMeasure.Answered => sum with { Answered = sum.Answered + change.Amount },
                StatsMeasure.Abandoned => sum with { Abandoned = sum.Abandoned + change.Amount },
                StatsMeasure.SlaMeasured => sum with { SlaMeasured = sum.SlaMeasured + change.Amount },
                _ => sum with { SlaMet = sum.SlaMet + change.Amount },
            }));
    }

    /// <summary>Rows of the same workspace, department and minute summed into one (a statement writes each key once).</summary>
    public static IReadOnlyList<StatsMinute> Merge(IEnumerable<StatsMinute> minutes) =>
        minutes.GroupBy(m => (m.Workspace, m.Department, m.Minute)).Select(g => g.Aggregate((sum, m) => sum.Plus(m))).ToList();

    private static bool Counts(StatsMeasure measure) => measure is StatsMeasure.Offered or StatsMeasure.Answered or StatsMeasure.Abandoned
        or StatsMeasure.SlaMeasured or StatsMeasure.SlaMet;
}
