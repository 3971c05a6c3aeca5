using Microsoft.Extensions.DependencyInjection;
using Routing.Testing;

namespace Routing.LoadTests.Routing;

/// <summary>
/// A storage provider for the routing grains, each on a fresh database of its own that is removed afterwards:
/// SQLite on a file with fsync (the embedded default), SQLite on tmpfs without fsync (what is left when the disk is
/// free), PostgreSQL (the production provider, a throwaway server as `writes` uses).
/// </summary>
public sealed class RoutingStorage : IAsyncDisposable
{
    private readonly Action<IServiceCollection> _register;
    private readonly Func<Task> _cleanup;

    private RoutingStorage(string name, Action<IServiceCollection> register, Func<Task> cleanup)
    {
        Name = name;
        _register = register;
        _cleanup = cleanup;
    }

    public string Name { get; }

    public void Register(IServiceCollection services) => _register(services);

    public static async Task<RoutingStorage> CreateAsync(string choice)
    {
        switch (choice)
        {
            case "sqlite":
                return Sqlite("sqlite file, fsync (FULL), group commit", Path.GetTempPath(), "FULL");
            case "sqlite-nosync":
                // tmpfs and synchronous OFF: the same SQL and serialization, no disk wait.
                return Sqlite("sqlite on tmpfs, no fsync (OFF), group commit", Directory.Exists("/dev/shm") ? "/dev/shm" : Path.GetTempPath(), "OFF");
            case "postgresql":
                var server = await PostgresServer.GetSharedAsync();
                var connectionString = await server.CreateDatabaseAsync("loadtest_routing");
                return new RoutingStorage("postgresql, fsync on, group commit",
                    s => s.AddPostgreSqlGrainStorage(o => o.ConnectionString = connectionString),
                    () => server.DropDatabaseAsync(connectionString));
            default:
                throw new ArgumentException($"unknown storage '{choice}'", nameof(choice));
        }
    }

    private static RoutingStorage Sqlite(string name, string parent, string synchronous)
    {
        var directory = Path.Combine(parent, $"routing-loadtests-{Guid.NewGuid():N}");
        Directory.CreateDirectory(directory);
        return new RoutingStorage(name,
            s => s.AddSqliteGrainStorage(o =>
            {
                o.DatabasePath = Path.Combine(directory, "routing.db");
                o.Synchronous = synchronous;
            }),
            () =>
            {
                Directory.Delete(directory, recursive: true);
                return Task.CompletedTask;
            });
    }

    /// <summary>Removes the database; call after the silo using it stopped.</summary>
    public async ValueTask DisposeAsync() => await _cleanup();
}
