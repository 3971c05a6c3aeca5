namespace Routing.Storage.Sqlite;

/// <summary>The SQL of message search (schema version 5) on SQLite: FTS5 over a table the log triggers fill.</summary>
internal static class SqliteSearchSql
{
    /// <summary>
    /// 5: message search. message_search has one row per conversation message with text, filled by a trigger on
    /// grain_log in the append's own transaction (a message is its log row: a row a crash left past the conversation's
    /// state is adopted on activation, so it is indexed with it); message_search_fts indexes it (FTS5, external content,
    /// kept in step by triggers). Its scope column holds one token per workspace ('w' + hex of the id), so a query
    /// intersects the workspace's rows in the index instead of ranking every workspace's matches. message_search_access
    /// lists, from the timelines, the departments each conversation was in and the operators who held or answered it,
    /// for an operator's search. Existing messages and timelines are indexed here. Only JSON objects are read: the
    /// engine writes nothing else into these logs.
    /// </summary>
    public const string Migration = """
        CREATE TABLE IF NOT EXISTS message_search (
            id           INTEGER PRIMARY KEY,
            workspace    TEXT    NOT NULL,
            scope        TEXT    NOT NULL, -- 'w' || hex(workspace): the workspace as one FTS token
            conversation TEXT    NOT NULL, -- the conversation's grain key
            seq          INTEGER NOT NULL, -- the message's sequence in its log
            author       INTEGER NOT NULL, -- MessageAuthor
            operator_id  TEXT    NULL,
            at           TEXT    NOT NULL, -- as the message has it (ISO 8601 with offset)
            body         TEXT    NOT NULL,
            UNIQUE (conversation, seq)
        ) STRICT;

        CREATE VIRTUAL TABLE IF NOT EXISTS message_search_fts USING fts5(
            scope, body, content = 'message_search', content_rowid = 'id', tokenize = 'unicode61 remove_diacritics 2');

        CREATE TRIGGER IF NOT EXISTS message_search_fts_insert AFTER INSERT ON message_search
        BEGIN
            INSERT INTO message_search_fts (rowid, scope, body) VALUES (NEW.id, NEW.scope, NEW.body);
        END;
        CREATE TRIGGER IF NOT EXISTS message_search_fts_delete AFTER DELETE ON message_search
        BEGIN
            INSERT INTO message_search_fts (message_search_fts, rowid, scope, body) VALUES ('delete', OLD.id, OLD.scope, OLD.body);
        END;

        CREATE TRIGGER IF NOT EXISTS message_search_append AFTER INSERT ON grain_log
        WHEN NEW.grain_type = 'conversation' AND NEW.log_name = 'messages' AND json_valid(CAST(NEW.payload AS TEXT))
        BEGIN
            INSERT INTO message_search (workspace, scope, conversation, seq, author, operator_id, at, body)
            SELECT ws, 'w' || hex(ws), NEW.grain_key, NEW.seq, json_extract(p, '$.Author'), json_extract(p, '$.OperatorId'),
                   json_extract(p, '$.At'), json_extract(p, '$.Text')
            FROM (SELECT substr(NEW.grain_key, 1, instr(NEW.grain_key, '/') - 1) AS ws, CAST(NEW.payload AS TEXT) AS p)
            WHERE json_type(p, '$.Text') = 'text' AND json_extract(p, '$.Text') <> ''
              AND json_type(p, '$.Author') = 'integer' AND json_type(p, '$.At') = 'text';
        END;
        -- Log truncation deletes rows; the index follows.
        CREATE TRIGGER IF NOT EXISTS message_search_truncate AFTER DELETE ON grain_log
        WHEN OLD.grain_type = 'conversation' AND OLD.log_name = 'messages'
        BEGIN
            DELETE FROM message_search WHERE conversation = OLD.grain_key AND seq = OLD.seq;
        END;

        CREATE TABLE IF NOT EXISTS message_search_access (
            workspace    TEXT NOT NULL,
            principal    TEXT NOT NULL, -- 'department:{id}' or 'operator:{id}'
            conversation TEXT NOT NULL, -- the conversation's grain key
            PRIMARY KEY (workspace, principal, conversation)
        ) STRICT, WITHOUT ROWID;

        CREATE TRIGGER IF NOT EXISTS message_search_access_timeline AFTER INSERT ON grain_log
        WHEN NEW.grain_type = 'conversation' AND NEW.log_name = 'timeline' AND json_valid(CAST(NEW.payload AS TEXT))
        BEGIN
            INSERT OR IGNORE INTO message_search_access (workspace, principal, conversation)
            SELECT ws, principal, NEW.grain_key FROM (
                SELECT substr(NEW.grain_key, 1, instr(NEW.grain_key, '/') - 1) AS ws,
                       'department:' || json_extract(CAST(NEW.payload AS TEXT), '$.DepartmentId') AS principal
                UNION ALL
                SELECT substr(NEW.grain_key, 1, instr(NEW.grain_key, '/') - 1),
                       'operator:' || json_extract(CAST(NEW.payload AS TEXT), '$.OperatorId')
                WHERE json_extract(CAST(NEW.payload AS TEXT), '$.Kind')
                      IN ('assigned', 'accepted', 'assigned-by-hand', 'assigned-by-hand-forced', 'transferred', 'operator-message', 'first-response'))
            WHERE principal IS NOT NULL;
        END;

        INSERT INTO message_search (workspace, scope, conversation, seq, author, operator_id, at, body)
        SELECT ws, 'w' || hex(ws), grain_key, seq, json_extract(p, '$.Author'), json_extract(p, '$.OperatorId'), json_extract(p, '$.At'), json_extract(p, '$.Text')
        FROM (SELECT substr(grain_key, 1, instr(grain_key, '/') - 1) AS ws, grain_key, seq, p
              FROM (SELECT grain_key, seq, CASE WHEN json_valid(CAST(payload AS TEXT)) THEN CAST(payload AS TEXT) END AS p -- NULL: not JSON
                    FROM grain_log WHERE grain_type = 'conversation' AND log_name = 'messages')
              ORDER BY grain_key, seq)
        WHERE json_type(p, '$.Text') = 'text' AND json_extract(p, '$.Text') <> ''
          AND json_type(p, '$.Author') = 'integer' AND json_type(p, '$.At') = 'text';

        WITH timelines AS (
            SELECT substr(grain_key, 1, instr(grain_key, '/') - 1) AS ws, grain_key,
                   CASE WHEN json_valid(CAST(payload AS TEXT)) THEN CAST(payload AS TEXT) END AS p -- NULL: not JSON
            FROM grain_log WHERE grain_type = 'conversation' AND log_name = 'timeline')
        INSERT OR IGNORE INTO message_search_access (workspace, principal, conversation)
        SELECT ws, principal, grain_key FROM (
            SELECT ws, grain_key, 'department:' || json_extract(p, '$.DepartmentId') AS principal FROM timelines
            UNION ALL
            SELECT ws, grain_key, 'operator:' || json_extract(p, '$.OperatorId') FROM timelines
            WHERE json_extract(p, '$.Kind') IN ('assigned', 'accepted', 'assigned-by-hand', 'assigned-by-hand-forced', 'transferred', 'operator-message', 'first-response'))
        WHERE principal IS NOT NULL;
        """;

