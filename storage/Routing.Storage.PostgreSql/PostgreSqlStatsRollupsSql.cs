namespace Routing.Storage.PostgreSql;

/// <summary>The day and month rollups of the statistics (schema version 7) on PostgreSQL.</summary>
internal static class PostgreSqlStatsRollupsSql
{
    /// <summary>
    /// 7: stats_day and stats_month, the hour buckets summed per local day and month (same columns, keyed by a prefix of
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
            workspace            text COLLATE "C" NOT NULL,
            {time,-20} text COLLATE "C" NOT NULL, -- local "{format}"
            department           text COLLATE "C" NOT NULL,
            operator             text COLLATE "C" NOT NULL{(allOperators ? " CHECK (operator = '')" : "")},
            channel              text COLLATE "C" NOT NULL,
            topic                text COLLATE "C" NOT NULL,
            offered              bigint NOT NULL DEFAULT 0,
            assigned             bigint NOT NULL DEFAULT 0,
            answered             bigint NOT NULL DEFAULT 0,
            rescued              bigint NOT NULL DEFAULT 0,
            transferred          bigint NOT NULL DEFAULT 0,
            abandoned            bigint NOT NULL DEFAULT 0,
            closed               bigint NOT NULL DEFAULT 0,
            sla_measured         bigint NOT NULL DEFAULT 0,
            sla_met              bigint NOT NULL DEFAULT 0,
            resolved             bigint NOT NULL DEFAULT 0,
            customer_messages    bigint NOT NULL DEFAULT 0,
            operator_messages    bigint NOT NULL DEFAULT 0,
            ratings              bigint NOT NULL DEFAULT 0,
            rating_micros        bigint NOT NULL DEFAULT 0,
            first_response_count bigint NOT NULL DEFAULT 0,
            first_response_ms    bigint NOT NULL DEFAULT 0,
            wait_count           bigint NOT NULL DEFAULT 0,
            wait_ms              bigint NOT NULL DEFAULT 0,
            handle_count         bigint NOT NULL DEFAULT 0,
            handle_ms            bigint NOT NULL DEFAULT 0,
            online_ms            bigint NOT NULL DEFAULT 0,
            away_ms              bigint NOT NULL DEFAULT 0,
            offline_ms           bigint NOT NULL DEFAULT 0,
            not_responding_ms    bigint NOT NULL DEFAULT 0,
            wrapping_up_ms       bigint NOT NULL DEFAULT 0,
            first_response_hist  bytea NULL,
            wait_hist            bytea NULL,
            handle_hist          bytea NULL,
            PRIMARY KEY (workspace, {time}, department, operator, channel, topic)
        );
        """;
}
