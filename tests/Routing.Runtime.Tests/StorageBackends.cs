using Microsoft.Extensions.DependencyInjection;
using Routing.Testing;

namespace Routing.Runtime.Tests;

/// <summary>One database per test, on a real provider; the same database serves every silo a test starts (restarts).</summary>
public interface IStorageBackend : IAsyncDisposable
{
    Task<Action<IServiceCollection>> CreateDatabaseAsync();
}

public sealed class SqliteBackend : IStorageBackend
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "routing-rt-" + Guid.NewGuid().ToString("N"));

    public Task<Action<IServiceCollection>> CreateDatabaseAsync()
    {
        var path = Path.Combine(_directory, Guid.NewGuid().ToString("N"), "routing.db");
        return Task.FromResult<Action<IServiceCollection>>(s => s.AddSqliteGrainStorage(o => o.DatabasePath = path));
    }

    public ValueTask DisposeAsync()
    {
        if (Directory.Exists(_directory)) Directory.Delete(_directory, recursive: true);
        return ValueTask.CompletedTask;
    }
}

public sealed class PostgreSqlBackend : IStorageBackend
{
    public async Task<Action<IServiceCollection>> CreateDatabaseAsync()
    {
        var server = await PostgresServer.GetSharedAsync();
        var connectionString = await server.CreateDatabaseAsync("runtime");
        return s => s.AddPostgreSqlGrainStorage(o => o.ConnectionString = connectionString);
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask; // the shared throwaway server goes with the process
}

/// <summary>Tests run once per provider: a subclass per backend, the backend cleaned up after each test.</summary>
public abstract class StorageBackedTests(IStorageBackend backend) : IAsyncLifetime
{
    protected IStorageBackend Backend => backend;

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => backend.DisposeAsync().AsTask();
}
