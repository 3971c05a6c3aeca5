using Npgsql;
using Routing.Storage;
using Routing.Storage.PostgreSql;
using Routing.Storage.Sqlite;
using Routing.Storage.Statistics;
using Routing.Testing;

namespace Routing.Grains.Tests.CrashCuts;

/// <summary>One fresh database of one provider that outlives the silos started on it (a crash, then a restart).</summary>
internal abstract class CrashStore : IAsyncDisposable
{
    public abstract IDurableStore Open(TimeProvider time);

    /// <summary>The statistics tables of the same database (once <see cref="Open"/>'s store is initialized).</summary>
    public abstract IStatisticsStore OpenStatistics();

    public abstract ValueTask DisposeAsync();

    /// <summary>What the database is doing now (PostgreSQL: its sessions and what they wait for), for a failure's message.</summary>
    public virtual Task<string> ActivityAsync() => Task.FromResult("");

    public static async Task<CrashStore> CreateAsync(string provider) => provider switch
    {
        "sqlite" => new SqliteCrashStore(),
        "postgresql" => await PostgreSqlCrashStore.CreateAsync(),
        _ => throw new ArgumentOutOfRangeException(nameof(provider), provider, "sqlite or postgresql"),
    };

    private sealed class SqliteCrashStore : CrashStore
    {
        private readonly string _directory = Path.Combine(Path.GetTempPath(), "routing-cut-" + Guid.NewGuid().ToString("N"));

        public SqliteCrashStore() => Directory.CreateDirectory(_directory);

        public override IDurableStore Open(TimeProvider time) =>
            new SqliteGrainStorage(new SqliteGrainStorageOptions { DatabasePath = Path.Combine(_directory, "routing.db") }, timeProvider: time);

        public override IStatisticsStore OpenStatistics() =>
            new SqliteStatisticsStore(new SqliteGrainStorageOptions { DatabasePath = Path.Combine(_directory, "routing.db") });

        public override ValueTask DisposeAsync()
        {
            try { Directory.Delete(_directory, recursive: true); } catch (IOException) { } // a lingering handle: leave it to the OS
            return ValueTask.CompletedTask;
        }
    }

    /// <summary>A schema of its own in one database of the shared test server: as isolated as a database, far cheaper to make.</summary>
    private sealed class PostgreSqlCrashStore(string connectionString, string schema) : CrashStore
    {
        private static readonly Lazy<Task<string>> Database = new(async () => await (await PostgresServer.GetSharedAsync()).CreateDatabaseAsync("crash_cuts"));

        public static async Task<CrashStore> CreateAsync() => new PostgreSqlCrashStore(await Database.Value, "cut_" + Guid.NewGuid().ToString("N"));

        public override IDurableStore Open(TimeProvider time) =>
            new PostgreSqlGrainStorage(new PostgreSqlGrainStorageOptions { ConnectionString = connectionString, Schema = schema });

        public override IStatisticsStore OpenStatistics() =>
            new PostgreSqlStatisticsStore(new PostgreSqlGrainStorageOptions { ConnectionString = connectionString, Schema = schema });

        public override async Task<string> ActivityAsync()
        {
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync();
            await using var query = new NpgsqlCommand(
                "SELECT pid, state, coalesce(wait_event_type, ''), coalesce(wait_event, ''), left(query, 160) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()",
                connection);
            await using var reader = await query.ExecuteReaderAsync();
            var lines = new List<string>();
            while (await reader.ReadAsync())
                lines.Add($"pid {reader.GetInt32(0)} {reader.GetString(1)} waits {reader.GetString(2)}/{reader.GetString(3)}: {reader.GetString(4)}");
            return string.Join("\n", lines);
        }

        public override async ValueTask DisposeAsync()
        {
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP SCHEMA IF EXISTS {schema} CASCADE", connection);
            await drop.ExecuteNonQueryAsync();
        }
    }
}
