using Routing.Storage.PostgreSql;
using Npgsql;
using NpgsqlTypes;

namespace Routing.LoadTests.Writes;

/// <summary>
/// The baseline: what a service without group commit does. Each write is one statement on a pooled connection in
/// autocommit, so one transaction (and one WAL flush) per write, with the provider's own SQL, table and version check.
/// Autocommit rather than BEGIN/COMMIT spares the baseline a round trip: the fastest naive way, not a strawman.
/// </summary>
public sealed class NaivePostgresWriteScenario(string name, int writers, NpgsqlDataSource dataSource) : WriteScenario(name, writers)
{
    // The provider's own statements, so the baseline differs only in committing one write per transaction.
    private const string InsertState = PostgreSqlSql.InsertState;

    private const string UpdateState = PostgreSqlSql.UpdateState;

    protected override async Task<long> WriteAsync(string grainKey, byte[] payload, long? expectedVersion)
    {
        await using var command = dataSource.CreateCommand(expectedVersion is null ? InsertState : UpdateState);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = StorageWriteScenario.GrainType, NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = grainKey, NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = StorageWriteScenario.StateName, NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter<byte[]> { TypedValue = payload, NpgsqlDbType = NpgsqlDbType.Bytea });
        if (expectedVersion is { } expected) command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = expected });
        if (await command.ExecuteNonQueryAsync() != 1)
            throw new InvalidOperationException($"Write of {grainKey} at version {expectedVersion} conflicted; each writer owns its key.");
        return (expectedVersion ?? 0) + 1;
    }

    public override ValueTask DisposeAsync() => dataSource.DisposeAsync();
}
