using Microsoft.Extensions.DependencyInjection;
using Routing.Storage.PostgreSql;
using Routing.Storage.Sqlite;
using Routing.Testing;

namespace Routing.Storage.Orleans.Tests;

/// <summary>One test's database on a real store; every silo the test starts, and the test itself, open it.</summary>
public abstract class TestDatabase : IAsyncDisposable
{
    public const string Sqlite = "sqlite";
    public const string PostgreSql = "postgresql";

    public static TheoryData<string> Kinds => new() { Sqlite, PostgreSql };

    /// <summary>A database of that kind, not created yet.</summary>
    public static TestDatabase Of(string kind) => kind == Sqlite ? new SqliteTestDatabase() : new PostgreSqlTestDatabase();

    /// <summary>Creates the empty database; before anything else.</summary>
    public virtual Task CreateAsync() => Task.CompletedTask;

    /// <summary>Registers this database as the silo's <see cref="IDurableStore"/> (an instance of its own).</summary>
    public abstract void AddTo(IServiceCollection services);

    /// <summary>An initialized store instance on this database, for the test to seed or inspect; dispose it.</summary>
    public async Task<IDurableStore> OpenAsync()
    {
        var store = Create();
        await store.InitializeAsync();
        return store;
    }

    public abstract ValueTask DisposeAsync();

    protected abstract IDurableStore Create();
}

/// <summary>A SQLite file in a directory of its own, deleted afterwards.</summary>
public sealed class SqliteTestDatabase : TestDatabase
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "routing-orleans-tests", Guid.NewGuid().ToString("N"));

    private string DatabasePath => Path.Combine(_directory, "routing.db");

    public override void AddTo(IServiceCollection services) => services.AddSqliteGrainStorage(o => o.DatabasePath = DatabasePath);

    public override ValueTask DisposeAsync()
    {
        if (Directory.Exists(_directory)) Directory.Delete(_directory, recursive: true);
        return ValueTask.CompletedTask;
    }

    protected override IDurableStore Create() => new SqliteGrainStorage(new SqliteGrainStorageOptions { DatabasePath = DatabasePath });
}

/// <summary>A fresh database on the tests' shared throwaway PostgreSQL server, dropped afterwards.</summary>
public sealed class PostgreSqlTestDatabase : TestDatabase
{
    private string? _connectionString;

    private string ConnectionString => _connectionString ?? throw new InvalidOperationException($"Call {nameof(CreateAsync)} first.");

    public override async Task CreateAsync() =>
        _connectionString = await (await PostgresServer.GetSharedAsync()).CreateDatabaseAsync("orleans");

    public override void AddTo(IServiceCollection services) => services.AddPostgreSqlGrainStorage(o => o.ConnectionString = ConnectionString);

    public override async ValueTask DisposeAsync()
    {
        if (_connectionString is not null) await (await PostgresServer.GetSharedAsync()).DropDatabaseAsync(_connectionString);
    }

    protected override IDurableStore Create() => new PostgreSqlGrainStorage(new PostgreSqlGrainStorageOptions { ConnectionString = ConnectionString });
}
