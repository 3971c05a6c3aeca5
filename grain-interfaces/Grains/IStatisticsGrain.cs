namespace Routing.GrainInterfaces;

/// <summary>
/// A workspace's statistics (R20), answered from the statistics tables with SQL aggregation: no state of its own (a
/// stateless worker keyed by the workspace). Each call first projects the timeline events not yet counted, so an
/// answer includes everything that happened before it was asked.
/// </summary>
public interface IStatisticsGrain : IGrainWithStringKey
{
    /// <summary>The period's figures per group with the previous period of the same length; ArgumentException for a bad request.</summary>
    Task<StatsReport> Query(StatsRequest request);

    /// <summary>
    /// Only the period's figures per group, without the previous period: the live board's today and current hour
    /// (issue 13), asked at most once a second per workspace and silo. ArgumentException for a bad request.
    /// </summary>
    Task<StatsPeriod> Figures(StatsRequest request);

    /// <summary>
    /// The live figures per department of the UTC minutes starting in [<paramref name="from"/>, <paramref name="to"/>):
    /// the live board's last 15 minutes (issue 13). ArgumentException when the span is negative or over the kept hours.
    /// </summary>
    Task<IReadOnlyList<LiveMinuteFigures>> LiveMinutes(DateTimeOffset from, DateTimeOffset to);

    /// <summary>Rated dialogs of the period with a score at most <paramref name="maxScore"/>, lowest first, at most <paramref name="limit"/>.</summary>
    Task<IReadOnlyList<LowRatedDialog>> LowRated(DateTime from, DateTime to, int maxScore, int limit);
}

/// <summary>
/// The statistics of the whole installation (every workspace: they share one projection). For the operator of the
/// engine (the bootstrap key), not for a workspace's admins.
/// </summary>
public interface IStatisticsMaintenanceGrain : IGrainWithIntegerKey
{
    /// <summary>Projects the timeline events not yet counted; returns how many there were.</summary>
    Task<long> CatchUp();

    /// <summary>Empties the statistics and recomputes them from every timeline; returns how many events it counted.</summary>
    Task<long> Rebuild();
}
