namespace Routing.Storage.Statistics;

/// <summary>
/// The statistics SQL both providers share (named @parameters, which Microsoft.Data.Sqlite and Npgsql both take). The
/// schema (DDL) and the feed read are the providers' own: they differ in types and in how commit order is known.
/// </summary>
internal static class StatsSql
{
    private static readonly string KeyColumns = "workspace, " + string.Join(", ", StatsColumns.Dimensions);
    private static readonly string ValueColumns = string.Join(", ", StatsColumns.Counters.Concat(StatsColumns.Histograms));
    private static readonly string KeyMatch = "workspace = @workspace AND " + string.Join(" AND ", StatsColumns.Dimensions.Select(d => $"{d} = @{d}"));

    public const string ReadCheckpoint = "SELECT generation, tx, position FROM stats_checkpoint WHERE id = 1;";

    public const string AdvanceCheckpoint = """
        UPDATE stats_checkpoint SET tx = @next_tx, position = @next_position
        WHERE id = 1 AND generation = @generation AND tx = @tx AND position = @position;
        """;

    public const string Reset = """
        DELETE FROM stats_hour;
        DELETE FROM stats_source;
        DELETE FROM stats_rating;
        UPDATE stats_checkpoint SET generation = generation + 1, tx = 0, position = 0 WHERE id = 1;
        """;

    public static readonly string ReadBucket = $"SELECT {ValueColumns} FROM stats_hour WHERE {KeyMatch};";

    public static readonly string UpsertBucket = $"""
        INSERT INTO stats_hour ({KeyColumns}, {ValueColumns})
        VALUES (@workspace, {string.Join(", ", StatsColumns.Dimensions.Concat(StatsColumns.Counters).Concat(StatsColumns.Histograms).Select(c => "@" + c))})
        ON CONFLICT ({KeyColumns}) DO UPDATE SET {string.Join(", ", StatsColumns.Counters.Concat(StatsColumns.Histograms).Select(c => $"{c} = excluded.{c}"))};
        """;

    public const string ReadSource = "SELECT state FROM stats_source WHERE source = @source;";

    public const string UpsertSource = """
        INSERT INTO stats_source (source, state) VALUES (@source, @state)
        ON CONFLICT (source) DO UPDATE SET state = excluded.state;
        """;

    public const string InsertRating = """
        INSERT INTO stats_rating (workspace, conversation_id, hour, department, operator, score, scale, rated_at)
        VALUES (@workspace, @conversation_id, @hour, @department, @operator, @score, @scale, @rated_at)
        ON CONFLICT (workspace, conversation_id) DO NOTHING;
        """;

    public const string LowRatings = """
        SELECT conversation_id, hour, department, operator, score, scale, rated_at FROM stats_rating
        WHERE workspace = @workspace AND hour >= @from AND hour < @to AND score <= @max_score
        ORDER BY score, rated_at, conversation_id LIMIT @limit;
        """;

    /// <summary>The expression a group reads: a time grain is a prefix of the local hour text ("yyyy-MM-ddTHH").</summary>
    public static string GroupExpression(StatsGroup group) => group switch
    {
        StatsGroup.Hour => "hour",
        StatsGroup.Day => "substr(hour, 1, 10)",
        StatsGroup.Month => "substr(hour, 1, 7)",
        StatsGroup.Department => "department",
        StatsGroup.Operator => "operator",
        StatsGroup.Channel => "channel",
        StatsGroup.Topic => "topic",
        _ => throw new ArgumentOutOfRangeException(nameof(group), group, "unknown group"),
    };

    /// <summary>Counters summed per group, in SQL.</summary>
    public static string SumQuery(StatsQuery query)
    {
        var groups = Groups(query);
        var sums = string.Join(", ", StatsColumns.Counters.Select(c => $"COALESCE(SUM({c}), 0)"));
        return $"SELECT {Select(groups)}{sums} FROM stats_hour WHERE {Filter(query)}{GroupBy(groups)};";
    }

    /// <summary>The histograms of the buckets that have any, with their group values, for the caller to merge.</summary>
    public static string HistogramQuery(StatsQuery query)
    {
        var groups = Groups(query);
        var any = string.Join(" OR ", StatsColumns.Histograms.Select(h => h + " IS NOT NULL"));
        return $"SELECT {Select(groups)}{string.Join(", ", StatsColumns.Histograms)} FROM stats_hour WHERE {Filter(query)} AND ({any});";
    }

    private static string[] Groups(StatsQuery query) => query.GroupBy.Select(GroupExpression).ToArray();

    private static string Select(string[] groups) => groups.Length == 0 ? "" : string.Join(", ", groups) + ", ";

    private static string GroupBy(string[] groups) =>
        groups.Length == 0 ? "" : $" GROUP BY {string.Join(", ", groups)} ORDER BY {string.Join(", ", groups)}";

    private static string Filter(StatsQuery query) =>
        "workspace = @workspace AND hour >= @from AND hour < @to"
        + (query.Department is null ? "" : " AND department = @department")
        + (query.Operator is null ? "" : " AND operator = @operator");
}
