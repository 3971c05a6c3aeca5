namespace Routing.Storage.Sqlite;

/// <summary>The live minute counts of the statistics (schema version 7) on SQLite.</summary>
internal static class SqliteStatsMinutesSql
{
    /// <summary>
    /// 7: stats_minute, per workspace, department and UTC minute the live figures (arrivals, answered, abandoned, SLA
    /// measured and met), added to by the projection in the transaction that writes the hours and pruned by it to the
    /// last hours. Starts empty: the minutes before the upgrade are not projected again (a rebuild would fill them).
    /// </summary>
    public const string Migration = """
        CREATE TABLE IF NOT EXISTS stats_minute (
            workspace    TEXT    NOT NULL,
            department   TEXT    NOT NULL,
            minute       INTEGER NOT NULL, -- the minute's start, unix microseconds, UTC
            arrivals     INTEGER NOT NULL DEFAULT 0,
            answered     INTEGER NOT NULL DEFAULT 0,
            abandoned    INTEGER NOT NULL DEFAULT 0,
            sla_measured INTEGER NOT NULL DEFAULT 0,
            sla_met      INTEGER NOT NULL DEFAULT 0,
            PRIMARY KEY (workspace, department, minute)
        ) STRICT, WITHOUT ROWID;
        CREATE INDEX IF NOT EXISTS stats_minute_by_minute ON stats_minute (minute);
        """;
}