    /// <summary>
    /// @ws, @scope (the workspace's token), @match (an FTS5 expression of quoted terms), @candidates, @offset, @max; with
    /// principals, @p0..@p{n-1}. Ranks the newest @candidates matches (FTS5 walks the index in descending rowid order and
    /// stops there, so a word in a fifth of all messages costs what a rarer one does), best first: bm25 (lower is
    /// better), then newest. snippet() runs on the page's rows only.
    /// </summary>
    public static string Search(int? principals) => $"""
        WITH candidates AS (
            SELECT f.rowid AS id, bm25(message_search_fts, 0.0, 1.0) AS rank
            FROM message_search_fts f JOIN message_search m ON m.id = f.rowid
            WHERE message_search_fts MATCH 'scope : ' || @scope || ' AND body : ' || @match
              AND m.workspace = @ws
              {(principals is { } count ? $"""
              AND m.conversation IN (SELECT conversation FROM message_search_access
                                     WHERE workspace = @ws AND principal IN ({string.Join(", ", Enumerable.Range(0, count).Select(i => "@p" + i))}))
              """ : "")}
            ORDER BY f.rowid DESC
            LIMIT @candidates),
        page AS (SELECT id, rank FROM candidates ORDER BY rank, id DESC LIMIT @max OFFSET @offset)
        SELECT m.conversation, m.seq, m.author, m.operator_id, m.at,
               snippet(message_search_fts, 1, char(1), char(2), '…', 24), page.rank
        FROM page JOIN message_search_fts f ON f.rowid = page.id JOIN message_search m ON m.id = page.id
        WHERE message_search_fts MATCH 'scope : ' || @scope || ' AND body : ' || @match
        ORDER BY page.rank, page.id DESC;
        """;
}
