namespace Routing.Storage.Sqlite;

/// <summary>
/// Every SQL text of the SQLite provider, schema included. Instants are INTEGER unix microseconds (UTC), the precision
/// PostgreSQL keeps, so both providers store and order deadlines identically. Tables are STRICT (typed) and WITHOUT ROWID
/// (clustered on their primary key, which is how every query looks them up).
/// </summary>
internal static class SqliteSql
{
    public static string ConnectionPragmas(string synchronous, int busyTimeoutMilliseconds) =>
        $"PRAGMA synchronous = {synchronous}; PRAGMA busy_timeout = {busyTimeoutMilliseconds};";

    /// <summary>The writer's page cache (a negative size is in KiB) and how large its write-ahead log grows before a checkpoint.</summary>
    public static string WriterPragmas(int cacheSizeMegabytes, int walAutoCheckpointPages) =>
        $"PRAGMA cache_size = {-1024L * cacheSizeMegabytes}; PRAGMA wal_autocheckpoint = {walAutoCheckpointPages};";

    /// <summary>Returns the journal mode now in force ("wal" on success); persistent in the database file.</summary>
    public const string EnableWal = "PRAGMA journal_mode = WAL;";

    public const string CreateSchemaVersionTable = """
        CREATE TABLE IF NOT EXISTS schema_version (
            version    INTEGER NOT NULL PRIMARY KEY,
            applied_at INTEGER NOT NULL -- unix microseconds, UTC
        ) STRICT;
        """;

    public const string ReadSchemaVersion = "SELECT COALESCE(MAX(version), 0) FROM schema_version;";

    public const string RecordSchemaVersion = "INSERT INTO schema_version (version, applied_at) VALUES (@version, @now);";

