using System.Net;
using System.Net.Sockets;

namespace Routing.Testing;

/// <summary>
/// A throwaway PostgreSQL cluster: initdb into a temporary directory, pg_ctl start on a free loopback port with its
/// socket in that directory, pg_ctl stop -m immediate and delete on <see cref="Stop"/>. fsync stays on: the storage
/// tests are about durability. Each test process gets its own cluster, so test assemblies may run in parallel.
/// </summary>
internal sealed class PostgresServerCluster
{
    private const int StartAttempts = 5;

    private readonly string _bin;
    private int _stopped;

    private PostgresServerCluster(string bin, string directory)
    {
        _bin = bin;
        Directory = directory;
    }

    /// <summary>The cluster's temporary directory: data/, the server log and the unix socket.</summary>
    public string Directory { get; }

    public int Port { get; private set; }

    private string DataDirectory => Path.Combine(Directory, "data");

    private string LogFile => Path.Combine(Directory, "postgres.log");

    private string PgCtl => Path.Combine(_bin, "pg_ctl");

    // Every process's clusters live under one root, named after the owning process, so a later run can remove the ones
    // left behind by a test process that was killed before it could stop them.
    private static string RootDirectory => Path.Combine(Path.GetTempPath(), $"routing-pgtest-{Environment.UserName}");

    public static PostgresServerCluster Start()
    {
        var bin = PostgresServerCommands.FindBinDirectory();
        RemoveAbandonedClusters(bin);
        if (OperatingSystem.IsWindows()) throw new PlatformNotSupportedException($"Set {PostgresServer.ConnectionStringVariable} on Windows.");
        // The postgres user must be able to traverse the root when we are root.
        System.IO.Directory.CreateDirectory(RootDirectory,
            UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead
            | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        var directory = Path.Combine(RootDirectory, $"{Environment.ProcessId}-{Guid.NewGuid():N}"[..24]);
        System.IO.Directory.CreateDirectory(directory);

        var cluster = new PostgresServerCluster(bin, directory);
        try
        {
            cluster.Initialize();
            cluster.StartOnFreePort();
            cluster.StartWatchdog();
            return cluster;
        }
        catch
        {
            cluster.Stop();
            throw;
        }
    }

    /// <summary>Stops the server at once (no shutdown checkpoint: the data is thrown away) and deletes the directory.</summary>
    public void Stop()
    {
        if (Interlocked.Exchange(ref _stopped, 1) != 0) return;
        if (File.Exists(Path.Combine(DataDirectory, "postmaster.pid")))
            PostgresServerCommands.TryRunTool(PgCtl, "-D", DataDirectory, "-m", "immediate", "-w", "stop");
        DeleteDirectory(Directory);
    }

    private void Initialize()
    {
        if (PostgresServerCommands.RunsAsRoot)
            PostgresServerCommands.Run("chown", "-R", $"{PostgresServerCommands.ServiceUser}:", Directory);
        // --no-sync only skips syncing initdb's own files; the running server keeps fsync on.
        PostgresServerCommands.RunTool(Path.Combine(_bin, "initdb"), "-D", DataDirectory, "-U", "postgres",
            "--auth=trust", "--encoding=UTF8", "--locale=C", "--no-sync");
        File.AppendAllText(Path.Combine(DataDirectory, "postgresql.conf"), $"""

            # Throwaway test server: loopback TCP only, socket inside its own directory, durable commits.
            listen_addresses = '127.0.0.1'
            unix_socket_directories = '{Directory}'
            fsync = on
            synchronous_commit = on
            max_connections = 1000
            shared_buffers = 32MB
            """);
    }

    // A port found free may be taken by another test process before the server binds it; then try another.
    private void StartOnFreePort()
    {
        for (var attempt = 1; ; attempt++)
        {
            Port = FindFreeLoopbackPort();
            var (exitCode, output) = PostgresServerCommands.TryRunTool(PgCtl, "-D", DataDirectory, "-l", LogFile,
                "-o", $"-p {Port}", "-w", "-t", "120", "start");
            if (exitCode == 0) return;
            if (attempt == StartAttempts)
                throw new InvalidOperationException($"PostgreSQL did not start in {Directory}:\n{output}\n{ReadLog()}");
        }
    }

    // The test host may be killed before its exit handlers finish (vstest does so right after a run), or crash. A detached
    // shell outlives it, and once the test process is gone stops the server and deletes the directory.
    private void StartWatchdog()
    {
        var runAs = PostgresServerCommands.RunsAsRoot ? $"runuser -u {PostgresServerCommands.ServiceUser} -- " : "";
        var script = $"""
            exec </dev/null >/dev/null 2>&1
            while kill -0 {Environment.ProcessId}; do sleep 1; done
            {runAs}{Quote(PgCtl)} -D {Quote(DataDirectory)} -m immediate -w stop
            rm -rf {Quote(Directory)}
            """;
        PostgresServerCommands.Run("setsid", "-f", "sh", "-c", script);
    }

    private static string Quote(string path) => $"'{path.Replace("'", "'\\''")}'";

    private string ReadLog()
    {
        try
        {
            return File.ReadAllText(LogFile);
        }
        catch (IOException)
        {
            return "(no server log)";
        }
    }

    private static int FindFreeLoopbackPort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        try
        {
            return ((IPEndPoint)listener.LocalEndpoint).Port;
        }
        finally
        {
            listener.Stop();
        }
    }

    private static void RemoveAbandonedClusters(string bin)
    {
        if (!System.IO.Directory.Exists(RootDirectory)) return;
        foreach (var directory in System.IO.Directory.GetDirectories(RootDirectory))
        {
            var owner = Path.GetFileName(directory).Split('-')[0];
            if (!int.TryParse(owner, out var pid) || IsAlive(pid)) continue;
            new PostgresServerCluster(bin, directory).Stop();
        }
    }

    private static bool IsAlive(int pid)
    {
        try
        {
            using var process = System.Diagnostics.Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private static void DeleteDirectory(string directory)
    {
        try
        {
            System.IO.Directory.Delete(directory, recursive: true);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            // Best effort: a leftover directory is removed by the next run.
        }
    }
}
