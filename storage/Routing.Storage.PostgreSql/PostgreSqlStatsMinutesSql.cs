namespace Routing.Storage.PostgreSql;

/// <summary>The live minute counts of the statistics (schema version 8) on PostgreSQL.</summary>
internal static class PostgreSqlStatsMinutesSql
{
    /// <summary>
    /// 8: stats_minute, per workspace, department and UTC minute the live figures (arrivals, answered, abandoned, SLA
    /// measured and met), added to by the projection in the transaction that writes the hours and pruned by it to the
    /// last hours. Starts empty: the minutes before the upgrade are not projected again (a rebuild would fill them).
    /// </summary>
    public const string Migration = """
        CREATE TABLE IF NOT EXISTS stats_minute (
            workspace    text COLLATE "C" NOT NULL,
            department   text COLLATE "C" NOT NULL,
            minute       bigint NOT NULL, -- the minute's start, unix microseconds, UTC
            arrivals     bigint NOT NULL DEFAULT 0,
            answered     bigint NOT NULL DEFAULT 0,
            abandoned    bigint NOT NULL DEFAULT 0,
            sla_measured bigint NOT NULL DEFAULT 0,
            sla_met      bigint NOT NULL DEFAULT 0,
            PRIMARY KEY (workspace, department, minute)
        );
        CREATE INDEX IF NOT EXISTS stats_minute_by_minute ON stats_minute (minute);
        """;
}
