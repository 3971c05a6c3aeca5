using Orleans;
using Routing.ClientApi.Operations;
using Routing.GrainInterfaces;

namespace Routing.ClientApi.Realtime.Live;

/// <summary>
/// Builds a workspace's <see cref="LiveStatsFrame"/>: the configuration and time zone from the workspace grain, today's
/// and this hour's figures from the statistics (one query grouped by department and hour), the queues from the
/// department grains, the last 15 minutes from the statistics' minute counts (durable and the whole cluster's, like
/// today: the same on every silo, and right after a restart).
/// </summary>
internal static class LiveStatsReader
{
    /// <summary>The last minutes shown: the current minute and the 14 before it.</summary>
    public const int WindowMinutes = 15;

    private static readonly IReadOnlyList<StatsDimension> ByDepartmentAndHour = [StatsDimension.Department, StatsDimension.Hour];

    /// <summary>The UTC minute an instant is in, as minutes since the Unix epoch.</summary>
    public static long MinuteOf(DateTimeOffset at) => at.ToUnixTimeSeconds() / 60;

    public static async Task<LiveStatsFrame> ReadAsync(IGrainFactory grains, SupervisorOperations supervisor, string ws, DateTimeOffset now)
    {
        var workspace = grains.GetGrain<IWorkspaceGrain>(RoutingKeys.Workspace(ws));
        var departments = await workspace.GetDepartments();
        var timeZoneId = await workspace.GetTimeZone();
        var day = new LiveDay(now, TimeZoneInfo.FindSystemTimeZoneById(timeZoneId));
        // A department's buckets are in its own zone; one no longer configured was counted in UTC (the projection's rule).
        var zones = departments.ToDictionary(d => d.Key, d => TimeZoneInfo.FindSystemTimeZoneById(d.Value.TimeZoneId), StringComparer.Ordinal);
        (DateTime From, DateTime To, DateTime Now) HoursOf(string department) => day.HoursIn(zones.GetValueOrDefault(department, TimeZoneInfo.Utc));
        var ranges = zones.Keys.Append("").Select(HoursOf).ToList();
        var statistics = grains.GetGrain<IStatisticsGrain>(RoutingKeys.Workspace(ws));
        var period = await statistics.Figures(new StatsRequest(ranges.Min(r => r.From), ranges.Max(r => r.To), ByDepartmentAndHour) { InDepartmentZones = true });
        var windowStart = DateTimeOffset.FromUnixTimeSeconds((MinuteOf(now) - (WindowMinutes - 1)) * 60);
        var window = (await statistics.LiveMinutes(windowStart, DateTimeOffset.FromUnixTimeSeconds((MinuteOf(now) + 1) * 60)))
            .ToDictionary(m => m.DepartmentId, m => new LiveFigures(m.Arrivals, m.Answered, m.Abandoned, m.SlaMeasured, m.SlaMet), StringComparer.Ordinal);
        var sums = LiveDay.Sum(period, HoursOf);
        var queues = (await supervisor.Queues(ws)).ToDictionary(q => q.DepartmentId, StringComparer.Ordinal);

        var scopes = departments.Keys.Order(StringComparer.Ordinal).Select(id =>
        {
            var (today, hour) = sums.GetValueOrDefault(id, (LiveFigures.Zero, LiveFigures.Zero));
            var queue = queues.GetValueOrDefault(id);
            return new LiveScope(id, queue?.Depth ?? 0, queue?.LongestWaitSeconds, queue?.OldestWaitingSince, hour, window.GetValueOrDefault(id, LiveFigures.Zero), today)
            {
                FirstResponseTarget = departments[id].FirstResponseTarget,
            };
        }).ToList();
        var total = new LiveScope(null, scopes.Sum(s => s.QueueDepth), scopes.Max(s => s.LongestWaitSeconds), scopes.Min(s => s.OldestWaitingSince),
            Total(sums.Values.Select(s => s.Hour)), Total(window.Values), Total(sums.Values.Select(s => s.Today)));
        return new LiveStatsFrame(now, timeZoneId, day.Day, day.HourStart, windowStart, total, scopes);
    }

    private static LiveFigures Total(IEnumerable<LiveFigures> figures) => figures.Aggregate(LiveFigures.Zero, (sum, f) => sum.Plus(f));
}
