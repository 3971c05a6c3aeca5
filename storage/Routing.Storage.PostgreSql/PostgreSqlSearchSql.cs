namespace Routing.Storage.PostgreSql;

/// <summary>The SQL of message search (schema version 5) on PostgreSQL: full-text search over a table the log triggers fill.</summary>
internal static class PostgreSqlSearchSql
{
    /// <summary>
    /// 5: message search. message_search has one row per conversation message with text, filled by a trigger on
    /// grain_log in the append's own transaction (a message is its log row: a row a crash left past the conversation's
    /// state is adopted on activation, so it is indexed with it). Its document is the text's tsvector under the 'simple'
    /// configuration (no stemming and no stop words: one index for every language customers write in) plus one lexeme
    /// per workspace ('w' + md5 of the id), so a query intersects the workspace's rows inside the GIN index instead of
    /// ranking every workspace's matches. message_search_access lists, from the timelines, the departments each
    /// conversation was in and the operators who held or answered it, for an operator's search. Existing messages and
    /// timelines are indexed here. Only JSON objects are read: the engine writes nothing else into these logs.
    /// </summary>
    public const string Migration = """
        CREATE TABLE IF NOT EXISTS message_search (
            id           bigserial PRIMARY KEY,
            workspace    text COLLATE "C" NOT NULL,
            conversation text COLLATE "C" NOT NULL, -- the conversation's grain key
            seq          bigint      NOT NULL,      -- the message's sequence in its log
            author       smallint    NOT NULL,      -- MessageAuthor
            operator_id  text        NULL,
            at           timestamptz NOT NULL,
            body         text        NOT NULL,
            document     tsvector    NOT NULL,
            UNIQUE (conversation, seq)
        );
        CREATE INDEX IF NOT EXISTS message_search_document ON message_search USING gin (document);

        CREATE OR REPLACE FUNCTION message_search_document(workspace text, body text) RETURNS tsvector
        LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
            SELECT to_tsvector('simple', body) || array_to_tsvector(ARRAY['w' || md5(workspace)])
        $$;

        CREATE OR REPLACE FUNCTION message_search_append() RETURNS trigger LANGUAGE plpgsql AS $$
        DECLARE
            message   jsonb := convert_from(NEW.payload, 'UTF8')::jsonb;
            workspace text  := split_part(NEW.grain_key, '/', 1);
        BEGIN
            IF jsonb_typeof(message -> 'Text') = 'string' AND message ->> 'Text' <> ''
               AND jsonb_typeof(message -> 'Author') = 'number' AND jsonb_typeof(message -> 'At') = 'string' THEN
                INSERT INTO message_search (workspace, conversation, seq, author, operator_id, at, body, document)
                VALUES (workspace, NEW.grain_key, NEW.seq, (message ->> 'Author')::smallint, message ->> 'OperatorId',
                        (message ->> 'At')::timestamptz, message ->> 'Text', message_search_document(workspace, message ->> 'Text'));
            END IF;
            RETURN NULL;
        END
        $$;
        CREATE OR REPLACE TRIGGER message_search_append AFTER INSERT ON grain_log FOR EACH ROW
        WHEN (NEW.grain_type = 'conversation' AND NEW.log_name = 'messages' AND substring(NEW.payload FROM 1 FOR 1) = '\x7b'::bytea)
        EXECUTE FUNCTION message_search_append();

        -- Log truncation deletes rows; the index follows.
        CREATE OR REPLACE FUNCTION message_search_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            DELETE FROM message_search WHERE conversation = OLD.grain_key AND seq = OLD.seq;
            RETURN NULL;
        END
        $$;
        CREATE OR REPLACE TRIGGER message_search_truncate AFTER DELETE ON grain_log FOR EACH ROW
        WHEN (OLD.grain_type = 'conversation' AND OLD.log_name = 'messages') EXECUTE FUNCTION message_search_truncate();

        CREATE TABLE IF NOT EXISTS message_search_access (
            workspace    text COLLATE "C" NOT NULL,
            principal    text COLLATE "C" NOT NULL, -- 'department:{id}' or 'operator:{id}'
            conversation text COLLATE "C" NOT NULL, -- the conversation's grain key
            PRIMARY KEY (workspace, principal, conversation)
        );

        CREATE OR REPLACE FUNCTION message_search_principals(kind text, department text, operator text) RETURNS text[]
        LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
            SELECT array_remove(ARRAY[
                'department:' || department,
                CASE WHEN kind IN ('assigned', 'accepted', 'assigned-by-hand', 'assigned-by-hand-forced', 'transferred', 'operator-message', 'first-response')
                     THEN 'operator:' || operator END], NULL)
        $$;

        CREATE OR REPLACE FUNCTION message_search_access_timeline() RETURNS trigger LANGUAGE plpgsql AS $$
        DECLARE
            event jsonb := convert_from(NEW.payload, 'UTF8')::jsonb;
        BEGIN
            INSERT INTO message_search_access (workspace, principal, conversation)
            SELECT split_part(NEW.grain_key, '/', 1), principal, NEW.grain_key
            FROM unnest(message_search_principals(event ->> 'Kind', event ->> 'DepartmentId', event ->> 'OperatorId')) AS principal
            ON CONFLICT DO NOTHING;
            RETURN NULL;
        END
        $$;
        CREATE OR REPLACE TRIGGER message_search_access_timeline AFTER INSERT ON grain_log FOR EACH ROW
        WHEN (NEW.grain_type = 'conversation' AND NEW.log_name = 'timeline' AND substring(NEW.payload FROM 1 FOR 1) = '\x7b'::bytea)
        EXECUTE FUNCTION message_search_access_timeline();

        INSERT INTO message_search (workspace, conversation, seq, author, operator_id, at, body, document)
        SELECT workspace, grain_key, seq, (message ->> 'Author')::smallint, message ->> 'OperatorId', (message ->> 'At')::timestamptz,
               message ->> 'Text', message_search_document(workspace, message ->> 'Text')
        FROM (SELECT split_part(grain_key, '/', 1) AS workspace, grain_key, seq, convert_from(payload, 'UTF8')::jsonb AS message
              FROM grain_log
              WHERE grain_type = 'conversation' AND log_name = 'messages' AND substring(payload FROM 1 FOR 1) = '\x7b'::bytea) AS logged
        WHERE jsonb_typeof(message -> 'Text') = 'string' AND message ->> 'Text' <> ''
          AND jsonb_typeof(message -> 'Author') = 'number' AND jsonb_typeof(message -> 'At') = 'string'
        ORDER BY grain_key, seq;

        INSERT INTO message_search_access (workspace, principal, conversation)
        SELECT split_part(grain_key, '/', 1), principal, grain_key
        FROM (SELECT grain_key, convert_from(payload, 'UTF8')::jsonb AS event FROM grain_log
              WHERE grain_type = 'conversation' AND log_name = 'timeline' AND substring(payload FROM 1 FOR 1) = '\x7b'::bytea) AS logged,
             unnest(message_search_principals(event ->> 'Kind', event ->> 'DepartmentId', event ->> 'OperatorId')) AS principal
        ON CONFLICT DO NOTHING;
        """;

