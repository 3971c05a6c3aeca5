using Routing.Storage;

namespace Routing.Storage.Sqlite;

/// <summary>Settings of the embedded SQLite grain storage (one process owns the database file).</summary>
public sealed class SqliteGrainStorageOptions
{
    public static readonly IReadOnlyList<string> SynchronousModes = ["OFF", "NORMAL", "FULL", "EXTRA"];

    private const int MaxCacheSizeMegabytes = 1024 * 1024; // 1 TiB: SQLite takes the size in KiB as a 32-bit count

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

    /// <summary>
    /// The writer connection's page cache, in MiB. Default 128. SQLite's own default (2 MiB) cannot hold the B-tree pages
    /// one group commit touches (states, logs, the search index, the statistics feed), so every batch read them back
    /// from the file: with this cache messages went about a third faster (loadtests/README.md, ninth round).
    /// Memory is taken as pages are used, up to this size.
    /// </summary>
    public int CacheSizeMegabytes { get; set; } = 128;

    /// <summary>
    /// How many pages the write-ahead log may hold before the writer copies them into the database file (a checkpoint,
    /// run on the commit thread at the end of a commit). Default 10,000 pages (40 MiB at SQLite's 4 KiB pages); SQLite's
    /// own default of 1,000 made a checkpoint every few batches. A crash never loses a committed write either way; a larger
    /// log only takes longer to replay when the file is next opened.
    /// </summary>
    public int WalAutoCheckpointPages { get; set; } = 10_000;

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
        if (CacheSizeMegabytes is < 1 or > MaxCacheSizeMegabytes) errors.Add($"{nameof(CacheSizeMegabytes)} must be between 1 and {MaxCacheSizeMegabytes}.");
        // 0 would turn checkpoints off and let the log grow without bound.
        if (WalAutoCheckpointPages < 1) errors.Add($"{nameof(WalAutoCheckpointPages)} must be at least 1.");
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