    /// <summary>Migration i brings the schema to version i + 1. Append only; never edit a released one.</summary>
    public static readonly IReadOnlyList<string> Migrations =
    [
        """
        CREATE TABLE IF NOT EXISTS grain_state (
            grain_type  TEXT    NOT NULL,
            grain_key   TEXT    NOT NULL,
            state_name  TEXT    NOT NULL,
            payload     BLOB    NULL,     -- NULL once cleared
            version     INTEGER NOT NULL, -- 1 on insert, +1 on every write or clear
            modified_at INTEGER NOT NULL, -- unix microseconds, UTC
            PRIMARY KEY (grain_type, grain_key, state_name)
        ) STRICT, WITHOUT ROWID;

        CREATE TABLE IF NOT EXISTS grain_log (
            grain_type TEXT    NOT NULL,
            grain_key  TEXT    NOT NULL,
            log_name   TEXT    NOT NULL,
            seq        INTEGER NOT NULL,
            payload    BLOB    NOT NULL,
            PRIMARY KEY (grain_type, grain_key, log_name, seq)
        ) STRICT, WITHOUT ROWID;

        CREATE TABLE IF NOT EXISTS grain_deadline (
            grain_type TEXT    NOT NULL,
            grain_key  TEXT    NOT NULL,
            name       TEXT    NOT NULL,
            due_at     INTEGER NOT NULL, -- unix microseconds, UTC
            payload    TEXT    NULL,
            token      TEXT    NOT NULL, -- Guid, "D" format
            PRIMARY KEY (grain_type, grain_key, name)
        ) STRICT, WITHOUT ROWID;

        CREATE INDEX IF NOT EXISTS grain_deadline_due_at ON grain_deadline (due_at, grain_type, grain_key, name);
        """,
        // 2: log truncation. A log's last sequence is MAX(seq) of its rows or, once truncation deleted them, the
        // truncation point kept here: one row per log ever truncated, none for the others.
        """
        CREATE TABLE IF NOT EXISTS grain_log_truncation (
            grain_type        TEXT    NOT NULL,
            grain_key         TEXT    NOT NULL,
            log_name          TEXT    NOT NULL,
            truncated_through INTEGER NOT NULL, -- entries with seq <= this are deleted and may not be appended again
            PRIMARY KEY (grain_type, grain_key, log_name)
        ) STRICT, WITHOUT ROWID;
        """,
        // 3: the grain's hash (its position on Orleans' ring), so each silo reads the deadlines of its own ranges. The
        // due-time index carries it, so "due before T within these ranges" filters in the index; rows stored without a
        // hash are filled in on start (in C#: the hash is Orleans'), found through a partial index that is empty after.
        """
        ALTER TABLE grain_deadline ADD COLUMN grain_hash INTEGER NULL; -- 0 .. 2^32 - 1

        DROP INDEX IF EXISTS grain_deadline_due_at;
        CREATE INDEX IF NOT EXISTS grain_deadline_due_at_hash ON grain_deadline (due_at, grain_type, grain_key, name, grain_hash);
        CREATE INDEX IF NOT EXISTS grain_deadline_unhashed ON grain_deadline (grain_type, grain_key) WHERE grain_hash IS NULL;
        """,
        // 4: statistics (R20). stats_feed lists every timeline row appended and every operator status change, in commit
        // order (triggers fill it in the write's own transaction; AUTOINCREMENT never reuses an id); the projector keeps its checkpoint, hourly buckets,
        // per-conversation facts and ratings beside it and commits all of them in one transaction. Existing timelines are
        // listed once here, so the first projection (or a rebuild) counts them too.
        """
        CREATE TABLE IF NOT EXISTS stats_feed (
            id         INTEGER PRIMARY KEY AUTOINCREMENT,
            grain_type TEXT    NOT NULL,
            grain_key  TEXT    NOT NULL,
            log_name   TEXT    NOT NULL, -- 'timeline' (its row is in grain_log), or 'status' (an operator's status change)
            seq        INTEGER NOT NULL, -- the timeline sequence, or the operator state's version
            payload    BLOB    NULL      -- a status change: {"status":n,"at":unix microseconds}; NULL for timeline rows
        ) STRICT;

        CREATE TRIGGER IF NOT EXISTS stats_feed_timeline AFTER INSERT ON grain_log
        WHEN NEW.grain_type = 'conversation' AND NEW.log_name = 'timeline'
        BEGIN
            INSERT INTO stats_feed (grain_type, grain_key, log_name, seq) VALUES (NEW.grain_type, NEW.grain_key, NEW.log_name, NEW.seq);
        END;

        -- An operator's status history: every state write that changes its status (JSON "status"), at the write's time.
        CREATE TRIGGER IF NOT EXISTS stats_feed_status_insert AFTER INSERT ON grain_state
        WHEN NEW.grain_type = 'operator' AND NEW.payload IS NOT NULL
        BEGIN
            INSERT INTO stats_feed (grain_type, grain_key, log_name, seq, payload)
            VALUES (NEW.grain_type, NEW.grain_key, 'status', NEW.version,
                    CAST(json_object('status', json_extract(CAST(NEW.payload AS TEXT), '$.status'), 'at', NEW.modified_at) AS BLOB));
        END;
        CREATE TRIGGER IF NOT EXISTS stats_feed_status_update AFTER UPDATE ON grain_state
        WHEN NEW.grain_type = 'operator' AND NEW.payload IS NOT NULL
            AND json_extract(CAST(NEW.payload AS TEXT), '$.status') IS NOT json_extract(CAST(OLD.payload AS TEXT), '$.status')
        BEGIN
            INSERT INTO stats_feed (grain_type, grain_key, log_name, seq, payload)
            VALUES (NEW.grain_type, NEW.grain_key, 'status', NEW.version,
                    CAST(json_object('status', json_extract(CAST(NEW.payload AS TEXT), '$.status'), 'at', NEW.modified_at) AS BLOB));
        END;

        INSERT INTO stats_feed (grain_type, grain_key, log_name, seq)
        SELECT grain_type, grain_key, log_name, seq FROM grain_log
        WHERE grain_type = 'conversation' AND log_name = 'timeline' ORDER BY grain_key, seq;

        CREATE TABLE IF NOT EXISTS stats_checkpoint (
            id         INTEGER NOT NULL PRIMARY KEY CHECK (id = 1),
            generation INTEGER NOT NULL, -- +1 per rebuild
            tx         INTEGER NOT NULL, -- always 0: SQLite commits one writer at a time, so ids are in commit order
            position   INTEGER NOT NULL  -- the last stats_feed id projected
        ) STRICT;
        INSERT OR IGNORE INTO stats_checkpoint (id, generation, tx, position) VALUES (1, 0, 0, 0);

        CREATE TABLE IF NOT EXISTS stats_hour (
            workspace            TEXT    NOT NULL,
            hour                 TEXT    NOT NULL, -- local "yyyy-MM-ddTHH"
            department           TEXT    NOT NULL,
            operator             TEXT    NOT NULL, -- '' for measures of no operator
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
            PRIMARY KEY (workspace, hour, department, operator, channel, topic)
        ) STRICT, WITHOUT ROWID;

        CREATE TABLE IF NOT EXISTS stats_source (
            source TEXT NOT NULL PRIMARY KEY, -- the conversation's grain key
            state  BLOB NOT NULL              -- its facts so far (JSON)
        ) STRICT, WITHOUT ROWID;

        CREATE TABLE IF NOT EXISTS stats_rating (
            workspace       TEXT    NOT NULL,
            conversation_id TEXT    NOT NULL,
            hour            TEXT    NOT NULL,
            department      TEXT    NOT NULL,
            operator        TEXT    NOT NULL,
            score           INTEGER NOT NULL,
            scale           INTEGER NOT NULL,
            rated_at        INTEGER NOT NULL, -- unix microseconds, UTC
            PRIMARY KEY (workspace, conversation_id)
        ) STRICT, WITHOUT ROWID;
        CREATE INDEX IF NOT EXISTS stats_rating_by_hour ON stats_rating (workspace, hour, score);
        """,
        SqliteSearchSql.Migration,
        SqliteStatsRollupsSql.Migration,
        SqliteStatsMinutesSql.Migration,
        SqliteStatsAllOperatorsSql.Migration,
    ];

