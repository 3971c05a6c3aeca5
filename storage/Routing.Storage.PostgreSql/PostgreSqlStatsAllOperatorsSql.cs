namespace Routing.Storage.PostgreSql;

/// <summary>The rollups across operators of the statistics (schema version 9) on PostgreSQL.</summary>
internal static class PostgreSqlStatsAllOperatorsSql
{
    /// <summary>
    /// 9: stats_hour_all, stats_day_all and stats_month_all, the buckets of each grain summed across operators (operator
    /// ""), written by the projection in the transaction that writes the hours; a query that neither groups nor filters
    /// by operator reads them instead of every operator's rows. Existing statistics are rebuilt from the timelines, as
    /// for the rollups of version 7: the histograms of a sum need each event's duration.
    /// </summary>
    public static readonly string Migration = $"""
        {PostgreSqlStatsRollupsSql.RollupTable("stats_hour_all", "hour", "yyyy-MM-ddTHH", allOperators: true)}

        {PostgreSqlStatsRollupsSql.RollupTable("stats_day_all", "day", "yyyy-MM-dd", allOperators: true)}

        {PostgreSqlStatsRollupsSql.RollupTable("stats_month_all", "month", "yyyy-MM", allOperators: true)}

        DELETE FROM stats_hour;
        DELETE FROM stats_day;
        DELETE FROM stats_month;
        DELETE FROM stats_minute;
        DELETE FROM stats_source;
        DELETE FROM stats_rating;
        UPDATE stats_checkpoint SET generation = generation + 1, tx = 0, position = 0 WHERE id = 1;
        """;
}
