namespace Routing.Storage.Statistics;

/// <summary>
/// The time grains the statistics are kept in: the hourly buckets and the day and month rollups the projection writes
/// beside them in the same transaction. A rollup is keyed by a prefix of the local hour ("yyyy-MM-dd", "yyyy-MM"), so
/// it is in the same time zone as its hours and holds exactly the sum of the hour buckets with that prefix. Each grain
/// also has a rollup across operators (<see cref="StatsBucketKey.AllOperators"/>): the queries that neither group nor
/// filter by operator read it, about a hundredth of the rows.
/// </summary>
public enum StatsGrain
{
    Hour,
    Day,
    Month,
}

public static class StatsGrains
{
    public static readonly IReadOnlyList<StatsGrain> All = [StatsGrain.Hour, StatsGrain.Day, StatsGrain.Month];

    /// <summary>The length of a grain's key text: "yyyy-MM-ddTHH", "yyyy-MM-dd", "yyyy-MM".</summary>
    public static int KeyLength(StatsGrain grain) => grain switch
    {
        StatsGrain.Hour => 13,
        StatsGrain.Day => 10,
        StatsGrain.Month => 7,
        _ => throw new ArgumentOutOfRangeException(nameof(grain), grain, "unknown grain"),
    };

    /// <summary>The grain of a key's time text, from its length (the three formats differ in length).</summary>
    public static StatsGrain Of(string period) => period.Length switch
    {
        13 => StatsGrain.Hour,
        10 => StatsGrain.Day,
        7 => StatsGrain.Month,
        _ => throw new ArgumentException($"'{period}' is no statistics hour, day or month", nameof(period)),
    };

    /// <summary>The table a grain's buckets are kept in (per operator, or <paramref name="allOperators"/>: summed across them), and its time column.</summary>
    public static (string Table, string TimeColumn) TableOf(StatsGrain grain, bool allOperators = false)
    {
        var (table, time) = grain switch
        {
            StatsGrain.Hour => ("stats_hour", "hour"),
            StatsGrain.Day => ("stats_day", "day"),
            StatsGrain.Month => ("stats_month", "month"),
            _ => throw new ArgumentOutOfRangeException(nameof(grain), grain, "unknown grain"),
        };
        return (allOperators ? table + "_all" : table, time);
    }

    /// <summary>The table of a key's bucket, and its time column.</summary>
    public static (string Table, string TimeColumn) TableOf(StatsBucketKey key) => TableOf(key.Grain, key.AllOperators);

    /// <summary>The day and month rollup keys of an hourly bucket's key, then the hour's, day's and month's rollups across operators.</summary>
    public static IEnumerable<StatsBucketKey> RollupsOf(StatsBucketKey hourKey)
    {
        var day = hourKey with { Hour = hourKey.Hour[..KeyLength(StatsGrain.Day)] };
        var month = hourKey with { Hour = hourKey.Hour[..KeyLength(StatsGrain.Month)] };
        return [day, month, AllOperatorsOf(hourKey), AllOperatorsOf(day), AllOperatorsOf(month)];
    }

    /// <summary>The key of the rollup across operators that a bucket's key adds to.</summary>
    public static StatsBucketKey AllOperatorsOf(StatsBucketKey key) => key with { Operator = "", AllOperators = true };
}
