using Microsoft.Data.Sqlite;

namespace Routing.Storage.Sqlite;

/// <summary>
/// Brings the database to the newest schema version in one IMMEDIATE transaction (so two processes starting at once
/// migrate one after the other), recording each applied version in schema_version.
/// </summary>
internal static class SqliteSchemaMigrator
{
    public static void Migrate(SqliteConnection connection, long nowMicroseconds)
    {
        using var transaction = connection.BeginTransaction(deferred: false);
        Execute(connection, transaction, SqliteSql.CreateSchemaVersionTable);

        var current = (long)Execute(connection, transaction, SqliteSql.ReadSchemaVersion, scalar: true)!;
        var newest = SqliteSql.Migrations.Count;
        if (current > newest)
            throw new InvalidOperationException(
                $"The SQLite database is at schema version {current}, newer than this build knows ({newest}); run a newer build.");

        for (var version = current + 1; version <= newest; version++)
        {
            Execute(connection, transaction, SqliteSql.Migrations[(int)version - 1]);
            Execute(connection, transaction, SqliteSql.RecordSchemaVersion, parameters: [("@version", version), ("@now", nowMicroseconds)]);
        }
        transaction.Commit();
    }

    private static object? Execute(
        SqliteConnection connection, SqliteTransaction transaction, string sql, bool scalar = false, (string, object)[]? parameters = null)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var (name, value) in parameters ?? []) command.Parameters.AddWithValue(name, value);
        return scalar ? command.ExecuteScalar() : command.ExecuteNonQuery();
    }
}
