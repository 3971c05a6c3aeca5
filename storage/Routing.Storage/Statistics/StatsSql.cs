using System.Text;

namespace Routing.Storage.Statistics;

/// <summary>
/// The statistics SQL both providers share (named @parameters, which Microsoft.Data.Sqlite and Npgsql both take). The
/// schema (DDL) and the feed read are the providers' own: they differ in types and in how commit order is known.
/// Buckets of each grain, per operator and across operators, live in their own table (<see cref="StatsGrains.TableOf"/>)
/// with the same columns but the time column's name.
/// </summary>
internal static class StatsSql
{
    private static readonly IReadOnlyList<string> OtherDimensions = StatsColumns.Dimensions.Skip(1).ToArray();
    private static readonly IReadOnlyList<string> ValueColumns = [.. StatsColumns.Counters, .. StatsColumns.Histograms];

    /// <summary>Parameters per bucket row: the key (workspace, time, dimensions), then counters, then histograms.</summary>
    public static readonly int BucketWidth = 1 + StatsColumns.Dimensions.Count + ValueColumns.Count;

    /// <summary>Parameters per key row (workspace, time, dimensions).</summary>
    public static readonly int KeyWidth = 1 + StatsColumns.Dimensions.Count;

    public const string ReadCheckpoint = "SELECT generation, tx, position FROM stats_checkpoint WHERE id = 1;";

    public const string AdvanceCheckpoint = """
        UPDATE stats_checkpoint SET tx = @next_tx, position = @next_position
        WHERE id = 1 AND generation = @generation AND tx = @tx AND position = @position;
        """;

    public const string Reset = """
        DELETE FROM stats_hour;
        DELETE FROM stats_day;
        DELETE FROM stats_month;
        DELETE FROM stats_hour_all;
        DELETE FROM stats_day_all;
        DELETE FROM stats_month_all;
        DELETE FROM stats_minute;
        DELETE FROM stats_source;
        DELETE FROM stats_rating;
        UPDATE stats_checkpoint SET generation = generation + 1, tx = 0, position = 0 WHERE id = 1;
        """;

    private static string KeyColumns(string time) => "workspace, " + string.Join(", ", [time, .. OtherDimensions]);

    /// <summary>
    /// The stored buckets of <paramref name="count"/> keys of one table (<see cref="StatsGrains.TableOf"/>), in one query:
    /// parameters @k{row}_{column}, columns in <see cref="KeyWidth"/> order; returns the key columns, then the values.
    /// </summary>
    public static string ReadBuckets((string Table, string TimeColumn) of, int count)
    {
        var (table, time) = of;
        var keyNames = new[] { "workspace", "t" }.Concat(OtherDimensions).ToArray();
        var match = string.Join(" AND ", keyNames.Zip(new[] { "workspace", time }.Concat(OtherDimensions)).Select(p => $"b.{p.Second} = k.{p.First}"));
        return $"WITH k({string.Join(", ", keyNames)}) AS (VALUES {Rows("k", count, KeyWidth)}) "
            + $"SELECT {string.Join(", ", new[] { "workspace", time }.Concat(OtherDimensions).Concat(ValueColumns).Select(c => "b." + c))} "
            + $"FROM {table} b JOIN k ON {match};";
    }

    /// <summary>Writes <paramref name="count"/> buckets of one table (parameters @b{row}_{column} in <see cref="BucketWidth"/> order), replacing stored values.</summary>
    public static string UpsertBuckets((string Table, string TimeColumn) of, int count) => $"""
        INSERT INTO {of.Table} ({KeyColumns(of.TimeColumn)}, {string.Join(", ", ValueColumns)})
        VALUES {Rows("b", count, BucketWidth)}
        ON CONFLICT ({KeyColumns(of.TimeColumn)}) DO UPDATE SET {string.Join(", ", ValueColumns.Select(c => $"{c} = excluded.{c}"))};
        """;

    /// <summary>The states of <paramref name="count"/> sources, parameters @s{row}_0.</summary>
    public static string ReadSources(int count) => $"SELECT source, state FROM stats_source WHERE source IN ({string.Join(", ", Enumerable.Range(0, count).Select(i => $"@s{i}_0"))});";

    /// <summary>Writes <paramref name="count"/> sources' states, parameters @s{row}_0 (source), @s{row}_1 (state).</summary>
    public static string UpsertSources(int count) => $"""
        INSERT INTO stats_source (source, state) VALUES {Rows("s", count, 2)}
        ON CONFLICT (source) DO UPDATE SET state = excluded.state;
        """;

    /// <summary>Inserts <paramref name="count"/> ratings, parameters @r{row}_0..7 in the column order.</summary>
    public static string InsertRatings(int count) => $"""
        INSERT INTO stats_rating (workspace, conversation_id, hour, department, operator, score, scale, rated_at)
        VALUES {Rows("r", count, 8)}
        ON CONFLICT (workspace, conversation_id) DO NOTHING;
        """;

    /// <summary>Adds <paramref name="count"/> minute rows to the stored counts, parameters @m{row}_0..7 in the column order.</summary>
    public static string AddMinutes(int count) => $"""
        INSERT INTO stats_minute (workspace, department, minute, arrivals, answered, abandoned, sla_measured, sla_met)
        VALUES {Rows("m", count, 8)}
        ON CONFLICT (workspace, department, minute) DO UPDATE SET
            arrivals = stats_minute.arrivals + excluded.arrivals, answered = stats_minute.answered + excluded.answered,
            abandoned = stats_minute.abandoned + excluded.abandoned, sla_measured = stats_minute.sla_measured + excluded.sla_measured,
            sla_met = stats_minute.sla_met + excluded.sla_met;
        """;

