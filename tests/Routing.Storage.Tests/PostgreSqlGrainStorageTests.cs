using Npgsql;
using Routing.Storage;
using Routing.Storage.PostgreSql;
using Routing.Storage.Search;
using Routing.Storage.Statistics;
using Routing.Testing;

namespace Routing.Storage.Tests;

/// <summary>The conformance suite on a real PostgreSQL server, one fresh database per test.</summary>
public sealed class PostgreSqlGrainStorageTests : GrainStorageConformanceTests
{
    private string _connectionString = "";

    protected override async Task CreateDatabaseAsync()
    {
        var server = await PostgresServer.GetSharedAsync();
        _connectionString = await server.CreateDatabaseAsync("storage");
    }

    protected override async Task DeleteDatabaseAsync()
    {
        var server = await PostgresServer.GetSharedAsync();
        await server.DropDatabaseAsync(_connectionString);
    }

    protected override GroupCommitGrainStorage CreateStorage(GroupCommitHooks? hooks = null, int? maxBatchSize = null) =>
        new PostgreSqlGrainStorage(new PostgreSqlGrainStorageOptions
        {
            ConnectionString = _connectionString,
            Hooks = hooks,
            MaxBatchSize = maxBatchSize ?? GroupCommitQueue<GroupCommitOperation>.DefaultMaxBatchSize,
        });

    protected override IStatisticsStore CreateStatistics() => new PostgreSqlStatisticsStore(new PostgreSqlGrainStorageOptions { ConnectionString = _connectionString });

    protected override IMessageSearchStore CreateSearch() => new PostgreSqlMessageSearchStore(new PostgreSqlGrainStorageOptions { ConnectionString = _connectionString });

    protected override string UndoAllOperators => """
        DROP TABLE stats_hour_all; DROP TABLE stats_day_all; DROP TABLE stats_month_all;
        DELETE FROM schema_version WHERE version = 9;
        """;

    protected override string UndoMinutes => UndoAllOperators + """
        DROP TABLE stats_minute;
        DELETE FROM schema_version WHERE version = 8;
        """;

    protected override string UndoRollups => UndoMinutes + """
        DROP TABLE stats_day; DROP TABLE stats_month;
        DELETE FROM schema_version WHERE version = 7;
        """;

    protected override string UndoSearch => UndoRollups + """
        DROP TRIGGER message_search_append ON grain_log; DROP TRIGGER message_search_truncate ON grain_log; DROP TRIGGER message_search_access_timeline ON grain_log;
        DROP FUNCTION message_search_append(); DROP FUNCTION message_search_truncate(); DROP FUNCTION message_search_access_timeline();
        DROP FUNCTION message_search_principals(text, text, text); DROP FUNCTION message_search_document(text, text);
        DROP TABLE message_search; DROP TABLE message_search_access;
        DELETE FROM schema_version WHERE version >= 5;
        """;

    protected override string UndoStatistics => UndoSearch + """
        DROP TRIGGER stats_feed_timeline ON grain_log; DROP FUNCTION stats_feed_append(); DROP TRIGGER stats_feed_status ON grain_state; DROP FUNCTION stats_feed_status();
        DROP TABLE stats_feed; DROP TABLE stats_checkpoint; DROP TABLE stats_hour; DROP TABLE stats_source; DROP TABLE stats_rating;
        DELETE FROM schema_version WHERE version = 4;
        """;

    protected override long NewestSchemaVersion => 9;

    protected override async Task<long> ReadSchemaVersionAsync() =>
        Convert.ToInt64(await QueryScalarAsync("SELECT MAX(version) FROM public.schema_version"));

    protected override Task ExecuteSqlAsync(string sql) => QueryScalarAsync(sql);

    [Fact]
    public async Task Tables_live_in_the_configured_schema()
    {
        await using var storage = new PostgreSqlGrainStorage(new PostgreSqlGrainStorageOptions { ConnectionString = _connectionString, Schema = "routing" });
        await storage.InitializeAsync();
        await storage.WriteStateAsync(StateKey(), Bytes("in routing"), null);

        Assert.Equal(1L, await QueryScalarAsync("SELECT version FROM routing.grain_state"));
        Assert.Equal(0L, await QueryScalarAsync("SELECT count(*) FROM public.grain_state"));
        Assert.Equal(4L, await QueryScalarAsync(
            "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'routing' AND table_name IN ('grain_state', 'grain_log', 'grain_deadline', 'schema_version')"));
    }

