namespace Routing.Storage.PostgreSql;

/// <summary>
/// Every SQL text of the PostgreSQL provider, schema included. Tables are unqualified: the connection's search_path is
/// set to the configured schema. Parameters are positional ($1...), so Npgsql sends them as is and can auto-prepare.
/// Key columns use the "C" collation: byte order, as SQLite compares, so both providers order deadlines identically.
/// </summary>
internal static class PostgreSqlSql
{
    /// <summary>Held for the migration transaction, so several silos starting at once migrate one after the other.</summary>
    public const long MigrationLockKey = 0x526F7574696E67; // "Routing"

    public const string LockMigrations = "SELECT pg_advisory_xact_lock($1);";

    public const string SchemaExists = "SELECT EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = $1);";

    /// <param name="schema">A validated lower-case identifier.</param>
    public static string CreateSchema(string schema) => $"CREATE SCHEMA IF NOT EXISTS \"{schema}\";";

    /// <summary>Whether a table (a lower-case name) exists in the connection's schema.</summary>
    public const string TableExists = "SELECT to_regclass($1) IS NOT NULL;";

    public const string CreateSchemaVersionTable = """
        CREATE TABLE IF NOT EXISTS schema_version (
            version    integer     NOT NULL PRIMARY KEY,
            applied_at timestamptz NOT NULL DEFAULT now()
        );
        """;

    public const string ReadSchemaVersion = "SELECT COALESCE(MAX(version), 0) FROM schema_version;";

    public const string RecordSchemaVersion = "INSERT INTO schema_version (version) VALUES ($1);";

