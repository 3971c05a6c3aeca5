namespace Routing.Storage.Sqlite;

/// <summary>The day and month rollups of the statistics (schema version 6) on SQLite.</summary>
internal static class SqliteStatsRollupsSql
{
    /// <summary>
    /// 6: stats_day and stats_month, the hour buckets summed per local day and month (same columns, keyed by a prefix of
    /// the hour), written by the projection in the transaction that writes the hours. A period query reads the coarsest
    /// grain that covers each part of the period. Existing statistics are rebuilt from the timelines.
    /// </summary>
    public static readonly string Migration = $"""
        {RollupTable("stats_day", "day", "yyyy-MM-dd")}

        {RollupTable("stats_month", "month", "yyyy-MM")}

        -- The rollups need each event's durations for their histograms, which the hour buckets no longer have: the
        -- statistics are projected again from the timelines (a rebuild), by the next projection round.
        DELETE FROM stats_hour;
        DELETE FROM stats_source;
        DELETE FROM stats_rating;
        UPDATE stats_checkpoint SET generation = generation + 1, tx = 0, position = 0 WHERE id = 1;
        """;

    // Every rollup has the columns of stats_hour but the time column; one across operators keeps operator "".
    internal static string RollupTable(string table, string time, string format, bool allOperators = false) => $"""
        CREATE TABLE IF NOT EXISTS {table} (
            workspace            TEXT    NOT NULL,
            {time,-20} TEXT    NOT NULL, -- local "{format}"
            department           TEXT    NOT NULL,
            operator             TEXT    NOT NULL{(allOperators ? " CHECK (operator = '')" : "")},
            channel              TEXT    NOT NULL,
            topic                TEXT    NOT NULL,
            offered              INTEGER NOT NULL DEFAULT 0,
            assigned             INTEGER NOT NULL DEFAULT 0,
            answered             INTEGER NOT NULL DEFAULT 0,
            rescued              INTEGER NOT NULL DEFAULT 0,
            transferred          INTEGER NOT NULL DEFAULT 0,
            abandoned            INTEGER NOT NULL DEFAULT 0,
            closed               INTEGER NOT NULL DEFAULT 0,
            sla_measured         INTEGER NOT NULL DEFAULT 0,
            sla_met              INTEGER NOT NULL DEFAULT 0,
            resolved             INTEGER NOT NULL DEFAULT 0,
            customer_messages    INTEGER NOT NULL DEFAULT 0,
            operator_messages    INTEGER NOT NULL DEFAULT 0,
            ratings              INTEGER NOT NULL DEFAULT 0,
            rating_micros        INTEGER NOT NULL DEFAULT 0,
            first_response_count INTEGER NOT NULL DEFAULT 0,
            first_response_ms    INTEGER NOT NULL DEFAULT 0,
            wait_count           INTEGER NOT NULL DEFAULT 0,
            wait_ms              INTEGER NOT NULL DEFAULT 0,
            handle_count         INTEGER NOT NULL DEFAULT 0,
            handle_ms            INTEGER NOT NULL DEFAULT 0,
            online_ms            INTEGER NOT NULL DEFAULT 0,
            away_ms              INTEGER NOT NULL DEFAULT 0,
            offline_ms           INTEGER NOT NULL DEFAULT 0,
            not_responding_ms    INTEGER NOT NULL DEFAULT 0,
            wrapping_up_ms       INTEGER NOT NULL DEFAULT 0,
            first_response_hist  BLOB NULL,
            wait_hist            BLOB NULL,
            handle_hist          BLOB NULL,
            PRIMARY KEY (workspace, {time}, department, operator, channel, topic)
        ) STRICT, WITHOUT ROWID;
        """;
}
