using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Routing.Storage;

namespace Routing.Storage.Sqlite;

/// <summary>
/// Embedded grain storage in one SQLite file (WAL mode). Writes are group-committed through one writer connection, one
/// IMMEDIATE transaction per batch, synced per <see cref="SqliteGrainStorageOptions.Synchronous"/>. Reads use pooled
/// connections of their own, which WAL lets run while the writer commits. One process should own the file.
/// </summary>
public sealed class SqliteGrainStorage : GroupCommitGrainStorage
{
    // Errors of the database as a whole: re-running a batch's operations one by one would only fail again.
    private static readonly HashSet<int> DatabaseWideErrors = [5 /* BUSY */, 6 /* LOCKED */, 7 /* NOMEM */, 8 /* READONLY */,
        10 /* IOERR */, 11 /* CORRUPT */, 13 /* FULL */, 14 /* CANTOPEN */, 26 /* NOTADB */];

    private readonly string _databasePath;
    private readonly string _synchronous;
    private readonly int _busyTimeoutMilliseconds;
    private readonly string _writerPragmas;
    private readonly string _writeConnectionString;
    private readonly string _readConnectionString;
    private readonly TimeProvider _timeProvider;
    private readonly SemaphoreSlim _initializeGate = new(1, 1);
    private readonly SqliteReaderPool _readers;
    private SqliteBatchWriter? _writer;

    public SqliteGrainStorage(SqliteGrainStorageOptions options, ILogger<SqliteGrainStorage>? logger = null, TimeProvider? timeProvider = null)
        : base(Validated(options).MaxBatchSize, options.Hooks, logger ?? NullLogger<SqliteGrainStorage>.Instance, committerBlocks: true)
    {
        _databasePath = Path.GetFullPath(options.DatabasePath);
        _synchronous = options.Synchronous.ToUpperInvariant();
        _busyTimeoutMilliseconds = (int)options.BusyTimeout.TotalMilliseconds;
        _writerPragmas = SqliteSql.WriterPragmas(options.CacheSizeMegabytes, options.WalAutoCheckpointPages);
        _timeProvider = timeProvider ?? TimeProvider.System;
        var builder = new SqliteConnectionStringBuilder
        {
            DataSource = _databasePath,
            Cache = SqliteCacheMode.Private,
            DefaultTimeout = Math.Max(1, (int)Math.Ceiling(options.BusyTimeout.TotalSeconds)),
        };
        _writeConnectionString = new SqliteConnectionStringBuilder(builder.ConnectionString) { Mode = SqliteOpenMode.ReadWriteCreate, Pooling = false }.ConnectionString;
        // Readers never create the file: a missing database is an error, not a new empty one.
        _readConnectionString = new SqliteConnectionStringBuilder(builder.ConnectionString) { Mode = SqliteOpenMode.ReadWrite, Pooling = true }.ConnectionString;
        _readers = new SqliteReaderPool(_readConnectionString, maxIdle: Math.Max(8, 2 * Environment.ProcessorCount));
    }

    public override string ProviderName => "sqlite";

    /// <summary>The full path of the database file.</summary>
    public string DatabasePath => _databasePath;

