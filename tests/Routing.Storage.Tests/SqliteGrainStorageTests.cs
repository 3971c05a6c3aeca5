using Microsoft.Data.Sqlite;
using Routing.Storage;
using Routing.Storage.Sqlite;
using Routing.Storage.Search;
using Routing.Storage.Statistics;

namespace Routing.Storage.Tests;

/// <summary>The conformance suite on SQLite, one temporary database file per test.</summary>
public sealed class SqliteGrainStorageTests : GrainStorageConformanceTests
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "routing-sqlite-tests", Guid.NewGuid().ToString("N"));

    // In a directory that does not exist yet: the provider creates it.
    private string DatabasePath => Path.Combine(_directory, "data", "routing.db");

    protected override Task CreateDatabaseAsync() => Task.CompletedTask;

    protected override GroupCommitGrainStorage CreateStorage(GroupCommitHooks? hooks = null, int? maxBatchSize = null) =>
        new SqliteGrainStorage(new SqliteGrainStorageOptions
        {
            DatabasePath = DatabasePath,
            Hooks = hooks,
            MaxBatchSize = maxBatchSize ?? GroupCommitQueue<GroupCommitOperation>.DefaultMaxBatchSize,
        });

    protected override IStatisticsStore CreateStatistics() => new SqliteStatisticsStore(new SqliteGrainStorageOptions { DatabasePath = DatabasePath });

    protected override IMessageSearchStore CreateSearch() => new SqliteMessageSearchStore(new SqliteGrainStorageOptions { DatabasePath = DatabasePath });

    protected override string UndoAllOperators => """
        DROP TABLE stats_hour_all; DROP TABLE stats_day_all; DROP TABLE stats_month_all;
        DELETE FROM schema_version WHERE version = 8;
        """;

    protected override string UndoMinutes => UndoAllOperators + """
        DROP TABLE stats_minute;
        DELETE FROM schema_version WHERE version = 7;
        """;

    protected override string UndoRollups => UndoMinutes + """
        DROP TABLE stats_day; DROP TABLE stats_month;
        DELETE FROM schema_version WHERE version = 6;
        """;

    protected override string UndoSearch => UndoRollups + """
        DROP TRIGGER message_search_append; DROP TRIGGER message_search_truncate; DROP TRIGGER message_search_access_timeline;
        DROP TABLE message_search_fts; DROP TABLE message_search; DROP TABLE message_search_access;
        DELETE FROM schema_version WHERE version = 5;
        """;

    protected override string UndoStatistics => UndoSearch + """
        DROP TRIGGER stats_feed_timeline; DROP TRIGGER stats_feed_status_insert; DROP TRIGGER stats_feed_status_update;
        DROP TABLE stats_feed; DROP TABLE stats_checkpoint; DROP TABLE stats_hour; DROP TABLE stats_source; DROP TABLE stats_rating;
        DELETE FROM schema_version WHERE version = 4;
        """;

    protected override long NewestSchemaVersion => 8;

    protected override Task<long> ReadSchemaVersionAsync() =>
        Task.FromResult((long)QueryScalar("SELECT MAX(version) FROM schema_version")!);

    protected override Task ExecuteSqlAsync(string sql)
    {
        QueryScalar(sql);
        return Task.CompletedTask;
    }

    protected override Task DeleteDatabaseAsync()
    {
        Directory.Delete(_directory, recursive: true);
        return Task.CompletedTask;
    }

    [Fact]
    public void The_database_file_is_in_wal_mode()
    {
        Assert.Equal("wal", QueryScalar("PRAGMA journal_mode"));
    }

    [Fact]
    public void Options_reject_what_cannot_work()
    {
        Assert.Empty(new SqliteGrainStorageOptions().Validate());
        Assert.Single(new SqliteGrainStorageOptions { Synchronous = "SOMETIMES" }.Validate());
        Assert.Single(new SqliteGrainStorageOptions { DatabasePath = ":memory:" }.Validate());
        Assert.Single(new SqliteGrainStorageOptions { MaxBatchSize = 0 }.Validate());
        Assert.Single(new SqliteGrainStorageOptions { CacheSizeMegabytes = 0 }.Validate());
        Assert.Single(new SqliteGrainStorageOptions { WalAutoCheckpointPages = 0 }.Validate());
        Assert.Throws<ArgumentException>(() => new SqliteGrainStorage(new SqliteGrainStorageOptions { DatabasePath = "" }));
    }

    [Fact]
    public async Task The_writer_checkpoints_its_log_once_the_log_holds_the_configured_pages()
    {
        var checkpointedEarly = await LogBytesAfterWritingAsync("early", walAutoCheckpointPages: 64);
        var checkpointedLate = await LogBytesAfterWritingAsync("late", walAutoCheckpointPages: 10_000);

        // Past 64 pages the log was copied into the database file, and the next commit wrote it again from its start.
        Assert.InRange(checkpointedEarly, 1, 1024 * 1024);
        // Under 10,000 pages nothing was checkpointed: every page written is still in the log.
        Assert.True(checkpointedLate > LogWrites * LogPayloadBytes, $"the log holds {checkpointedLate:N0} bytes");
    }

    private const int LogWrites = 40, LogPayloadBytes = 64 * 1024; // about 640 pages of 4 KiB, one commit per write

    private async Task<long> LogBytesAfterWritingAsync(string name, int walAutoCheckpointPages)
    {
        var path = Path.Combine(_directory, name, "routing.db");
        await using var storage = new SqliteGrainStorage(new SqliteGrainStorageOptions { DatabasePath = path, WalAutoCheckpointPages = walAutoCheckpointPages });
        await storage.InitializeAsync();
        var payload = new byte[LogPayloadBytes];
        Random.Shared.NextBytes(payload);
        for (var i = 0; i < LogWrites; i++) await storage.WriteStateAsync(StateKey($"grain-{i}"), payload, expectedVersion: null);
        return new FileInfo(path + "-wal").Length; // read before disposal: closing the last connection checkpoints and removes it
    }

    private object? QueryScalar(string sql)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = DatabasePath, Pooling = false }.ConnectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }
}
