using Npgsql;

namespace Routing.Storage.PostgreSql;

/// <summary>
/// Brings the schema to the newest version in one transaction under an advisory lock (so silos starting together
/// migrate one after the other), recording each applied version in schema_version; then creates Orleans' membership
/// tables if they are missing.
/// </summary>
internal static class PostgreSqlSchemaMigrator
{
    public static async Task MigrateAsync(NpgsqlDataSource dataSource, string schema, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);

        await ExecuteAsync(connection, PostgreSqlSql.LockMigrations, cancellationToken, PostgreSqlSql.MigrationLockKey).ConfigureAwait(false);
        // Checked first: CREATE SCHEMA IF NOT EXISTS demands the CREATE privilege even when the schema exists.
        if (!(bool)(await ScalarAsync(connection, PostgreSqlSql.SchemaExists, cancellationToken, schema).ConfigureAwait(false))!)
            await ExecuteAsync(connection, PostgreSqlSql.CreateSchema(schema), cancellationToken).ConfigureAwait(false);
        await ExecuteAsync(connection, PostgreSqlSql.CreateSchemaVersionTable, cancellationToken).ConfigureAwait(false);

        var current = (int)(await ScalarAsync(connection, PostgreSqlSql.ReadSchemaVersion, cancellationToken).ConfigureAwait(false))!;
        var newest = PostgreSqlSql.Migrations.Count;
        if (current > newest)
            throw new InvalidOperationException(
                $"The PostgreSQL schema \"{schema}\" is at version {current}, newer than this build knows ({newest}); run a newer build.");

        for (var version = current + 1; version <= newest; version++)
        {
            await ExecuteAsync(connection, PostgreSqlSql.Migrations[version - 1], cancellationToken).ConfigureAwait(false);
            await ExecuteAsync(connection, PostgreSqlSql.RecordSchemaVersion, cancellationToken, version).ConfigureAwait(false);
        }
        // Orleans' tables follow Orleans' scripts, not our version numbers (see OrleansSchema/README.md).
        await OrleansClusteringSchema.CreateMissingAsync(connection, cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken, params object[] parameters)
    {
        await using var command = Command(connection, sql, parameters);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private static async Task<object?> ScalarAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken, params object[] parameters)
    {
        await using var command = Command(connection, sql, parameters);
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
    }

    private static NpgsqlCommand Command(NpgsqlConnection connection, string sql, object[] parameters)
    {
        var command = new NpgsqlCommand(sql, connection);
        foreach (var value in parameters) command.Parameters.Add(new NpgsqlParameter { Value = value });
        return command;
    }
}