    /// <summary>Migration i brings the schema to version i + 1. Append only; never edit a released one.</summary>
    public static readonly IReadOnlyList<string> Migrations =
    [
        """
        CREATE TABLE IF NOT EXISTS grain_state (
            grain_type  text COLLATE "C" NOT NULL,
            grain_key   text COLLATE "C" NOT NULL,
            state_name  text COLLATE "C" NOT NULL,
            payload     bytea       NULL,     -- NULL once cleared
            version     bigint      NOT NULL, -- 1 on insert, +1 on every write or clear
            modified_at timestamptz NOT NULL,
            PRIMARY KEY (grain_type, grain_key, state_name)
        );

        CREATE TABLE IF NOT EXISTS grain_log (
            grain_type text COLLATE "C" NOT NULL,
            grain_key  text COLLATE "C" NOT NULL,
            log_name   text COLLATE "C" NOT NULL,
            seq        bigint NOT NULL,
            payload    bytea  NOT NULL,
            PRIMARY KEY (grain_type, grain_key, log_name, seq)
        );

        CREATE TABLE IF NOT EXISTS grain_deadline (
            grain_type text COLLATE "C" NOT NULL,
            grain_key  text COLLATE "C" NOT NULL,
            name       text COLLATE "C" NOT NULL,
            due_at     timestamptz NOT NULL,
            payload    text        NULL,
            token      uuid        NOT NULL,
            PRIMARY KEY (grain_type, grain_key, name)
        );

        CREATE INDEX IF NOT EXISTS grain_deadline_due_at ON grain_deadline (due_at, grain_type, grain_key, name);
        """,
        // 2: log truncation. A log's last sequence is MAX(seq) of its rows or, once truncation deleted them, the
        // truncation point kept here: one row per log ever truncated, none for the others.
        """
        CREATE TABLE IF NOT EXISTS grain_log_truncation (
            grain_type        text COLLATE "C" NOT NULL,
            grain_key         text COLLATE "C" NOT NULL,
            log_name          text COLLATE "C" NOT NULL,
            truncated_through bigint NOT NULL, -- entries with seq <= this are deleted and may not be appended again
            PRIMARY KEY (grain_type, grain_key, log_name)
        );
        """,
        // 3: the grain's hash (its position on Orleans' ring), so each silo reads the deadlines of its own ranges. The
        // due-time index carries it, so "due before T within these ranges" filters in the index; rows stored without a
        // hash are filled in on start (in C#: the hash is Orleans'), found through a partial index that is empty after.
        """
        ALTER TABLE grain_deadline ADD COLUMN IF NOT EXISTS grain_hash bigint NULL; -- 0 .. 2^32 - 1

        DROP INDEX IF EXISTS grain_deadline_due_at;
        CREATE INDEX IF NOT EXISTS grain_deadline_due_at_hash ON grain_deadline (due_at, grain_type, grain_key, name, grain_hash);
        CREATE INDEX IF NOT EXISTS grain_deadline_unhashed ON grain_deadline (grain_type, grain_key) WHERE grain_hash IS NULL;
        """,
        // 4: statistics (R20). stats_feed lists every timeline row appended and every operator status change (triggers fill
        // it in the write's own transaction). Ids are drawn before commit, so their order is not commit order across concurrent writers: the feed
        // is read in (writer transaction id, id) order and only below the oldest transaction still running, so a row is
        // never passed over because an older transaction committed late. The projector keeps its checkpoint, hourly
        // buckets, per-conversation facts and ratings beside it and commits all of them in one transaction. Existing
        // timelines are listed once here, so the first projection (or a rebuild) counts them too.
        """
        CREATE TABLE IF NOT EXISTS stats_feed (
            id         bigserial PRIMARY KEY,
            tx         xid8 NOT NULL DEFAULT pg_current_xact_id(),
            grain_type text COLLATE "C" NOT NULL,
            grain_key  text COLLATE "C" NOT NULL,
            log_name   text COLLATE "C" NOT NULL, -- 'timeline' (its row is in grain_log), or 'status' (an operator's status change)
            seq        bigint NOT NULL,           -- the timeline sequence, or the operator state's version
            payload    bytea  NULL                -- a status change: {"status":n,"at":unix microseconds}; NULL for timeline rows
        );
        CREATE INDEX IF NOT EXISTS stats_feed_order ON stats_feed (tx, id);

        CREATE OR REPLACE FUNCTION stats_feed_append() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            INSERT INTO stats_feed (grain_type, grain_key, log_name, seq) VALUES (NEW.grain_type, NEW.grain_key, NEW.log_name, NEW.seq);
            RETURN NULL;
        END
        $$;
        CREATE OR REPLACE TRIGGER stats_feed_timeline AFTER INSERT ON grain_log FOR EACH ROW
        WHEN (NEW.grain_type = 'conversation' AND NEW.log_name = 'timeline') EXECUTE FUNCTION stats_feed_append();

        -- An operator's status history: every state write that changes its status (JSON "status"), at the write's time.
        CREATE OR REPLACE FUNCTION stats_feed_status() RETURNS trigger LANGUAGE plpgsql AS $$
        DECLARE
            status jsonb := convert_from(NEW.payload, 'UTF8')::jsonb -> 'status';
        BEGIN
            IF TG_OP = 'UPDATE' AND OLD.payload IS NOT NULL AND (convert_from(OLD.payload, 'UTF8')::jsonb -> 'status') IS NOT DISTINCT FROM status THEN
                RETURN NULL;
            END IF;
            INSERT INTO stats_feed (grain_type, grain_key, log_name, seq, payload)
            VALUES (NEW.grain_type, NEW.grain_key, 'status', NEW.version, convert_to(jsonb_build_object(
                'status', status, 'at', (extract(epoch FROM NEW.modified_at) * 1000000)::bigint)::text, 'UTF8'));
            RETURN NULL;
        END
        $$;
        CREATE OR REPLACE TRIGGER stats_feed_status AFTER INSERT OR UPDATE ON grain_state FOR EACH ROW
        WHEN (NEW.grain_type = 'operator' AND NEW.payload IS NOT NULL) EXECUTE FUNCTION stats_feed_status();

        INSERT INTO stats_feed (grain_type, grain_key, log_name, seq)
        SELECT grain_type, grain_key, log_name, seq FROM grain_log
        WHERE grain_type = 'conversation' AND log_name = 'timeline' ORDER BY grain_key, seq;

        CREATE TABLE IF NOT EXISTS stats_checkpoint (
            id         integer NOT NULL PRIMARY KEY CHECK (id = 1),
            generation bigint  NOT NULL, -- +1 per rebuild
            tx         bigint  NOT NULL, -- the last stats_feed tx projected
            position   bigint  NOT NULL  -- the last stats_feed id projected within it
        );
        INSERT INTO stats_checkpoint (id, generation, tx, position) VALUES (1, 0, 0, 0) ON CONFLICT DO NOTHING;

        CREATE TABLE IF NOT EXISTS stats_hour (
            workspace            text COLLATE "C" NOT NULL,
            hour                 text COLLATE "C" NOT NULL, -- local "yyyy-MM-ddTHH"
            department           text COLLATE "C" NOT NULL,
            operator             text COLLATE "C" NOT NULL, -- '' for measures of no operator
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
            PRIMARY KEY (workspace, hour, department, operator, channel, topic)
        );

        CREATE TABLE IF NOT EXISTS stats_source (
            source text COLLATE "C" NOT NULL PRIMARY KEY, -- the conversation's grain key
            state  bytea NOT NULL                         -- its facts so far (JSON)
        );

        CREATE TABLE IF NOT EXISTS stats_rating (
            workspace       text COLLATE "C" NOT NULL,
            conversation_id text COLLATE "C" NOT NULL,
            hour            text COLLATE "C" NOT NULL,
            department      text COLLATE "C" NOT NULL,
            operator        text COLLATE "C" NOT NULL,
            score           bigint NOT NULL,
            scale           bigint NOT NULL,
            rated_at        bigint NOT NULL, -- unix microseconds, UTC
            PRIMARY KEY (workspace, conversation_id)
        );
        CREATE INDEX IF NOT EXISTS stats_rating_by_hour ON stats_rating (workspace, hour, score);
        """,
        PostgreSqlSearchSql.Migration,
        PostgreSqlSearchSql.NewestFirstMigration,
        PostgreSqlStatsRollupsSql.Migration,
        PostgreSqlStatsMinutesSql.Migration,
        PostgreSqlStatsAllOperatorsSql.Migration,
    ];

