using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Routing.Storage;

namespace Routing.Storage.PostgreSql;

/// <summary>
/// Grain storage in PostgreSQL. Writes are group-committed: each batch is one <see cref="NpgsqlBatch"/> (one round trip),
/// which PostgreSQL runs as one implicit transaction committed before it answers; a conflict shows as zero affected rows
/// and fails only its own operation. Reads use pooled connections of the same <see cref="NpgsqlDataSource"/>.
/// </summary>
public sealed class PostgreSqlGrainStorage : GroupCommitGrainStorage
{
    private readonly NpgsqlDataSource _dataSource;
    private readonly string _schema;

    public PostgreSqlGrainStorage(PostgreSqlGrainStorageOptions options, ILogger<PostgreSqlGrainStorage>? logger = null)
        : base(Validated(options).MaxBatchSize, options.Hooks, logger ?? NullLogger<PostgreSqlGrainStorage>.Instance)
    {
        _schema = options.Schema;
        var builder = new NpgsqlDataSourceBuilder(options.ConnectionStringInSchema());
        if (builder.ConnectionStringBuilder.MaxAutoPrepare == 0) builder.ConnectionStringBuilder.MaxAutoPrepare = 64;
        builder.ConnectionStringBuilder.ApplicationName ??= "routing-grain-storage";
        _dataSource = builder.Build();
    }

    public override string ProviderName => "postgresql";

