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
