using Npgsql;
using NpgsqlTypes;
using Routing.Storage;

namespace Routing.Storage.PostgreSql;

/// <summary>
/// Turns group-commit operations into parameterized batch commands, and the rows each command affected back into the
/// operation's outcome.
/// </summary>
internal static class PostgreSqlBatchCommands
{
    public static NpgsqlBatchCommand For(GroupCommitOperation operation) => operation switch
    {
        StateWriteOperation { ExpectedVersion: null } write =>
            Command(PostgreSqlSql.InsertState, Key(write.Key), Bytes(write.Payload)),
        StateWriteOperation write =>
            Command(PostgreSqlSql.UpdateState, Key(write.Key), Bytes(write.Payload), Int64(write.ExpectedVersion.Value)),
        StateClearOperation clear =>
            Command(PostgreSqlSql.ClearState, Key(clear.Key), Int64(clear.ExpectedVersion)),
        LogAppendOperation append =>
            Command(PostgreSqlSql.AppendLog, Key(append.Key),
                new NpgsqlParameter<long[]> { TypedValue = append.Entries.Select(e => e.Sequence).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bigint },
                new NpgsqlParameter<byte[][]> { TypedValue = append.Entries.Select(e => e.Payload).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bytea }),
        LogTruncateOperation truncate =>
            Command(PostgreSqlSql.TruncateLog, Key(truncate.Key), Int64(truncate.ThroughSequence)),
        DeadlineUpsertOperation { Deadline: var deadline } =>
            Command(PostgreSqlSql.UpsertDeadline, Key(deadline.GrainType, deadline.GrainKey, deadline.Name),
                new NpgsqlParameter<DateTimeOffset> { TypedValue = deadline.DueAt, NpgsqlDbType = NpgsqlDbType.TimestampTz },
                new NpgsqlParameter { Value = (object?)deadline.Payload ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text },
                Uuid(deadline.Token),
                new NpgsqlParameter { Value = (object?)(long?)deadline.GrainHash ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Bigint }),
        DeadlineDeleteOperation { Token: { } token } delete =>
            Command(PostgreSqlSql.DeleteDeadlineWithToken, Key(delete.GrainType, delete.GrainKey, delete.Name), Uuid(token)),
        DeadlineDeleteOperation delete =>
            Command(PostgreSqlSql.DeleteDeadline, Key(delete.GrainType, delete.GrainKey, delete.Name)),
        DeadlineHashOperation hash =>
            Command(PostgreSqlSql.SetDeadlineHash, [Text(hash.GrainType), Text(hash.GrainKey)], Int64(hash.GrainHash)),
        _ => throw new NotSupportedException($"Unknown storage operation {operation.GetType().Name}."),
    };

    /// <summary>
    /// Stages the outcome the affected row count means. Returns false for a state conflict, whose stored version the
    /// caller may look up before staging it.
    /// </summary>
    public static bool TryStage(GroupCommitOperation operation, int recordsAffected)
    {
        switch (operation)
        {
            case StateWriteOperation write when recordsAffected == 1: write.Committed(); return true;
            case StateClearOperation clear when recordsAffected == 1: clear.Committed(); return true;
            case StateWriteOperation or StateClearOperation: return false;
            case LogAppendOperation append when recordsAffected == append.Entries.Count: append.Committed(); return true;
            case LogAppendOperation append: append.Conflicted(); return true;
            case LogTruncateOperation truncate: truncate.Committed(); return true;
            case DeadlineUpsertOperation upsert: upsert.Committed(); return true;
            case DeadlineDeleteOperation delete: delete.Committed(recordsAffected > 0); return true;
            case DeadlineHashOperation hash: hash.Committed(); return true;
            default: throw new NotSupportedException($"Unknown storage operation {operation.GetType().Name}.");
        }
    }

    public static NpgsqlBatchCommand ReadStateVersion(GrainStateKey key) => Command(PostgreSqlSql.ReadStateVersion, Key(key));

    public static NpgsqlParameter[] Key(GrainStateKey key) => Key(key.GrainType, key.GrainKey, key.StateName);

    public static NpgsqlParameter[] Key(GrainLogKey key) => Key(key.GrainType, key.GrainKey, key.LogName);

    public static NpgsqlParameter[] Key(string grainType, string grainKey, string name) => [Text(grainType), Text(grainKey), Text(name)];

    public static NpgsqlParameter Int64(long value) => new NpgsqlParameter<long> { TypedValue = value };

    private static NpgsqlParameter Text(string value) => new NpgsqlParameter<string> { TypedValue = value, NpgsqlDbType = NpgsqlDbType.Text };

    private static NpgsqlParameter Bytes(byte[] value) => new NpgsqlParameter<byte[]> { TypedValue = value, NpgsqlDbType = NpgsqlDbType.Bytea };

    private static NpgsqlParameter Uuid(Guid value) => new NpgsqlParameter<Guid> { TypedValue = value };

    private static NpgsqlBatchCommand Command(string sql, NpgsqlParameter[] key, params NpgsqlParameter[] others)
    {
        var command = new NpgsqlBatchCommand(sql);
        command.Parameters.AddRange(key);
        command.Parameters.AddRange(others);
        return command;
    }
}