    /// <summary>
    /// 6: the newest messages of a workspace first, for a search ranking only its newest matches: for a word in many
    /// messages the planner walks this index backwards and stops at the bound instead of fetching every match from the
    /// heap (a rare word still takes the GIN index).
    /// </summary>
    public const string NewestFirstMigration = """
        CREATE INDEX IF NOT EXISTS message_search_newest ON message_search (workspace, id);
        """;

    /// <summary>
    /// $1 workspace, $2 the query as typed (websearch_to_tsquery never raises), $3 principals (null: all), $4 max rows,
    /// $5 offset, $6 how many of the newest matches are ranked. The tsquery is written inline, not in a CTE, so the
    /// planner sees its lexemes and chooses between the GIN index (rare words) and the newest-first index (common
    /// ones). ts_headline (which reparses the text) runs on the page's rows only.
    /// </summary>
    public const string Search = """
        WITH candidates AS (
            SELECT m.id, m.document
            FROM message_search m
            WHERE m.document @@ (('w' || md5($1))::tsquery && websearch_to_tsquery('simple', $2)) AND m.workspace = $1
              AND ($3::text[] IS NULL OR m.conversation IN (
                  SELECT conversation FROM message_search_access WHERE workspace = $1 AND principal = ANY ($3::text[])))
            ORDER BY m.id DESC
            LIMIT $6),
        page AS (
            SELECT id, ts_rank(document, websearch_to_tsquery('simple', $2)) AS rank
            FROM candidates
            ORDER BY rank DESC, id DESC
            LIMIT $4 OFFSET $5)
        SELECT m.conversation, m.seq, m.author, m.operator_id, m.at,
               ts_headline('simple', m.body, websearch_to_tsquery('simple', $2), 'StartSel=' || chr(1) || ', StopSel=' || chr(2) || ', MaxWords=24, MinWords=12, MaxFragments=1, FragmentDelimiter=" … "'),
               page.rank
        FROM page JOIN message_search m ON m.id = page.id
        ORDER BY page.rank DESC, page.id DESC;
        """;
}
