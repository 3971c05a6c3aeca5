using Microsoft.Data.Sqlite;
using Routing.Storage;

namespace Routing.Storage.Sqlite;

/// <summary>
/// The one writer connection of the SQLite provider: executes a group-commit batch as one BEGIN IMMEDIATE ... COMMIT
/// with statements prepared once and reused. Only the commit loop uses it, so it needs no locking.
/// </summary>
internal sealed class SqliteBatchWriter : IDisposable
{
    private const int SqliteConstraint = 19;
    private const string AppendSavepoint = "append";

    private readonly SqliteConnection _connection;
    private readonly SqliteCommand _insertState, _updateState, _clearState, _readStateVersion;
    private readonly SqliteCommand _insertLogEntry, _readTruncationPoint, _raiseTruncationPoint, _deleteLogEntries;
    private readonly SqliteCommand _upsertDeadline, _deleteDeadlineWithToken, _deleteDeadline, _setDeadlineHash;
    private readonly SqliteCommand[] _commands;

    public SqliteBatchWriter(SqliteConnection connection)
    {
        _connection = connection;
        _insertState = Command(SqliteSql.InsertState, StateKey, ("@payload", SqliteType.Blob), ("@now", SqliteType.Integer));
        _updateState = Command(SqliteSql.UpdateState, StateKey, ("@payload", SqliteType.Blob), ("@expected", SqliteType.Integer), ("@now", SqliteType.Integer));
        _clearState = Command(SqliteSql.ClearState, StateKey, ("@expected", SqliteType.Integer), ("@now", SqliteType.Integer));
        _readStateVersion = Command(SqliteSql.ReadStateVersion, StateKey);
        _insertLogEntry = Command(SqliteSql.InsertLogEntry, StateKey, ("@seq", SqliteType.Integer), ("@payload", SqliteType.Blob));
        _readTruncationPoint = Command(SqliteSql.ReadTruncationPoint, StateKey);
        _raiseTruncationPoint = Command(SqliteSql.RaiseTruncationPoint, StateKey, ("@through", SqliteType.Integer));
        _deleteLogEntries = Command(SqliteSql.DeleteLogEntries, StateKey, ("@through", SqliteType.Integer));
        _upsertDeadline = Command(SqliteSql.UpsertDeadline, StateKey,
            ("@due", SqliteType.Integer), ("@payload", SqliteType.Text), ("@token", SqliteType.Text), ("@hash", SqliteType.Integer));
        _deleteDeadlineWithToken = Command(SqliteSql.DeleteDeadlineWithToken, StateKey, ("@token", SqliteType.Text));
        _deleteDeadline = Command(SqliteSql.DeleteDeadline, StateKey);
        _setDeadlineHash = Command(SqliteSql.SetDeadlineHash, [("@type", SqliteType.Text), ("@key", SqliteType.Text)], ("@hash", SqliteType.Integer));
        _commands = [_insertState, _updateState, _clearState, _readStateVersion, _insertLogEntry, _readTruncationPoint, _raiseTruncationPoint,
            _deleteLogEntries, _upsertDeadline, _deleteDeadlineWithToken, _deleteDeadline, _setDeadlineHash];
    }

    private static (string, SqliteType)[] StateKey => [("@type", SqliteType.Text), ("@key", SqliteType.Text), ("@name", SqliteType.Text)];

    /// <summary>Executes the batch in one transaction, staging each operation's outcome; returns once committed.</summary>
    public void Commit(IReadOnlyList<GroupCommitOperation> batch, long nowMicroseconds)
    {
        // IMMEDIATE takes the write lock up front (waiting up to busy_timeout) instead of failing half-way through.
        using var transaction = _connection.BeginTransaction(deferred: false);
        foreach (var command in _commands) command.Transaction = transaction;
        foreach (var operation in batch)
        {
            switch (operation)
            {
                case StateWriteOperation write: Write(write, nowMicroseconds); break;
                case StateClearOperation clear: Clear(clear, nowMicroseconds); break;
                case LogAppendOperation append: Append(append, transaction); break;
                case LogTruncateOperation truncate: Truncate(truncate); break;
                case DeadlineUpsertOperation upsert: Upsert(upsert); break;
                case DeadlineDeleteOperation delete: Delete(delete); break;
                case DeadlineHashOperation hash: SetHash(hash); break;
                default: throw new NotSupportedException($"Unknown storage operation {operation.GetType().Name}.");
            }
        }
        WriteChains.ThrowIfBroken(batch); // disposing the transaction uncommitted rolls it back
        transaction.Commit();
    }

    public void Dispose()
    {
        foreach (var command in _commands) command.Dispose();
        _connection.Dispose();
    }

    private void Write(StateWriteOperation write, long now)
    {
        var command = write.ExpectedVersion is null ? _insertState : _updateState;
        SetKey(command, write.Key.GrainType, write.Key.GrainKey, write.Key.StateName);
        command.Parameters["@payload"].Value = write.Payload;
        command.Parameters["@now"].Value = now;
        if (write.ExpectedVersion is { } expected) command.Parameters["@expected"].Value = expected;

        if (command.ExecuteNonQuery() == 1) write.Committed();
        else write.Conflicted(ReadStoredVersion(write.Key));
    }