    // Writes: parameters @type, @key, @name name the row in every statement.

    public const string InsertState = """
        INSERT INTO grain_state (grain_type, grain_key, state_name, payload, version, modified_at)
        VALUES (@type, @key, @name, @payload, 1, @now)
        ON CONFLICT DO NOTHING;
        """;

    public const string UpdateState = """
        UPDATE grain_state SET payload = @payload, version = @expected + 1, modified_at = @now
        WHERE grain_type = @type AND grain_key = @key AND state_name = @name AND version = @expected;
        """;

    public const string ClearState = """
        UPDATE grain_state SET payload = NULL, version = @expected + 1, modified_at = @now
        WHERE grain_type = @type AND grain_key = @key AND state_name = @name AND version = @expected;
        """;

    public const string ReadStateVersion =
        "SELECT version FROM grain_state WHERE grain_type = @type AND grain_key = @key AND state_name = @name;";

    public const string InsertLogEntry =
        "INSERT INTO grain_log (grain_type, grain_key, log_name, seq, payload) VALUES (@type, @key, @name, @seq, @payload);";

    public const string ReadTruncationPoint =
        "SELECT truncated_through FROM grain_log_truncation WHERE grain_type = @type AND grain_key = @key AND log_name = @name;";

    /// <summary>
    /// Raises the truncation point to @through, capped at the log's last sequence (before the entries are deleted):
    /// truncating beyond the end must not take sequences never appended. Inserts no row while that is 0.
    /// </summary>
    public const string RaiseTruncationPoint = """
        INSERT INTO grain_log_truncation (grain_type, grain_key, log_name, truncated_through)
        SELECT @type, @key, @name, through FROM (
            SELECT MIN(@through, COALESCE(MAX(seq), 0)) AS through FROM grain_log
            WHERE grain_type = @type AND grain_key = @key AND log_name = @name)
        WHERE through > 0
        ON CONFLICT (grain_type, grain_key, log_name) DO UPDATE
        SET truncated_through = MAX(truncated_through, excluded.truncated_through);
        """;

