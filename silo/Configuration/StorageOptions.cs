using Npgsql;
using Routing.Storage.PostgreSql;
using Routing.Storage.Sqlite;

namespace Routing.Silo.Configuration;

/// <summary>Which storage provider holds grain state, logs and deadlines (configuration section "Storage").</summary>
public sealed class StorageOptions
{
    public const string SectionName = "Storage";
    public const string SqliteProvider = "sqlite";
    public const string PostgreSqlProvider = "postgresql";

    public static readonly IReadOnlyList<string> Providers = [SqliteProvider, PostgreSqlProvider];

    /// <summary>"sqlite" (default: embedded, one process) or "postgresql" (production, shared database).</summary>
    public string Provider { get; set; } = SqliteProvider;

    /// <summary>Section "Storage:Sqlite", used when Provider is sqlite.</summary>
    public SqliteGrainStorageOptions Sqlite { get; set; } = new();

    /// <summary>Section "Storage:PostgreSql", used when Provider is postgresql.</summary>
    public PostgreSqlGrainStorageOptions PostgreSql { get; set; } = new();

    public bool IsSqlite => string.Equals(Provider, SqliteProvider, StringComparison.OrdinalIgnoreCase);

    public bool IsPostgreSql => string.Equals(Provider, PostgreSqlProvider, StringComparison.OrdinalIgnoreCase);

    /// <summary>Where the data lives, for the start-up log (never the password).</summary>
    public string Describe()
    {
        if (IsSqlite) return $"{SqliteProvider} storage at {Path.GetFullPath(Sqlite.DatabasePath)}";
        var connection = new NpgsqlConnectionStringBuilder(PostgreSql.ConnectionString);
        return $"{PostgreSqlProvider} storage at {connection.Host}:{connection.Port}/{connection.Database} (schema {PostgreSql.Schema})";
    }

    internal IEnumerable<string> Validate()
    {
        // Only the chosen provider's settings must be usable; the other section may hold anything.
        if (IsSqlite) return Sqlite.Validate().Select(error => $"{SectionName}:Sqlite:{error}");
        if (IsPostgreSql) return PostgreSql.Validate().Select(error => $"{SectionName}:PostgreSql:{error}");
        return [$"{SectionName}:Provider '{Provider}' is not supported; use one of: {string.Join(", ", Providers)}."];
    }
}