    private void Clear(StateClearOperation clear, long now)
    {
        SetKey(_clearState, clear.Key.GrainType, clear.Key.GrainKey, clear.Key.StateName);
        _clearState.Parameters["@expected"].Value = clear.ExpectedVersion;
        _clearState.Parameters["@now"].Value = now;

        if (_clearState.ExecuteNonQuery() == 1) clear.Committed();
        else clear.Conflicted(ReadStoredVersion(clear.Key));
    }

    // Inside the batch's transaction, so the version is exactly the one the failed statement met.
    private long? ReadStoredVersion(GrainStateKey key)
    {
        SetKey(_readStateVersion, key.GrainType, key.GrainKey, key.StateName);
        return _readStateVersion.ExecuteScalar() is long version ? version : null;
    }

    // A savepoint makes the append all-or-nothing on its own while the rest of the batch goes on.
    private void Append(LogAppendOperation append, SqliteTransaction transaction)
    {
        // Truncated sequences have no row left for the primary key to catch: compare with the truncation point.
        SetKey(_readTruncationPoint, append.Key.GrainType, append.Key.GrainKey, append.Key.LogName);
        if (_readTruncationPoint.ExecuteScalar() is long truncatedThrough && append.Entries.Any(e => e.Sequence <= truncatedThrough))
        {
            append.Conflicted();
            return;
        }

        SetKey(_insertLogEntry, append.Key.GrainType, append.Key.GrainKey, append.Key.LogName);
        transaction.Save(AppendSavepoint);
        try
        {
            foreach (var entry in append.Entries)
            {
                _insertLogEntry.Parameters["@seq"].Value = entry.Sequence;
                _insertLogEntry.Parameters["@payload"].Value = entry.Payload;
                _insertLogEntry.ExecuteNonQuery();
            }
            transaction.Release(AppendSavepoint);
            append.Committed();
        }
        catch (SqliteException exception) when (exception.SqliteErrorCode == SqliteConstraint)
        {
            transaction.Rollback(AppendSavepoint);
            transaction.Release(AppendSavepoint);
            append.Conflicted();
        }
    }

    // The truncation point first: it is capped at the last sequence, read before the entries are deleted. Neither
    // statement can conflict, so no savepoint: an error fails the batch, which is then re-run one operation at a time.
    private void Truncate(LogTruncateOperation truncate)
    {
        foreach (var command in new[] { _raiseTruncationPoint, _deleteLogEntries })
        {
            SetKey(command, truncate.Key.GrainType, truncate.Key.GrainKey, truncate.Key.LogName);
            command.Parameters["@through"].Value = truncate.ThroughSequence;
            command.ExecuteNonQuery();
        }
        truncate.Committed();
    }

    private void Upsert(DeadlineUpsertOperation upsert)
    {
        var deadline = upsert.Deadline;
        SetKey(_upsertDeadline, deadline.GrainType, deadline.GrainKey, deadline.Name);
        _upsertDeadline.Parameters["@due"].Value = StorageTime.ToUnixMicroseconds(deadline.DueAt);
        _upsertDeadline.Parameters["@payload"].Value = (object?)deadline.Payload ?? DBNull.Value;
        _upsertDeadline.Parameters["@token"].Value = SqliteValues.FromGuid(deadline.Token);
        _upsertDeadline.Parameters["@hash"].Value = (object?)deadline.GrainHash ?? DBNull.Value;
        _upsertDeadline.ExecuteNonQuery();
        upsert.Committed();
    }

    private void SetHash(DeadlineHashOperation hash)
    {
        _setDeadlineHash.Parameters["@type"].Value = hash.GrainType;
        _setDeadlineHash.Parameters["@key"].Value = hash.GrainKey;
        _setDeadlineHash.Parameters["@hash"].Value = hash.GrainHash;
        _setDeadlineHash.ExecuteNonQuery();
        hash.Committed();
    }

    private void Delete(DeadlineDeleteOperation delete)
    {
        var command = delete.Token is null ? _deleteDeadline : _deleteDeadlineWithToken;
        SetKey(command, delete.GrainType, delete.GrainKey, delete.Name);
        if (delete.Token is { } token) command.Parameters["@token"].Value = SqliteValues.FromGuid(token);
        delete.Committed(command.ExecuteNonQuery() > 0);
    }

    private SqliteCommand Command(string sql, (string Name, SqliteType Type)[] key, params (string Name, SqliteType Type)[] others)
    {
        var command = _connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, type) in key.Concat(others)) command.Parameters.Add(name, type);
        return command;
    }

    private static void SetKey(SqliteCommand command, string grainType, string grainKey, string name)
    {
        command.Parameters["@type"].Value = grainType;
        command.Parameters["@key"].Value = grainKey;
        command.Parameters["@name"].Value = name;
    }
}
