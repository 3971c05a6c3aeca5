using Orleans.Concurrency;
using Routing.GrainInterfaces;
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
        var length = request.To - request.From;
        return new StatsReport(await Period(request, request.From, request.To), await Period(request, request.From - length, request.From));
    }

    public async Task<StatsPeriod> Figures(StatsRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Problem() is { } problem) throw new ArgumentException(problem, nameof(request));
        await projector.CatchUpAsync();
        return await Period(request, request.From, request.To);
    }

    public async Task<IReadOnlyList<LowRatedDialog>> LowRated(DateTime from, DateTime to, int maxScore, int limit)
    {
        if (new StatsRequest(from, to, []).Problem() is { } problem) throw new ArgumentException(problem, nameof(from));
        await projector.CatchUpAsync();
        var ratings = await store.LowRatingsAsync(new StatsRatingQuery(WorkspaceId, StatsHour.Of(from), StatsHour.Of(to), maxScore, limit));
        return ratings.Select(r => new LowRatedDialog(r.ConversationId, r.Department, r.Operator, r.Score, r.Scale, r.RatedAt)).ToList();
    }

    private async Task<StatsPeriod> Period(StatsRequest request, DateTime from, DateTime to)
    {
        var groups = request.GroupBy.Select(d => Enum.Parse<StatsGroup>(d.ToString())).ToList();
        var rows = await store.QueryAsync(new StatsQuery(WorkspaceId, StatsHour.Of(from), StatsHour.Of(to), groups)
        {
            Department = request.DepartmentId, Operator = request.OperatorId,
        });
        var names = request.GroupBy.Select(d => d.ToString().ToLowerInvariant()).ToList();
        return new StatsPeriod(from, to, rows.Select(row => new StatsGroupFigures(
            names.Zip(row.Group).ToDictionary(p => p.First, p => p.Second),
            StatsFiguresOf.Group(row.Counters, row.Histograms))).ToList());
    }
}