    public const string DeleteLogEntries =
        "DELETE FROM grain_log WHERE grain_type = @type AND grain_key = @key AND log_name = @name AND seq <= @through;";

    public const string UpsertDeadline = """
        INSERT INTO grain_deadline (grain_type, grain_key, name, due_at, payload, token, grain_hash)
        VALUES (@type, @key, @name, @due, @payload, @token, @hash)
        ON CONFLICT (grain_type, grain_key, name) DO UPDATE
        SET due_at = excluded.due_at, payload = excluded.payload, token = excluded.token, grain_hash = excluded.grain_hash;
        """;

    public const string DeleteDeadlineWithToken =
        "DELETE FROM grain_deadline WHERE grain_type = @type AND grain_key = @key AND name = @name AND token = @token;";

    public const string DeleteDeadline =
        "DELETE FROM grain_deadline WHERE grain_type = @type AND grain_key = @key AND name = @name;";

    /// <summary>@type, @key name the grain (not a deadline: @name is unused); @hash its hash.</summary>
    public const string SetDeadlineHash =
        "UPDATE grain_deadline SET grain_hash = @hash WHERE grain_type = @type AND grain_key = @key AND grain_hash IS NULL;";

    // Reads.

    public const string Ping = "SELECT 1;";

    public const string ReadState =
        "SELECT payload, version FROM grain_state WHERE grain_type = @type AND grain_key = @key AND state_name = @name;";

    public const string ReadLog = """
        SELECT seq, payload FROM grain_log
        WHERE grain_type = @type AND grain_key = @key AND log_name = @name AND seq >= @from
        ORDER BY seq LIMIT @max;
        """;

    /// <summary>The highest sequence ever appended: the last entry's, or the truncation point once that is higher.</summary>
    public const string ReadLastSequence = """
        SELECT MAX(
            (SELECT COALESCE(MAX(seq), 0) FROM grain_log
             WHERE grain_type = @type AND grain_key = @key AND log_name = @name),
            (SELECT COALESCE(MAX(truncated_through), 0) FROM grain_log_truncation
             WHERE grain_type = @type AND grain_key = @key AND log_name = @name));
        """;

    public const string ReadDueDeadlines = """
        SELECT grain_type, grain_key, name, due_at, payload, token, grain_hash FROM grain_deadline
        WHERE due_at <= @until
        ORDER BY due_at, grain_type, grain_key, name LIMIT @max;
        """;

    /// <summary>
    /// @until, @max, and @low{i}, @high{i} for each of <paramref name="intervals"/> inclusive hash intervals. Walks the
    /// due-time index in order and tests the hash it carries, so it reads only what is due, never a whole range.
    /// </summary>
    public static string ReadDueDeadlinesInHashIntervals(int intervals) => $"""
        SELECT grain_type, grain_key, name, due_at, payload, token, grain_hash FROM grain_deadline
        WHERE due_at <= @until AND ({string.Join(" OR ", Enumerable.Range(0, intervals).Select(i => $"grain_hash BETWEEN @low{i} AND @high{i}"))})
        ORDER BY due_at, grain_type, grain_key, name LIMIT @max;
        """;

    public const string ReadGrainsWithUnhashedDeadlines =
        "SELECT DISTINCT grain_type, grain_key FROM grain_deadline WHERE grain_hash IS NULL LIMIT @max;";
}