    // Writes: $1, $2, $3 name the row (grain type, grain key, state/log/deadline name) in every statement.

    /// <summary>$4 payload. Affects 0 rows when the record exists (cleared or not): a conflict, not an error.</summary>
    public const string InsertState = """
        INSERT INTO grain_state (grain_type, grain_key, state_name, payload, version, modified_at)
        VALUES ($1, $2, $3, $4, 1, now())
        ON CONFLICT DO NOTHING;
        """;

    /// <summary>$4 payload, $5 expected version. Affects 0 rows on a version conflict.</summary>
    public const string UpdateState = """
        UPDATE grain_state SET payload = $4, version = $5 + 1, modified_at = now()
        WHERE grain_type = $1 AND grain_key = $2 AND state_name = $3 AND version = $5;
        """;

    /// <summary>$4 expected version. Affects 0 rows on a version conflict.</summary>
    public const string ClearState = """
        UPDATE grain_state SET payload = NULL, version = $4 + 1, modified_at = now()
        WHERE grain_type = $1 AND grain_key = $2 AND state_name = $3 AND version = $4;
        """;

    public const string ReadStateVersion =
        "SELECT version FROM grain_state WHERE grain_type = $1 AND grain_key = $2 AND state_name = $3;";

    /// <summary>
    /// $4 sequences, $5 payloads. All or nothing without aborting the batch: inserts no row when any sequence exists
    /// or is at or below the log's truncation point. A concurrent transaction inserting one of them meanwhile makes the
    /// primary key fail the whole statement instead.
    /// </summary>
    public const string AppendLog = """
        INSERT INTO grain_log (grain_type, grain_key, log_name, seq, payload)
        SELECT $1, $2, $3, entry.seq, entry.payload FROM unnest($4::bigint[], $5::bytea[]) AS entry (seq, payload)
        WHERE NOT EXISTS (
            SELECT 1 FROM grain_log
            WHERE grain_type = $1 AND grain_key = $2 AND log_name = $3 AND seq = ANY ($4::bigint[]))
        AND NOT EXISTS (
            SELECT 1 FROM grain_log_truncation
            WHERE grain_type = $1 AND grain_key = $2 AND log_name = $3 AND truncated_through >= ANY ($4::bigint[]));
        """;