    [Fact]
    public async Task Orleans_membership_tables_are_created_once_in_the_configured_schema_with_every_required_query()
    {
        var options = new PostgreSqlGrainStorageOptions { ConnectionString = _connectionString, Schema = "routing" };
        await using (var first = new PostgreSqlGrainStorage(options)) await first.InitializeAsync();
        await using (var second = new PostgreSqlGrainStorage(options)) await second.InitializeAsync(); // a restart runs no script twice

        Assert.Equal(3L, await QueryScalarAsync(
            "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'routing' " +
            "AND table_name IN ('orleansquery', 'orleansmembershiptable', 'orleansmembershipversiontable')"));
        // Orleans 10.4.2 refuses to start without CleanupDefunctSiloEntriesKey (missing from older PostgreSQL scripts).
        Assert.Equal(9L, await QueryScalarAsync(
            "SELECT count(*) FROM routing.orleansquery WHERE querykey IN ('UpdateIAmAlivetimeKey', 'InsertMembershipVersionKey', " +
            "'InsertMembershipKey', 'UpdateMembershipKey', 'MembershipReadRowKey', 'MembershipReadAllKey', " +
            "'DeleteMembershipTableEntriesKey', 'GatewaysQueryKey', 'CleanupDefunctSiloEntriesKey')"));
    }

    [Fact]
    public void Options_reject_what_cannot_work()
    {
        Assert.Single(new PostgreSqlGrainStorageOptions().Validate());
        Assert.Single(new PostgreSqlGrainStorageOptions { ConnectionString = "Host=x;Nonsense Keyword=1" }.Validate());
        Assert.Single(new PostgreSqlGrainStorageOptions { ConnectionString = "Host=x", Schema = "Bad-Name" }.Validate());
        Assert.Empty(new PostgreSqlGrainStorageOptions { ConnectionString = "Host=x" }.Validate());
        Assert.Throws<ArgumentException>(() => new PostgreSqlGrainStorage(new PostgreSqlGrainStorageOptions()));
    }

    [Fact]
    public async Task Ping_is_false_when_the_server_cannot_be_reached()
    {
        var unreachable = new NpgsqlConnectionStringBuilder(_connectionString) { Port = 1, Timeout = 2 }.ConnectionString;
        await using var storage = new PostgreSqlGrainStorage(new PostgreSqlGrainStorageOptions { ConnectionString = unreachable });

        Assert.False(await storage.PingAsync());
    }

    [Fact]
    public async Task An_append_racing_another_process_conflicts_whole_and_the_rest_of_its_batch_still_commits()
    {
        // Another process inserts sequence 2 and has not committed yet: our "already present?" check cannot see it.
        await using var rival = new NpgsqlConnection(_connectionString);
        await rival.OpenAsync();
        await using var rivalTransaction = await rival.BeginTransactionAsync();
        await using (var insert = new NpgsqlCommand(
            "INSERT INTO grain_log (grain_type, grain_key, log_name, seq, payload) VALUES ('conversation', 'grain-1', 'messages', 2, 'rival')", rival))
            await insert.ExecuteNonQueryAsync();

        var gate = new BatchGate();
        var storage = await OpenAsync(gate.Hooks);
        gate.Arm();
        var held = storage.WriteStateAsync(StateKey("held"), Bytes("held"), null);
        await gate.Entered;
        var innocent = storage.WriteStateAsync(StateKey("innocent"), Bytes("innocent"), null);
        var racing = storage.AppendAsync(LogKey(), [Entry(1, "ours"), Entry(2, "ours")]);
        var schedule = storage.UpsertDeadlineAsync(Deadline("g1", "sla", At(5)));
        gate.Release();
        await held;

        // Our batch now waits on the rival's uncommitted row; when the rival commits, the primary key aborts our batch.
        await WaitUntilAsync(async () => Convert.ToInt64(await QueryScalarAsync(
            "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND datname = current_database()")) > 0);
        await rivalTransaction.CommitAsync();

        await Assert.ThrowsAsync<VersionConflictException>(() => racing);
        Assert.Equal(1, await innocent);
        await schedule;
        var log = await storage.ReadLogAsync(LogKey(), 1, 10);
        Assert.Equal((2L, "rival"), (Assert.Single(log).Sequence, Text(log[0].Payload)));
        Assert.Equal(1, storage.CommitStatistics.IsolatedBatches);
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        using var guard = new CancellationTokenSource(TestGuard.Timeout);
        while (!await condition()) await Task.Delay(TimeSpan.FromMilliseconds(20), guard.Token);
    }

    private async Task<object?> QueryScalarAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(_connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync();
    }
}
