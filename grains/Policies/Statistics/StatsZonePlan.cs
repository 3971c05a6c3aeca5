using System.Globalization;
using Routing.Storage.Statistics;

namespace Routing.Grains.Policies.Statistics;

/// <summary>
/// One time zone's share of a period read in the workspace's zone: the buckets of <see cref="Scope"/> (null: all), keyed
/// in <see cref="Zone"/>, over [<see cref="FromHour"/>, <see cref="ToHour"/>) of that zone's local hours. When
/// <see cref="Remap"/>, the zone differs from the workspace's and a bucket's hour is moved to the workspace hour it
/// starts in (<see cref="StatsZonePlan.WorkspaceHour"/>) before it is grouped by hour, day or month.
/// </summary>
public sealed record StatsZonePart(TimeZoneInfo Zone, StatsScope? Scope, string FromHour, string ToHour, bool Remap);

/// <summary>
/// Reads a period of the workspace's local hours from buckets keyed by each department's own local hours (issue 13):
/// one part per zone the buckets are in. A part in the workspace's zone reads as it is (day and month rollups
/// included); another reads the hours whose start lies in the period, and its hours are regrouped in the workspace's
/// zone. Zones a whole number of hours apart map hour to hour exactly; a zone off by a fraction of an hour (Asia/Kolkata
/// against UTC) counts each bucket hour in the workspace hour its start falls in.
/// </summary>
public static class StatsZonePlan
{
    public static IReadOnlyList<StatsZonePart> Of(TimeZoneInfo workspace, BucketZones zones, DateTime from, DateTime to)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        ArgumentNullException.ThrowIfNull(zones);
        // Buckets of any department or operator the configuration does not place elsewhere are in UTC: the rest.
        var placed = zones.Departments.Select(d => (Zone: d.Value, Department: (string?)d.Key, Operator: (string?)null))
            .Concat(zones.Operators.Select(o => (Zone: o.Value, Department: (string?)null, Operator: (string?)o.Key)))
            .Where(p => p.Zone.Id != TimeZoneInfo.Utc.Id)
            .GroupBy(p => p.Zone.Id, StringComparer.Ordinal)
            .Select(g => (g.First().Zone, Scope: new StatsScope(Sorted(g.Select(p => p.Department)), Sorted(g.Select(p => p.Operator)))))
            .ToList();
        var rest = placed.Count == 0 ? null
            : new StatsScope(Sorted(placed.SelectMany(p => p.Scope.Departments)), Sorted(placed.SelectMany(p => p.Scope.StatusOperators)), Except: true);
        return [.. placed.Select(p => Part(workspace, p.Zone, p.Scope, from, to)), Part(workspace, TimeZoneInfo.Utc, rest, from, to)];
    }

    /// <summary>The workspace's local hour a bucket hour of <paramref name="zone"/> starts in (the first, in a repeated hour).</summary>
    public static string WorkspaceHour(string zoneHour, TimeZoneInfo zone, TimeZoneInfo workspace)
    {
        var local = DateTime.ParseExact(zoneHour, StatsHour.Format, CultureInfo.InvariantCulture);
        return StatsHour.Of(TimeZones.FirstInstantShowing(zone, local), workspace);
    }

    private static StatsZonePart Part(TimeZoneInfo workspace, TimeZoneInfo zone, StatsScope? scope, DateTime from, DateTime to)
    {
        if (zone.Id == workspace.Id || zone.HasSameRules(workspace)) return new(zone, scope, StatsHour.Of(from), StatsHour.Of(to), Remap: false);
        // The zone's bucket hours that start in [from, to): from the first whole zone hour at or after each bound.
        string Bound(DateTime local) => StatsHour.Of(CeilingHour(TimeZones.WallClock(zone, TimeZones.FirstInstantShowing(workspace, local))));
        return new(zone, scope, Bound(from), Bound(to), Remap: true);
    }

    private static DateTime CeilingHour(DateTime local)
    {
        var floor = new DateTime(local.Year, local.Month, local.Day, local.Hour, 0, 0, DateTimeKind.Unspecified);
        return floor == local ? floor : floor.AddHours(1);
    }

    private static string[] Sorted(IEnumerable<string?> ids) => [.. ids.OfType<string>().Order(StringComparer.Ordinal)];
}