    public override Task<bool> PingAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            using var connection = OpenReadConnection();
            using var command = Command(connection, SqliteSql.Ping);
            return Task.FromResult(command.ExecuteScalar() is 1L);
        }
        catch (SqliteException)
        {
            return Task.FromResult(false);
        }
    }

    protected override async Task InitializeStorageAsync(CancellationToken cancellationToken)
    {
        await _initializeGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // Once open, the writer belongs to the commit loop; a second call has nothing left to do.
            if (_writer is not null) return;
            Directory.CreateDirectory(Path.GetDirectoryName(_databasePath)!);
            var connection = new SqliteConnection(_writeConnectionString);
            try
            {
                connection.Open();
                ConfigureWriter(connection);
                SqliteSchemaMigrator.Migrate(connection, Now());
            }
            catch
            {
                connection.Dispose();
                throw;
            }
            _writer = new SqliteBatchWriter(connection);
            Logger.LogInformation("SQLite grain storage ready at {Path} (synchronous={Synchronous})", _databasePath, _synchronous);
        }
        finally
        {
            _initializeGate.Release();
        }
    }

    protected override Task CommitBatchAsync(IReadOnlyList<GroupCommitOperation> batch)
    {
        _writer!.Commit(batch, Now());
        return Task.CompletedTask;
    }

    protected override bool IsOperationSpecific(Exception failure) =>
        failure is not SqliteException sqlite || !DatabaseWideErrors.Contains(sqlite.SqliteErrorCode);

    protected override Task<StoredState?> ReadStateCoreAsync(GrainStateKey key, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(_readers.Read(readers =>
        {
            using var reader = SqliteReader.Keyed(readers.ReadState, key.GrainType, key.GrainKey, key.StateName).ExecuteReader();
            return reader.Read() ? new StoredState(SqliteValues.ReadBlob(reader, 0), reader.GetInt64(1)) : null;
        }));
    }

    protected override Task<IReadOnlyList<LogEntry>> ReadLogCoreAsync(GrainLogKey key, long fromSequence, int maxCount, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult<IReadOnlyList<LogEntry>>(_readers.Read(readers =>
        {
            var command = SqliteReader.Keyed(readers.ReadLog, key.GrainType, key.GrainKey, key.LogName);
            command.Parameters["@from"].Value = fromSequence;
            command.Parameters["@max"].Value = maxCount;
            using var reader = command.ExecuteReader();
            var entries = new List<LogEntry>();
            while (reader.Read()) entries.Add(new LogEntry(reader.GetInt64(0), SqliteValues.ReadBlob(reader, 1)!));
            return entries;
        }));
    }

    protected override Task<long> GetLastSequenceCoreAsync(GrainLogKey key, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(_readers.Read(readers =>
            (long)SqliteReader.Keyed(readers.ReadLastSequence, key.GrainType, key.GrainKey, key.LogName).ExecuteScalar()!));
    }

    protected override Task<IReadOnlyList<DeadlineRecord>> ReadDueDeadlinesCoreAsync(DateTimeOffset until, int maxCount, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        using var connection = OpenReadConnection();
        using var command = Command(connection, SqliteSql.ReadDueDeadlines);
        command.Parameters.AddWithValue("@until", StorageTime.ToUnixMicroseconds(until));
        command.Parameters.AddWithValue("@max", maxCount);
        return Task.FromResult(ReadDeadlines(command));
    }

    protected override Task<IReadOnlyList<DeadlineRecord>> ReadDueDeadlinesCoreAsync(
        IReadOnlyList<(uint Low, uint High)> intervals, DateTimeOffset until, int maxCount, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        using var connection = OpenReadConnection();
        using var command = Command(connection, SqliteSql.ReadDueDeadlinesInHashIntervals(intervals.Count));
        command.Parameters.AddWithValue("@until", StorageTime.ToUnixMicroseconds(until));
        command.Parameters.AddWithValue("@max", maxCount);
        for (var i = 0; i < intervals.Count; i++)
        {
            command.Parameters.AddWithValue($"@low{i}", (long)intervals[i].Low);
            command.Parameters.AddWithValue($"@high{i}", (long)intervals[i].High);
        }
        return Task.FromResult(ReadDeadlines(command));
    }

    protected override Task<IReadOnlyList<(string GrainType, string GrainKey)>> ReadGrainsWithUnhashedDeadlinesCoreAsync(int maxCount, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        using var connection = OpenReadConnection();
        using var command = Command(connection, SqliteSql.ReadGrainsWithUnhashedDeadlines);
        command.Parameters.AddWithValue("@max", maxCount);
        using var reader = command.ExecuteReader();
        var grains = new List<(string, string)>();
        while (reader.Read()) grains.Add((reader.GetString(0), reader.GetString(1)));
        return Task.FromResult<IReadOnlyList<(string, string)>>(grains);
    }

    protected override ValueTask DisposeStorageAsync()
    {
        _writer?.Dispose();
        _readers.Dispose();
        // Pooled readers would otherwise keep the file open after the provider is gone.
        using (var reader = new SqliteConnection(_readConnectionString)) SqliteConnection.ClearPool(reader);
        _initializeGate.Dispose();
        return ValueTask.CompletedTask;
    }

    private static IReadOnlyList<DeadlineRecord> ReadDeadlines(SqliteCommand command)
    {
        using var reader = command.ExecuteReader();
        var deadlines = new List<DeadlineRecord>();
        while (reader.Read()) deadlines.Add(SqliteValues.ReadDeadline(reader));
        return deadlines;
    }

    private static SqliteGrainStorageOptions Validated(SqliteGrainStorageOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = options.Validate();
        return errors.Count == 0 ? options : throw new ArgumentException(string.Join(" ", errors), nameof(options));
    }

    private void ConfigureWriter(SqliteConnection connection)
    {
        using (var wal = Command(connection, SqliteSql.EnableWal))
        {
            var mode = wal.ExecuteScalar() as string;
            if (!string.Equals(mode, "wal", StringComparison.OrdinalIgnoreCase))
                throw new InvalidOperationException($"SQLite refused WAL mode for {_databasePath} (journal mode is {mode}).");
        }
        using var pragmas = Command(connection, SqliteSql.ConnectionPragmas(_synchronous, _busyTimeoutMilliseconds) + " " + _writerPragmas);
        pragmas.ExecuteNonQuery();
    }

    private SqliteConnection OpenReadConnection()
    {
        var connection = new SqliteConnection(_readConnectionString);
        try
        {
            connection.Open();
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    private static SqliteCommand Command(SqliteConnection connection, string sql, params string[] key)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        if (key.Length == 3)
        {
            command.Parameters.AddWithValue("@type", key[0]);
            command.Parameters.AddWithValue("@key", key[1]);
            command.Parameters.AddWithValue("@name", key[2]);
        }
        return command;
    }

    private long Now() => StorageTime.ToUnixMicroseconds(_timeProvider.GetUtcNow());
}
