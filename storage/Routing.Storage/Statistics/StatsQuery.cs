namespace Routing.Storage.Statistics;

/// <summary>What to group a statistics query by: time (one grain at most) and dimensions.</summary>
public enum StatsGroup
{
    Hour,
    Day,
    Month,
    Department,
    Operator,
    Channel,
    Topic,
}

/// <summary>
/// A period of one workspace's buckets, [<see cref="FromHour"/>, <see cref="ToHour"/>) in local hours
/// ("yyyy-MM-ddTHH"), grouped by <see cref="GroupBy"/>, optionally filtered to one department or operator.
/// </summary>
public sealed record StatsQuery(string Workspace, string FromHour, string ToHour, IReadOnlyList<StatsGroup> GroupBy)
{
    public string? Department { get; init; }
    public string? Operator { get; init; }

    /// <summary>Only the buckets of these departments and operators (or all but them): one time zone's buckets.</summary>
    public StatsScope? Scope { get; init; }

    /// <summary>
    /// The coarsest grain the query may read (<see cref="StatsPeriodPlan"/>): months by default; <see cref="StatsGrain.Hour"/>
    /// answers from the hour buckets alone (what rollups are checked and measured against).
    /// </summary>
    public StatsGrain Coarsest { get; init; } = StatsGrain.Month;

    /// <summary>
    /// Reads the buckets per operator even where the rollups across operators would answer (what those are checked and
    /// measured against).
    /// </summary>
    public bool PerOperator { get; init; }

    /// <summary>
    /// Whether the rollups across operators answer: the query neither groups nor filters by operator, and its scope (if
    /// any) selects no operator's status buckets, which those rollups sum into their department "".
    /// </summary>
    public bool ReadsAllOperators =>
        !PerOperator && Operator is null && !GroupBy.Contains(StatsGroup.Operator) && (Scope is null || Scope.StatusOperators.Count == 0);

    /// <summary>The coarsest grain that still answers the grouping: hours when grouped by hour, days when by day.</summary>
    public StatsGrain CoarsestReadable =>
        GroupBy.Contains(StatsGroup.Hour) ? StatsGrain.Hour
        : GroupBy.Contains(StatsGroup.Day) && Coarsest > StatsGrain.Day ? StatsGrain.Day
        : Coarsest;
}

/// <summary>
/// The buckets of <see cref="Departments"/> and the operator status buckets (department "") of <see cref="StatusOperators"/>;
/// with <see cref="Except"/>, every other bucket. Buckets are keyed by the local hour of their department's (a status
/// bucket: its operator's) time zone, so a scope selects the buckets of one zone.
/// </summary>
public sealed record StatsScope(IReadOnlyList<string> Departments, IReadOnlyList<string> StatusOperators, bool Except = false);

/// <summary>
/// One group of a query: its values for the <see cref="StatsQuery.GroupBy"/> columns (in that order), the summed
/// counters, and every encoded histogram of its buckets per <see cref="StatsTime"/> (the caller merges them).
/// </summary>
public sealed record StatsGroupRow(IReadOnlyList<string> Group, long[] Counters, IReadOnlyList<byte[]>[] Histograms);

/// <summary>The rated dialogs of a period with a score at most <see cref="MaxScore"/>, lowest first, at most <see cref="Limit"/>.</summary>
public sealed record StatsRatingQuery(string Workspace, string FromHour, string ToHour, int MaxScore, int Limit)
{
    /// <summary>When set, the period is these instants [from, to) of the ratings' times instead of the local hours (one zone for every department).</summary>
    public (DateTimeOffset From, DateTimeOffset To)? Instants { get; init; }
}