    public override async Task<bool> PingAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            await using var command = _dataSource.CreateCommand(PostgreSqlSql.Ping);
            return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is 1;
        }
        catch (NpgsqlException)
        {
            return false;
        }
    }

    protected override async Task InitializeStorageAsync(CancellationToken cancellationToken)
    {
        await PostgreSqlSchemaMigrator.MigrateAsync(_dataSource, _schema, cancellationToken).ConfigureAwait(false);
        Logger.LogInformation("PostgreSQL grain storage ready in schema {Schema}", _schema);
    }

    protected override async Task CommitBatchAsync(IReadOnlyList<GroupCommitOperation> batch)
    {
        // Never cancelled: abandoning a shared commit half-way would leave every caller of the batch in doubt.
        await using var connection = await _dataSource.OpenConnectionAsync().ConfigureAwait(false);
        // Explicit, so the outcomes can be checked before committing (a write must not outlive a failed prerequisite);
        // Npgsql sends BEGIN with the batch, so this costs one round trip more per batch (the COMMIT), not per write.
        await using var transaction = await connection.BeginTransactionAsync().ConfigureAwait(false);
        await using var commands = new NpgsqlBatch(connection, transaction);
        foreach (var operation in batch) commands.BatchCommands.Add(PostgreSqlBatchCommands.For(operation));
        try
        {
            await commands.ExecuteNonQueryAsync().ConfigureAwait(false);
        }
        catch (PostgresException exception) when (exception.SqlState == PostgresErrorCodes.UniqueViolation && batch is [LogAppendOperation append])
        {
            // Another process appended one of these sequences between our check and our insert; nothing was stored.
            append.Conflicted();
            return;
        }

        List<int>? conflicts = null;
        for (var i = 0; i < batch.Count; i++)
        {
            if (PostgreSqlBatchCommands.TryStage(batch[i], commands.BatchCommands[i].RecordsAffected)) continue;
            (conflicts ??= []).Add(i);
            StageStateConflict(batch[i], storedVersion: null); // known after the commit, if at all
        }
        WriteChains.ThrowIfBroken(batch); // disposing the transaction uncommitted rolls it back
        await transaction.CommitAsync().ConfigureAwait(false);

        // Committed. From here nothing may throw: a throw would re-run operations that are already durable.
        if (conflicts is not null) await StageStateConflictsAsync(connection, batch, conflicts).ConfigureAwait(false);
    }

    protected override bool IsOperationSpecific(Exception failure) => failure switch
    {
        // Connection exceptions (08), insufficient resources (53), shutdown (57), system errors (58, XX): the server as a whole.
        PostgresException server => server.SqlState[..2] is not ("08" or "53" or "57" or "58" or "XX"),
        // No answer from the server at all (I/O, timeout).
        NpgsqlException => false,
        _ => true,
    };

    protected override async Task<StoredState?> ReadStateCoreAsync(GrainStateKey key, CancellationToken cancellationToken)
    {
        await using var command = ReadCommand(PostgreSqlSql.ReadState, PostgreSqlBatchCommands.Key(key));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false)) return null;
        return new StoredState(reader.IsDBNull(0) ? null : reader.GetFieldValue<byte[]>(0), reader.GetInt64(1));
    }

    protected override async Task<IReadOnlyList<LogEntry>> ReadLogCoreAsync(GrainLogKey key, long fromSequence, int maxCount, CancellationToken cancellationToken)
    {
        await using var command = ReadCommand(PostgreSqlSql.ReadLog,
            [.. PostgreSqlBatchCommands.Key(key), PostgreSqlBatchCommands.Int64(fromSequence), PostgreSqlBatchCommands.Int64(maxCount)]);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var entries = new List<LogEntry>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            entries.Add(new LogEntry(reader.GetInt64(0), reader.GetFieldValue<byte[]>(1)));
        return entries;
    }

    protected override async Task<long> GetLastSequenceCoreAsync(GrainLogKey key, CancellationToken cancellationToken)
    {
        await using var command = ReadCommand(PostgreSqlSql.ReadLastSequence, PostgreSqlBatchCommands.Key(key));
        return (long)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
    }

    protected override async Task<IReadOnlyList<DeadlineRecord>> ReadDueDeadlinesCoreAsync(DateTimeOffset until, int maxCount, CancellationToken cancellationToken)
    {
        await using var command = ReadCommand(PostgreSqlSql.ReadDueDeadlines,
            [new NpgsqlParameter<DateTimeOffset> { TypedValue = until }, PostgreSqlBatchCommands.Int64(maxCount)]);
        return await ReadDeadlinesAsync(command, cancellationToken).ConfigureAwait(false);
    }

    protected override async Task<IReadOnlyList<DeadlineRecord>> ReadDueDeadlinesCoreAsync(
        IReadOnlyList<(uint Low, uint High)> intervals, DateTimeOffset until, int maxCount, CancellationToken cancellationToken)
    {
        await using var command = ReadCommand(PostgreSqlSql.ReadDueDeadlinesInHashIntervals,
        [
            new NpgsqlParameter<DateTimeOffset> { TypedValue = until },
            PostgreSqlBatchCommands.Int64(maxCount),
            new NpgsqlParameter<long[]> { TypedValue = intervals.Select(i => (long)i.Low).ToArray() },
            new NpgsqlParameter<long[]> { TypedValue = intervals.Select(i => (long)i.High).ToArray() },
        ]);
        return await ReadDeadlinesAsync(command, cancellationToken).ConfigureAwait(false);
    }

    protected override async Task<IReadOnlyList<(string GrainType, string GrainKey)>> ReadGrainsWithUnhashedDeadlinesCoreAsync(
        int maxCount, CancellationToken cancellationToken)
    {
        await using var command = ReadCommand(PostgreSqlSql.ReadGrainsWithUnhashedDeadlines, [PostgreSqlBatchCommands.Int64(maxCount)]);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var grains = new List<(string, string)>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false)) grains.Add((reader.GetString(0), reader.GetString(1)));
        return grains;
    }

    protected override ValueTask DisposeStorageAsync() => _dataSource.DisposeAsync();

    private static PostgreSqlGrainStorageOptions Validated(PostgreSqlGrainStorageOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = options.Validate();
        return errors.Count == 0 ? options : throw new ArgumentException(string.Join(" ", errors), nameof(options));
    }

    // The stored versions met by conflicting writes, read after the commit on the same connection; only conflicts pay.
    // Best effort: the commit already happened, so a failure here reports the conflict without the version.
    private async Task StageStateConflictsAsync(NpgsqlConnection connection, IReadOnlyList<GroupCommitOperation> batch, List<int> conflicts)
    {
        var stored = new long?[conflicts.Count];
        try
        {
            await using var lookups = new NpgsqlBatch(connection);
            foreach (var index in conflicts) lookups.BatchCommands.Add(PostgreSqlBatchCommands.ReadStateVersion(KeyOf(batch[index])));
            await using var reader = await lookups.ExecuteReaderAsync().ConfigureAwait(false);
            for (var i = 0; i < conflicts.Count; i++)
            {
                if (await reader.ReadAsync().ConfigureAwait(false)) stored[i] = reader.GetInt64(0);
                await reader.NextResultAsync().ConfigureAwait(false);
            }
        }
        catch (Exception exception) when (exception is NpgsqlException or InvalidOperationException)
        {
            Logger.LogWarning(exception, "Could not read the stored versions of {Count} conflicting writes", conflicts.Count);
        }

        for (var i = 0; i < conflicts.Count; i++) StageStateConflict(batch[conflicts[i]], stored[i]);
    }

    private static void StageStateConflict(GroupCommitOperation operation, long? storedVersion)
    {
        switch (operation)
        {
            case StateWriteOperation write: write.Conflicted(storedVersion); break;
            case StateClearOperation clear: clear.Conflicted(storedVersion); break;
        }
    }

    private static GrainStateKey KeyOf(GroupCommitOperation operation) => operation switch
    {
        StateWriteOperation write => write.Key,
        StateClearOperation clear => clear.Key,
        _ => throw new NotSupportedException(operation.GetType().Name),
    };

    private static async Task<IReadOnlyList<DeadlineRecord>> ReadDeadlinesAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var deadlines = new List<DeadlineRecord>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            deadlines.Add(new DeadlineRecord(
                reader.GetString(0),
                reader.GetString(1),
                reader.GetString(2),
                reader.GetFieldValue<DateTimeOffset>(3),
                reader.IsDBNull(4) ? null : reader.GetString(4),
                reader.GetGuid(5),
                reader.IsDBNull(6) ? null : checked((uint)reader.GetInt64(6))));
        }
        return deadlines;
    }

    private NpgsqlCommand ReadCommand(string sql, NpgsqlParameter[] parameters)
    {
        var command = _dataSource.CreateCommand(sql);
        command.Parameters.AddRange(parameters);
        return command;
    }
}
