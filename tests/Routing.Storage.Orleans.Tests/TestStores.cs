using Orleans;
using Routing.Storage.PostgreSql;
using Routing.Storage.Sqlite;
using Routing.Testing;

namespace Routing.Storage.Orleans.Tests;

/// <summary>A fresh, initialized store of either kind: a temporary SQLite file, or a new database on the real PostgreSQL.</summary>
public sealed class TestStore : IAsyncDisposable
{
    public const string Sqlite = "sqlite";
    public const string PostgreSql = "postgresql";

    public static TheoryData<string> Kinds => new() { Sqlite, PostgreSql };

    private readonly Func<Task> _delete;

    private TestStore(IDurableStore store, Func<Task> delete)
    {
        Store = store;
        _delete = delete;
    }

    public IDurableStore Store { get; }

    public static async Task<TestStore> CreateAsync(string kind)
    {
        TestStore created;
        if (kind == Sqlite)
        {
            var directory = Path.Combine(Path.GetTempPath(), "routing-orleans-tests", Guid.NewGuid().ToString("N"));
            created = new TestStore(new SqliteGrainStorage(new SqliteGrainStorageOptions { DatabasePath = Path.Combine(directory, "routing.db") }),
                () => { Directory.Delete(directory, recursive: true); return Task.CompletedTask; });
        }
        else
        {
            var server = await PostgresServer.GetSharedAsync();
            var connectionString = await server.CreateDatabaseAsync("orleans");
            created = new TestStore(new PostgreSqlGrainStorage(new PostgreSqlGrainStorageOptions { ConnectionString = connectionString }),
                () => server.DropDatabaseAsync(connectionString));
        }
        await created.Store.InitializeAsync();
        return created;
    }

    public async ValueTask DisposeAsync()
    {
        await Store.DisposeAsync();
        await _delete();
    }
}
