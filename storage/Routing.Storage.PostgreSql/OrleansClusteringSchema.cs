using Npgsql;

namespace Routing.Storage.PostgreSql;

/// <summary>
/// Orleans' membership tables (ADO.NET clustering) beside the grain storage's, created from Orleans' own scripts
/// (embedded, see OrleansSchema/README.md) so silos sharing the database can form a cluster without a manual step.
/// </summary>
internal static class OrleansClusteringSchema
{
    /// <summary>Each script with the table it creates: a script runs only when its table is missing.</summary>
    private static readonly (string Table, string Script)[] Scripts =
    [
        ("orleansquery", "PostgreSQL-Main.sql"),
        ("orleansmembershiptable", "PostgreSQL-Clustering.sql"),
    ];

    /// <summary>Runs the missing scripts on <paramref name="connection"/> (in the caller's migration transaction).</summary>
    public static async Task CreateMissingAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        foreach (var (table, script) in Scripts)
        {
            await using var exists = new NpgsqlCommand(PostgreSqlSql.TableExists, connection) { Parameters = { new() { Value = table } } };
            if ((bool)(await exists.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!) continue;
            await using var create = new NpgsqlCommand(Read(script), connection);
            await create.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private static string Read(string script)
    {
        using var stream = typeof(OrleansClusteringSchema).Assembly.GetManifestResourceStream($"OrleansSchema.{script}")
            ?? throw new InvalidOperationException($"The embedded Orleans script {script} is missing from the build.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
