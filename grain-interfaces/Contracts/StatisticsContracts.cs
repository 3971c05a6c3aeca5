using Orleans;

namespace Routing.GrainInterfaces;

/// <summary>What statistics are grouped by (R20): a time grain (one at most) and dimensions.</summary>
[GenerateSerializer, Alias("routing.StatsDimension")]
public enum StatsDimension
{
    Hour = 0,
    Day = 1,
    Month = 2,
    Department = 3,
    Operator = 4,
    Channel = 5,
    Topic = 6,
}

/// <summary>
/// A statistics query (R20): the period [<see cref="From"/>, <see cref="To"/>) in local time, whole hours, grouped by
/// <see cref="GroupBy"/>, optionally one department's or one operator's figures only. Local time is the workspace's
/// time zone once an admin set one (hours, days and months too), else each department's own.
/// </summary>
[GenerateSerializer, Immutable, Alias("routing.StatsRequest")]
public sealed record StatsRequest(DateTime From, DateTime To, IReadOnlyList<StatsDimension> GroupBy)
{
    [Id(0)] public string? DepartmentId { get; init; }
    [Id(1)] public string? OperatorId { get; init; }

    /// <summary>Each department's own local hours whatever the workspace's zone (the staffing gap and the live day map them themselves).</summary>
    [Id(2)] public bool InDepartmentZones { get; init; }

    /// <summary>The longest period one query may cover.</summary>
    public static readonly TimeSpan MaxPeriod = TimeSpan.FromDays(366 * 2);

    /// <summary>Why the request cannot be answered, or null.</summary>
    public string? Problem() =>
        From.Minute != 0 || From.Second != 0 || From.Millisecond != 0 || To.Minute != 0 || To.Second != 0 || To.Millisecond != 0
            ? "from and to must be whole hours"
        : To <= From ? "to must be after from"
        : To - From > MaxPeriod ? $"a period is at most {MaxPeriod.TotalDays:0} days"
        : GroupBy.Count(d => d is StatsDimension.Hour or StatsDimension.Day or StatsDimension.Month) > 1 ? "group by one of hour, day and month at most"
        : GroupBy.Distinct().Count() != GroupBy.Count ? "a groupBy dimension is repeated"
        : null;
}

/// <summary>One period's figures per group, and the same groups of the period just before it, side by side.</summary>
[GenerateSerializer, Immutable, Alias("routing.StatsReport")]
public sealed record StatsReport(StatsPeriod Current, StatsPeriod Previous);

[GenerateSerializer, Immutable, Alias("routing.StatsPeriod")]
public sealed record StatsPeriod(DateTime From, DateTime To, IReadOnlyList<StatsGroupFigures> Groups);

/// <summary>A group's values (by dimension name: "hour", "department" ...) and its figures.</summary>
[GenerateSerializer, Immutable, Alias("routing.StatsGroupFigures")]
public sealed record StatsGroupFigures(IReadOnlyDictionary<string, string> Group, StatsFigures Figures);

/// <summary>
/// The measures of R20 for one group of one period. Shares and averages are null where nothing was measured.
/// </summary>
[GenerateSerializer, Immutable, Alias("routing.StatsFigures")]
public sealed record StatsFigures
{
    /// <summary>Dialogs that entered a queue (opened, or handed over by a bot).</summary>
    [Id(0)] public long Offered { get; init; }
    [Id(1)] public long Assigned { get; init; }

    /// <summary>Dialogs an operator replied to (the first reply).</summary>
    [Id(2)] public long Answered { get; init; }
    [Id(3)] public long Rescued { get; init; }
    [Id(4)] public long Transferred { get; init; }

    /// <summary>Closed before any operator replied.</summary>
    [Id(5)] public long Abandoned { get; init; }
    [Id(6)] public long Closed { get; init; }

    /// <summary>Closed after a reply and never transferred: first-contact resolutions.</summary>
    [Id(7)] public long Resolved { get; init; }
    [Id(8)] public long CustomerMessages { get; init; }
    [Id(9)] public long OperatorMessages { get; init; }

    /// <summary>Dialogs whose SLA was decided (answered or abandoned in a department with a first-response target), and those within it.</summary>
    [Id(10)] public long SlaMeasured { get; init; }
    [Id(11)] public long SlaMet { get; init; }
    [Id(12)] public double? SlaShare { get; init; }
    [Id(13)] public long Ratings { get; init; }

    /// <summary>The mean rating normalised to 0 (worst) .. 1 (best), whatever the scale.</summary>
    [Id(14)] public double? RatingAverage { get; init; }
    [Id(15)] public StatsTimes FirstResponse { get; init; } = StatsTimes.None;
    [Id(16)] public StatsTimes Wait { get; init; } = StatsTimes.None;
    [Id(17)] public StatsTimes Handle { get; init; } = StatsTimes.None;

    /// <summary>Operators' time per status, in seconds (counted once the status ends; a group without operators has 0).</summary>
    [Id(18)] public double OnlineSeconds { get; init; }
    [Id(19)] public double AwaySeconds { get; init; }
    [Id(20)] public double OfflineSeconds { get; init; }
    [Id(21)] public double NotRespondingSeconds { get; init; }
    [Id(22)] public double WrappingUpSeconds { get; init; }
}

/// <summary>How many durations were measured, their mean and percentiles, in seconds (HdrHistogram, 3 significant digits).</summary>
[GenerateSerializer, Immutable, Alias("routing.StatsTimes")]
public sealed record StatsTimes(long Count, double? AverageSeconds, double? P50Seconds, double? P90Seconds, double? P99Seconds)
{
    public static readonly StatsTimes None = new(0, null, null, null, null);
}

/// <summary>A rated dialog for a supervisor to review: its conversation, who it was rated for, the score on its scale.</summary>
[GenerateSerializer, Immutable, Alias("routing.LowRatedDialog")]
public sealed record LowRatedDialog(string ConversationId, string DepartmentId, string OperatorId, int Score, int Scale, DateTimeOffset RatedAt);
