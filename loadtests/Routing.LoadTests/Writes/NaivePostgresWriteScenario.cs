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
    // Copies of PostgreSqlSql.InsertState / UpdateState (internal to the provider).
    private const string InsertState = """
        INSERT INTO grain_state (grain_type, grain_key, state_name, payload, version, modified_at)
        VALUES ($1, $2, $3, $4, 1, now())
        ON CONFLICT DO NOTHING;
        """;

    private const string UpdateState = """
        UPDATE grain_state SET payload = $4, version = $5 + 1, modified_at = now()
        WHERE grain_type = $1 AND grain_key = $2 AND state_name = $3 AND version = $5;
        """;

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
