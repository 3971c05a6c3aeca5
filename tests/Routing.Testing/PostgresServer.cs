using System.Collections.Concurrent;
using Npgsql;

namespace Routing.Testing;

/// <summary>
/// A real PostgreSQL for tests, never a mock. With <see cref="ConnectionStringVariable"/> set, tests use that server;
/// otherwise a throwaway one is started from the installed PostgreSQL (Debian package <c>postgresql</c>) and removed
/// when the test process exits. Tests isolate themselves with <see cref="CreateDatabaseAsync"/>: a fresh database each.
/// </summary>
public sealed class PostgresServer : IAsyncDisposable
{
    /// <summary>A connection string (to a database the tests may create databases from) of a server to use instead.</summary>
    public const string ConnectionStringVariable = "ROUTING_TEST_POSTGRES";

    private static readonly Lazy<Task<PostgresServer>> Shared = new(() => Task.Run(Start));

    private readonly PostgresServerCluster? _cluster;
    private readonly NpgsqlDataSource _admin;
    private readonly ConcurrentDictionary<string, bool> _createdDatabases = new();
    private int _disposed;

    private PostgresServer(string connectionString, PostgresServerCluster? cluster)
    {
        ConnectionString = connectionString;
        _cluster = cluster;
        _admin = NpgsqlDataSource.Create(connectionString);
    }

    /// <summary>Connects to the server's administrative database; prefer <see cref="CreateDatabaseAsync"/> for tests.</summary>
    public string ConnectionString { get; }

    /// <summary>True when this is a throwaway server started by the tests (not one given by the environment).</summary>
    public bool IsThrowaway => _cluster is not null;

    /// <summary>
    /// The server shared by every test of this process, started on first use and removed at process exit. Several test
    /// assemblies running at once each get their own server, on its own port.
    /// </summary>
    public static Task<PostgresServer> GetSharedAsync() => Shared.Value;

    /// <summary>A server of the caller's own (for a test that must stop it); dispose it.</summary>
    public static Task<PostgresServer> StartAsync() => Task.Run(Start);

    /// <summary>Creates an empty database with a unique name and returns a connection string to it.</summary>
    public async Task<string> CreateDatabaseAsync(string prefix = "test", CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        var safePrefix = new string(prefix.ToLowerInvariant().Where(c => c is >= 'a' and <= 'z' or >= '0' and <= '9' or '_').Take(30).ToArray());
        var name = $"{(safePrefix.Length > 0 ? safePrefix : "test")}_{Guid.NewGuid():N}";
        // template0 is never connected to, so parallel CREATE DATABASEs do not collide on their template.
        await using (var create = _admin.CreateCommand($"CREATE DATABASE \"{name}\" TEMPLATE template0 ENCODING 'UTF8'"))
            await create.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        _createdDatabases.TryAdd(name, true);
        return new NpgsqlConnectionStringBuilder(ConnectionString) { Database = name }.ConnectionString;
    }

    /// <summary>
    /// Drops a database made by <see cref="CreateDatabaseAsync"/> (given its connection string), closing any connection
    /// still open to it. Tests call it when done, so a given server does not fill up and a throwaway one stays small.
    /// </summary>
    public async Task DropDatabaseAsync(string connectionString, CancellationToken cancellationToken = default)
    {
        var name = new NpgsqlConnectionStringBuilder(connectionString).Database;
        if (name is null || !_createdDatabases.TryRemove(name, out _))
            throw new ArgumentException("Not a database created by this server object.", nameof(connectionString));
        await using var drop = _admin.CreateCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)");
        await drop.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Stops a throwaway server and deletes its files; on a given server, drops the databases it created.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        if (_cluster is null) await DropCreatedDatabasesAsync().ConfigureAwait(false);
        await _admin.DisposeAsync().ConfigureAwait(false);
        _cluster?.Stop();
    }

    private static PostgresServer Start()
    {
        var given = Environment.GetEnvironmentVariable(ConnectionStringVariable);
        var server = string.IsNullOrWhiteSpace(given) ? StartThrowaway() : new PostgresServer(given, cluster: null);
        // Tests never dispose the shared server; process exit does, even when a test failed.
        AppDomain.CurrentDomain.ProcessExit += (_, _) => server.DisposeAsync().AsTask().GetAwaiter().GetResult();
        server.WaitUntilReady();
        return server;
    }

    private static PostgresServer StartThrowaway()
    {
        var cluster = PostgresServerCluster.Start();
        var connectionString = new NpgsqlConnectionStringBuilder
        {
            Host = "127.0.0.1",
            Port = cluster.Port,
            Username = "postgres",
            Database = "postgres",
            IncludeErrorDetail = true,
        }.ConnectionString;
        return new PostgresServer(connectionString, cluster);
    }

    // pg_ctl -w already waited for "ready"; this also proves the TCP endpoint and authentication work.
    private void WaitUntilReady()
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                using var command = _admin.CreateCommand("SELECT 1");
                command.ExecuteScalar();
                return;
            }
            catch (NpgsqlException) when (attempt < 50)
            {
                Thread.Sleep(100);
            }
        }
    }

    private async Task DropCreatedDatabasesAsync()
    {
        foreach (var name in _createdDatabases.Keys)
        {
            try
            {
                await using var drop = _admin.CreateCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)");
                await drop.ExecuteNonQueryAsync().ConfigureAwait(false);
            }
            catch (NpgsqlException)
            {
                // Best effort: a leftover test database on a shared server is harmless.
            }
        }
    }
}
