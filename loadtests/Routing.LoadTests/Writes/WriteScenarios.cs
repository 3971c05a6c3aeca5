using Npgsql;
using Routing.Storage.PostgreSql;
using Routing.Storage.Sqlite;
using Routing.Testing;

namespace Routing.LoadTests.Writes;

/// <summary>Builds the write scenarios, each on its own fresh database, and removes the databases afterwards.</summary>
public sealed class WriteScenarios : IAsyncDisposable
{
    private readonly PostgresServer _server;
    private readonly List<string> _databases = [];
    private readonly string _sqliteDirectory = Path.Combine(Path.GetTempPath(), $"routing-loadtests-{Guid.NewGuid():N}");

    private WriteScenarios(PostgresServer server) => _server = server;

    public List<WriteScenario> All { get; } = [];

    /// <summary>The server named by ROUTING_TEST_POSTGRES, or a throwaway one from the installed PostgreSQL (fsync on).</summary>
    public static async Task<WriteScenarios> CreateAsync(int writers)
    {
        var scenarios = new WriteScenarios(await PostgresServer.GetSharedAsync());
        try
        {
            await scenarios.AddAllAsync(writers);
            return scenarios;
        }
        catch
        {
            await scenarios.DisposeAsync();
            throw;
        }
    }

    private async Task AddAllAsync(int writers)
    {
        All.Add(new NaivePostgresWriteScenario("postgresql, one transaction per write (naive Npgsql)", writers, await NaiveDataSourceAsync())
        {
            IsBaseline = true,
        });
        All.Add(new StorageWriteScenario("postgresql provider, group commit", writers, await PostgreSqlAsync()));
        All.Add(new StorageWriteScenario("sqlite provider, group commit", writers, await SqliteAsync("group.db", maxBatchSize: null)));
        All.Add(new StorageWriteScenario("sqlite provider, batch size 1 (no group commit)", writers, await SqliteAsync("single.db", maxBatchSize: 1)));
    }

    private async Task<PostgreSqlGrainStorage> PostgreSqlAsync()
    {
        var storage = new PostgreSqlGrainStorage(new PostgreSqlGrainStorageOptions { ConnectionString = await CreateDatabaseAsync("group") });
        await storage.InitializeAsync();
        return storage;
    }

    // The provider creates the schema, so the baseline writes to the very same table and index.
    private async Task<NpgsqlDataSource> NaiveDataSourceAsync()
    {
        var connectionString = await CreateDatabaseAsync("naive");
        await using (var schemaOnly = new PostgreSqlGrainStorage(new PostgreSqlGrainStorageOptions { ConnectionString = connectionString }))
            await schemaOnly.InitializeAsync();
        // As the provider configures its own: statements prepared once per connection. Pool size stays Npgsql's default.
        var builder = new NpgsqlDataSourceBuilder(connectionString);
        builder.ConnectionStringBuilder.MaxAutoPrepare = 64;
        return builder.Build();
    }

    private async Task<SqliteGrainStorage> SqliteAsync(string file, int? maxBatchSize)
    {
        var options = new SqliteGrainStorageOptions { DatabasePath = Path.Combine(_sqliteDirectory, file), Synchronous = "FULL" };
        if (maxBatchSize is { } size) options.MaxBatchSize = size;
        var storage = new SqliteGrainStorage(options);
        await storage.InitializeAsync();
        return storage;
    }

    private async Task<string> CreateDatabaseAsync(string prefix)
    {
        var connectionString = await _server.CreateDatabaseAsync($"loadtest_{prefix}");
        _databases.Add(connectionString);
        return connectionString;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var scenario in All) await scenario.DisposeAsync();
        foreach (var database in _databases) await _server.DropDatabaseAsync(database);
        if (Directory.Exists(_sqliteDirectory)) Directory.Delete(_sqliteDirectory, recursive: true);
    }
}
