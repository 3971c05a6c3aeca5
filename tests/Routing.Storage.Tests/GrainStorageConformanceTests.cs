using System.Text;
using Routing.Storage;
using Routing.Storage.Search;
using Routing.Storage.Statistics;

namespace Routing.Storage.Tests;

/// <summary>
/// The one contract every grain storage provider must meet, run against each provider by a concrete subclass. Every
/// test gets a fresh, empty database; <see cref="OpenAsync"/> opens further provider instances on that same database
/// (to restart, or to inject faults).
/// </summary>
public abstract partial class GrainStorageConformanceTests : IAsyncLifetime
{
    private readonly List<GroupCommitGrainStorage> _opened = [];

    /// <summary>The provider instance every test starts with, initialized on the test's fresh database.</summary>
    protected GroupCommitGrainStorage Storage { get; private set; } = null!;

    /// <summary>Prepares a fresh, empty database for this test.</summary>
    protected abstract Task CreateDatabaseAsync();

    /// <summary>A new, uninitialized provider instance on this test's database.</summary>
    protected abstract GroupCommitGrainStorage CreateStorage(GroupCommitHooks? hooks = null, int? maxBatchSize = null);

    /// <summary>The highest version recorded in the database's schema_version table.</summary>
    protected abstract Task<long> ReadSchemaVersionAsync();

    /// <summary>The store's newest schema version (PostgreSQL's 6 adds an index SQLite's FTS5 does not need).</summary>
    protected abstract long NewestSchemaVersion { get; }

    /// <summary>The statistics tables of this test's database (schema version 4); disposed by the test.</summary>
    protected abstract IStatisticsStore CreateStatistics();

    /// <summary>Message search over this test's database (schema version 5); disposed by the test.</summary>
    protected abstract IMessageSearchStore CreateSearch();

    /// <summary>SQL that takes an initialized database back from its newest schema version to the one before (drops the rollups across operators).</summary>
    protected abstract string UndoAllOperators { get; }

    /// <summary>SQL that takes an initialized database back to the version before the minute counts (drops them and the rollups across operators).</summary>
    protected abstract string UndoMinutes { get; }

    /// <summary>SQL that takes an initialized database back to the version before the statistics rollups (drops the minute counts and the rollup tables).</summary>
    protected abstract string UndoRollups { get; }

    /// <summary>SQL that takes an initialized database back from its newest schema version to 4 (drops the search tables and their triggers).</summary>
    protected abstract string UndoSearch { get; }

    /// <summary>SQL that takes an initialized database back from its newest schema version to 3 (also drops the statistics tables and the feed's trigger).</summary>
    protected abstract string UndoStatistics { get; }

    /// <summary>Runs SQL (no result) on this test's database, behind the providers' back; close them first.</summary>
    protected abstract Task ExecuteSqlAsync(string sql);

    /// <summary>Removes what <see cref="CreateDatabaseAsync"/> made, once every instance is disposed.</summary>
    protected virtual Task DeleteDatabaseAsync() => Task.CompletedTask;

    public async Task InitializeAsync()
    {
        await CreateDatabaseAsync();
        Storage = await OpenAsync();
    }

    public async Task DisposeAsync()
    {
        foreach (var storage in _opened) await storage.DisposeAsync().AsTask().WaitAsync(TestGuard.Timeout);
        await DeleteDatabaseAsync();
    }

    /// <summary>Opens and initializes another provider instance on this test's database; disposed after the test.</summary>
    protected async Task<GroupCommitGrainStorage> OpenAsync(GroupCommitHooks? hooks = null, int? maxBatchSize = null)
    {
        var storage = CreateStorage(hooks, maxBatchSize);
        _opened.Add(storage);
        await storage.InitializeAsync();
        return storage;
    }

    protected static GrainStateKey StateKey(string grainKey = "grain-1", string stateName = "state", string grainType = "conversation") =>
        new(grainType, grainKey, stateName);

    protected static GrainLogKey LogKey(string grainKey = "grain-1", string logName = "messages", string grainType = "conversation") =>
        new(grainType, grainKey, logName);

    protected static byte[] Bytes(string text) => Encoding.UTF8.GetBytes(text);

    protected static string Text(byte[]? bytes) => bytes is null ? "<cleared>" : Encoding.UTF8.GetString(bytes);

    protected static LogEntry Entry(long sequence, string text) => new(sequence, Bytes(text));

    protected static DateTimeOffset At(int minute, int second = 0) => new(2026, 1, 5, 9, minute, second, TimeSpan.Zero);

    protected static DeadlineRecord Deadline(
        string grainKey, string name, DateTimeOffset dueAt, string? payload = null, Guid? token = null, uint? hash = null) =>
        new("conversation", grainKey, name, dueAt, payload, token ?? Guid.NewGuid(), hash);
}
