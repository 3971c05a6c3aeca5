using Routing.Storage;

namespace Routing.Storage.Sqlite;

/// <summary>Settings of the embedded SQLite grain storage (one process owns the database file).</summary>
public sealed class SqliteGrainStorageOptions
{
    public static readonly IReadOnlyList<string> SynchronousModes = ["OFF", "NORMAL", "FULL", "EXTRA"];

    /// <summary>The database file; relative paths are from the working directory. Its directory is created. Default "data/routing.db".</summary>
    public string DatabasePath { get; set; } = "data/routing.db";

    /// <summary>
    /// SQLite's synchronous mode for the writer: "FULL" (default) syncs the WAL on every commit, so an acknowledged write
    /// survives power loss; "NORMAL" may lose the last commits on power loss (never on a process crash).
    /// </summary>
    public string Synchronous { get; set; } = "FULL";

    /// <summary>The most writes committed in one transaction. Default 512.</summary>
    public int MaxBatchSize { get; set; } = GroupCommitQueue<GroupCommitOperation>.DefaultMaxBatchSize;

    /// <summary>How long a connection waits for a lock held by another process before failing. Default 5 seconds.</summary>
    public TimeSpan BusyTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Fault injection for tests.</summary>
    internal GroupCommitHooks? Hooks { get; set; }

    /// <summary>What is wrong with these settings; empty when they are usable.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(DatabasePath)) errors.Add($"{nameof(DatabasePath)} is required.");
        else if (DatabasePath.Contains(":memory:", StringComparison.OrdinalIgnoreCase) || DatabasePath.StartsWith("file:", StringComparison.OrdinalIgnoreCase))
            errors.Add($"{nameof(DatabasePath)} must be a file path: readers use their own connections, which an in-memory database would not share.");
        if (!SynchronousModes.Contains(Synchronous?.ToUpperInvariant()))
            errors.Add($"{nameof(Synchronous)} must be one of {string.Join(", ", SynchronousModes)}.");
        if (MaxBatchSize < 1) errors.Add($"{nameof(MaxBatchSize)} must be at least 1.");
        if (BusyTimeout < TimeSpan.Zero || BusyTimeout.TotalMilliseconds > int.MaxValue)
            errors.Add($"{nameof(BusyTimeout)} must be between zero and {int.MaxValue} ms.");
        return errors;
    }

    /// <summary>
    /// A pooled connection string for readers and projectors beside the grains' writer (search, statistics): they wait
    /// for the writer like another process would (<see cref="BusyTimeout"/>).
    /// </summary>
    public string SideConnectionString(Microsoft.Data.Sqlite.SqliteOpenMode mode) => new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder
    {
        DataSource = Path.GetFullPath(DatabasePath),
        Cache = Microsoft.Data.Sqlite.SqliteCacheMode.Private,
        Mode = mode,
        Pooling = true,
        DefaultTimeout = Math.Max(1, (int)Math.Ceiling(BusyTimeout.TotalSeconds)),
    }.ConnectionString;
}
