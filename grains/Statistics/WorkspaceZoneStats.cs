using Routing.Grains.Policies.Statistics;
using Routing.Storage.Statistics;

namespace Routing.Grains.Statistics;

/// <summary>
/// A statistics query in the workspace's time zone (issue 13): one store query per zone the buckets are keyed in
/// (<see cref="StatsZonePlan"/>); a zone other than the workspace's is read by the hour when the query groups by time,
/// its hours moved to the workspace's, and the groups of every zone are summed.
/// </summary>
public static class WorkspaceZoneStats
{
    private static readonly StatsGroup[] TimeGroups = [StatsGroup.Hour, StatsGroup.Day, StatsGroup.Month];

    /// <summary>Answers <paramref name="query"/>, whose hours are the workspace's local hours; groups ordered by their values.</summary>
    public static async Task<IReadOnlyList<StatsGroupRow>> QueryAsync(IStatisticsStore store, StatsQuery query, TimeZoneInfo workspace, BucketZones zones,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(query);
        var from = ParseHour(query.FromHour);
        var to = ParseHour(query.ToHour);
        var timeIndex = query.GroupBy.ToList().FindIndex(TimeGroups.Contains);
        var merged = new Dictionary<string, StatsGroupRow>(StringComparer.Ordinal);
        foreach (var part in StatsZonePlan.Of(workspace, zones, from, to))
        {
            var partQuery = query with { FromHour = part.FromHour, ToHour = part.ToHour, Scope = part.Scope };
            if (!part.Remap || timeIndex < 0)
            {
                Merge(merged, await store.QueryAsync(partQuery, cancellationToken));
                continue;
            }
            // By the hour, then each hour's group moved to the workspace hour, day or month it falls in.
            var byHour = query.GroupBy.Select((g, i) => i == timeIndex ? StatsGroup.Hour : g).ToList();
            var length = StatsGrains.KeyLength(Enum.Parse<StatsGrain>(query.GroupBy[timeIndex].ToString()));
            var rows = await store.QueryAsync(partQuery with { GroupBy = byHour }, cancellationToken);
            Merge(merged, rows.Select(row => row with
            {
                Group = [.. row.Group.Select((value, i) => i == timeIndex ? StatsZonePlan.WorkspaceHour(value, part.Zone, workspace)[..length] : value)],
            }));
        }
        return [.. merged.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => p.Value)];
    }

    // Rows of the same group add up: counters summed, histograms listed together (the caller merges them).
    private static void Merge(Dictionary<string, StatsGroupRow> merged, IEnumerable<StatsGroupRow> rows)
    {
        foreach (var row in rows)
        {
            var key = string.Join('\u001f', row.Group);
            if (!merged.TryGetValue(key, out var sum))
            {
                merged[key] = row with { Counters = (long[])row.Counters.Clone(), Histograms = [.. row.Histograms.Select(h => (IReadOnlyList<byte[]>)h.ToList())] };
                continue;
            }
            for (var i = 0; i < sum.Counters.Length; i++) sum.Counters[i] += row.Counters[i];
            for (var i = 0; i < sum.Histograms.Length; i++) ((List<byte[]>)sum.Histograms[i]).AddRange(row.Histograms[i]);
        }
    }

    private static DateTime ParseHour(string hour) =>
        DateTime.ParseExact(hour, StatsHour.Format, System.Globalization.CultureInfo.InvariantCulture);
}
