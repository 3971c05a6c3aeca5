using Orleans.Concurrency;
using Routing.GrainInterfaces;
using Routing.Grains.Policies;
using Routing.Grains.Policies.Statistics;
using Routing.Grains.Statistics;
using Routing.Storage.Statistics;

namespace Routing.Grains.Grains;

/// <summary>
/// A workspace's statistics over the statistics tables: SQL sums the counters per group, this merges the groups'
/// histograms for percentiles. Stateless: any silo answers, several at once.
/// </summary>
[StatelessWorker]
[GrainType("statistics")]
public sealed class StatisticsGrain(IStatisticsStore store, StatisticsProjector projector) : RoutingGrain, IStatisticsGrain
{
    public async Task<StatsReport> Query(StatsRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Problem() is { } problem) throw new ArgumentException(problem, nameof(request));
        await projector.CatchUpAsync();
        var zones = await ZonesOf(request);
        var length = request.To - request.From;
        return new StatsReport(await Period(request, request.From, request.To, zones), await Period(request, request.From - length, request.From, zones));
    }

    public async Task<StatsPeriod> Figures(StatsRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Problem() is { } problem) throw new ArgumentException(problem, nameof(request));
        await projector.CatchUpAsync();
        return await Period(request, request.From, request.To, await ZonesOf(request));
    }

    public async Task<IReadOnlyList<LiveMinuteFigures>> LiveMinutes(DateTimeOffset from, DateTimeOffset to)
    {
        if (to < from || to - from > StatsMinutes.Kept) throw new ArgumentException($"a span of minutes is from before to and at most {StatsMinutes.Kept.TotalHours:0} hours", nameof(to));
        await projector.CatchUpAsync();
        var rows = await store.ReadMinutesAsync(WorkspaceId, from, to);
        return rows.GroupBy(r => r.Department, StringComparer.Ordinal).Select(g => g.Aggregate((sum, m) => sum.Plus(m)))
            .Select(m => new LiveMinuteFigures(m.Department, m.Arrivals, m.Answered, m.Abandoned, m.SlaMeasured, m.SlaMet)).ToList();
    }

    public async Task<IReadOnlyList<LowRatedDialog>> LowRated(DateTime from, DateTime to, int maxScore, int limit)
    {
        if (new StatsRequest(from, to, []).Problem() is { } problem) throw new ArgumentException(problem, nameof(from));
        await projector.CatchUpAsync();
        var query = new StatsRatingQuery(WorkspaceId, StatsHour.Of(from), StatsHour.Of(to), maxScore, limit);
        // In the workspace's zone the period is two instants: the ratings' own times, whatever zone their hours are in.
        if (await WorkspaceZone() is { } zone)
            query = query with { Instants = (TimeZones.FirstInstantShowing(zone, from), TimeZones.FirstInstantShowing(zone, to)) };
        var ratings = await store.LowRatingsAsync(query);
        return ratings.Select(r => new LowRatedDialog(r.ConversationId, r.Department, r.Operator, r.Score, r.Scale, r.RatedAt)).ToList();
    }

    private async Task<StatsPeriod> Period(StatsRequest request, DateTime from, DateTime to, (TimeZoneInfo Workspace, BucketZones Buckets)? zones)
    {
        var groups = request.GroupBy.Select(d => Enum.Parse<StatsGroup>(d.ToString())).ToList();
        var query = new StatsQuery(WorkspaceId, StatsHour.Of(from), StatsHour.Of(to), groups) { Department = request.DepartmentId, Operator = request.OperatorId };
        var rows = zones is { } z ? await WorkspaceZoneStats.QueryAsync(store, query, z.Workspace, z.Buckets) : await store.QueryAsync(query);
        var names = request.GroupBy.Select(d => d.ToString().ToLowerInvariant()).ToList();
        return new StatsPeriod(from, to, rows.Select(row => new StatsGroupFigures(
            names.Zip(row.Group).ToDictionary(p => p.First, p => p.Second),
            StatsFiguresOf.Group(row.Counters, row.Histograms))).ToList());
    }

    /// <summary>The workspace's zone and its buckets' zones when the request is in the workspace's zone; null: each department's own hours.</summary>
    private async Task<(TimeZoneInfo Workspace, BucketZones Buckets)?> ZonesOf(StatsRequest request)
    {
        if (request.InDepartmentZones || await WorkspaceZone() is not { } zone) return null;
        return (zone, await WorkspaceStatsContexts.ZonesOf(GrainFactory, WorkspaceId));
    }

    private async Task<TimeZoneInfo?> WorkspaceZone() =>
        await GrainFactory.GetGrain<IWorkspaceGrain>(RoutingKeys.Workspace(WorkspaceId)).GetTimeZoneSetting() is { } id ? TimeZones.Find(id) : null;
}