    /// <summary>
    /// $4 through sequence. Deletes the entries through it and raises the truncation point to it, capped at the log's
    /// last sequence: truncating beyond the end must not take sequences never appended. One statement, so one batch
    /// command: its parts share one snapshot, so the cap sees the entries as they were before the delete. Inserts no
    /// truncation row while the cap is 0 (a log never appended to).
    /// </summary>
    public const string TruncateLog = """
        WITH deleted AS (
            DELETE FROM grain_log WHERE grain_type = $1 AND grain_key = $2 AND log_name = $3 AND seq <= $4
        ), point AS (
            SELECT LEAST($4, COALESCE(MAX(seq), 0)) AS through FROM grain_log
            WHERE grain_type = $1 AND grain_key = $2 AND log_name = $3
        )
        INSERT INTO grain_log_truncation (grain_type, grain_key, log_name, truncated_through)
        SELECT $1, $2, $3, through FROM point WHERE through > 0
        ON CONFLICT (grain_type, grain_key, log_name) DO UPDATE
        SET truncated_through = GREATEST(grain_log_truncation.truncated_through, excluded.truncated_through);
        """;

    /// <summary>$4 due at, $5 payload, $6 token, $7 grain hash.</summary>
    public const string UpsertDeadline = """
        INSERT INTO grain_deadline (grain_type, grain_key, name, due_at, payload, token, grain_hash)
        VALUES ($1, $2, $3, $4, $5, $6, $7)
        ON CONFLICT (grain_type, grain_key, name) DO UPDATE
        SET due_at = excluded.due_at, payload = excluded.payload, token = excluded.token, grain_hash = excluded.grain_hash;
        """;

    /// <summary>$4 token.</summary>
    public const string DeleteDeadlineWithToken =
        "DELETE FROM grain_deadline WHERE grain_type = $1 AND grain_key = $2 AND name = $3 AND token = $4;";

    public const string DeleteDeadline =
        "DELETE FROM grain_deadline WHERE grain_type = $1 AND grain_key = $2 AND name = $3;";

    /// <summary>$1, $2 name the grain (not a deadline); $3 its hash.</summary>
    public const string SetDeadlineHash =
        "UPDATE grain_deadline SET grain_hash = $3 WHERE grain_type = $1 AND grain_key = $2 AND grain_hash IS NULL;";

    // Reads.

    public const string Ping = "SELECT 1;";

    public const string ReadState =
        "SELECT payload, version FROM grain_state WHERE grain_type = $1 AND grain_key = $2 AND state_name = $3;";

    /// <summary>$4 from sequence, $5 max count.</summary>
    public const string ReadLog = """
        SELECT seq, payload FROM grain_log
        WHERE grain_type = $1 AND grain_key = $2 AND log_name = $3 AND seq >= $4
        ORDER BY seq LIMIT $5;
        """;

    /// <summary>The highest sequence ever appended: the last entry's, or the truncation point once that is higher.</summary>
    public const string ReadLastSequence = """
        SELECT GREATEST(
            (SELECT COALESCE(MAX(seq), 0) FROM grain_log
             WHERE grain_type = $1 AND grain_key = $2 AND log_name = $3),
            (SELECT COALESCE(MAX(truncated_through), 0) FROM grain_log_truncation
             WHERE grain_type = $1 AND grain_key = $2 AND log_name = $3));
        """;

    /// <summary>$1 until, $2 max count.</summary>
    public const string ReadDueDeadlines = """
        SELECT grain_type, grain_key, name, due_at, payload, token, grain_hash FROM grain_deadline
        WHERE due_at <= $1
        ORDER BY due_at, grain_type, grain_key, name LIMIT $2;
        """;

    /// <summary>
    /// $1 until, $2 max count, $3 and $4 the low and high ends of inclusive hash intervals. Walks the due-time index in
    /// order and tests the hash it carries, so it reads only what is due, never a whole range.
    /// </summary>
    public const string ReadDueDeadlinesInHashIntervals = """
        SELECT grain_type, grain_key, name, due_at, payload, token, grain_hash FROM grain_deadline
        WHERE due_at <= $1
        AND EXISTS (SELECT 1 FROM unnest($3::bigint[], $4::bigint[]) AS hashes (low, high) WHERE grain_hash BETWEEN hashes.low AND hashes.high)
        ORDER BY due_at, grain_type, grain_key, name LIMIT $2;
        """;

    /// <summary>$1 max count.</summary>
    public const string ReadGrainsWithUnhashedDeadlines =
        "SELECT DISTINCT grain_type, grain_key FROM grain_deadline WHERE grain_hash IS NULL LIMIT $1;";
}