    public const string PruneMinutes = "DELETE FROM stats_minute WHERE minute < @keep_from;";

    /// <summary>A workspace's minute rows in [@from, @to) (unix µs).</summary>
    public const string ReadMinutes = """
        SELECT department, minute, arrivals, answered, abandoned, sla_measured, sla_met FROM stats_minute
        WHERE workspace = @workspace AND minute >= @from AND minute < @to
        ORDER BY minute, department;
        """;

    /// <summary>The low ratings of a period of local hours (@from, @to as text) or, <paramref name="byInstant"/>, of rated_at (unix µs).</summary>
    public static string LowRatings(bool byInstant) => $"""
        SELECT conversation_id, hour, department, operator, score, scale, rated_at FROM stats_rating
        WHERE workspace = @workspace AND {(byInstant ? "rated_at" : "hour")} >= @from AND {(byInstant ? "rated_at" : "hour")} < @to AND score <= @max_score
        ORDER BY score, rated_at, conversation_id LIMIT @limit;
        """;

    /// <summary>The expression a group reads: a time grain is a prefix of the bucket's time text (its hour, day or month).</summary>
    public static string GroupExpression(StatsGroup group) => group switch
    {
        StatsGroup.Hour => "t",
        StatsGroup.Day => "substr(t, 1, 10)",
        StatsGroup.Month => "substr(t, 1, 7)",
        StatsGroup.Department => "department",
        StatsGroup.Operator => "operator",
        StatsGroup.Channel => "channel",
        StatsGroup.Topic => "topic",
        _ => throw new ArgumentOutOfRangeException(nameof(group), group, "unknown group"),
    };

    /// <summary>Counters summed per group, in SQL, over the parts of the period (parameters @p{i}_from, @p{i}_to).</summary>
    public static string SumQuery(StatsQuery query, IReadOnlyList<StatsPeriodPart> parts)
    {
        var groups = Groups(query);
        var sums = string.Join(", ", StatsColumns.Counters.Select(c => $"COALESCE(SUM({c}), 0)"));
        return $"SELECT {Select(groups)}{sums} FROM ({Union(query, parts, StatsColumns.Counters, "")}) AS b{GroupBy(groups)};";
    }

    /// <summary>The histograms of the buckets that have any, with their group values, for the caller to merge.</summary>
    public static string HistogramQuery(StatsQuery query, IReadOnlyList<StatsPeriodPart> parts)
    {
        var groups = Groups(query);
        var any = " AND (" + string.Join(" OR ", StatsColumns.Histograms.Select(h => h + " IS NOT NULL")) + ")";
        return $"SELECT {Select(groups)}{string.Join(", ", StatsColumns.Histograms)} FROM ({Union(query, parts, StatsColumns.Histograms, any)}) AS b;";
    }

    // One SELECT per part from its grain's table (across operators where that answers), its time column as t; the
    // filters sit in each, beside the key's index.
    private static string Union(StatsQuery query, IReadOnlyList<StatsPeriodPart> parts, IReadOnlyList<string> values, string extra) =>
        parts.Count == 0
            ? $"SELECT {string.Join(", ", new[] { "'' AS t" }.Concat(OtherDimensions).Concat(values))} FROM stats_hour WHERE 1 = 0"
            : string.Join(" UNION ALL ", parts.Select((part, i) =>
            {
                var (table, time) = StatsGrains.TableOf(part.Grain, query.ReadsAllOperators);
                return $"SELECT {string.Join(", ", new[] { $"{time} AS t" }.Concat(OtherDimensions).Concat(values))} FROM {table} "
                    + $"WHERE workspace = @workspace AND {time} >= @p{i}_from AND {time} < @p{i}_to{Filter(query)}{extra}";
            }));

    private static string Rows(string prefix, int count, int width)
    {
        var text = new StringBuilder(count * width * 8);
        for (var row = 0; row < count; row++)
        {
            if (row > 0) text.Append(", ");
            text.Append('(');
            for (var column = 0; column < width; column++) text.Append(column == 0 ? "" : ", ").Append('@').Append(prefix).Append(row).Append('_').Append(column);
            text.Append(')');
        }
        return text.ToString();
    }

    private static string[] Groups(StatsQuery query) => query.GroupBy.Select(GroupExpression).ToArray();

    private static string Select(string[] groups) => groups.Length == 0 ? "" : string.Join(", ", groups) + ", ";

    private static string GroupBy(string[] groups) =>
        groups.Length == 0 ? "" : $" GROUP BY {string.Join(", ", groups)} ORDER BY {string.Join(", ", groups)}";

    private static string Filter(StatsQuery query) =>
        (query.Department is null ? "" : " AND department = @department")
        + (query.Operator is null ? "" : " AND operator = @operator")
        + (query.Scope is { } scope ? $" AND {(scope.Except ? "NOT " : "")}({In("department", "sd", scope.Departments.Count)} OR "
            + $"(department = '' AND {In("operator", "so", scope.StatusOperators.Count)}))" : "");

    // "column IN (@p0, @p1 ...)"; no values: false.
    private static string In(string column, string prefix, int count) =>
        count == 0 ? "1 = 0" : $"{column} IN ({string.Join(", ", Enumerable.Range(0, count).Select(i => $"@{prefix}{i}"))})";
}
