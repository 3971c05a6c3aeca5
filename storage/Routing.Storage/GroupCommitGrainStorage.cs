using Microsoft.Extensions.Logging;

namespace Routing.Storage;

/// <summary>
/// The part of a grain storage provider that does not depend on the database: argument checks, the group-commit queue
/// every write goes through, lifecycle. A provider supplies the schema, the reads and the batch committer, so all
/// providers share one set of semantics:
/// <list type="bullet">
/// <item>A write with no expected version inserts version 1 and conflicts if a record exists, even a cleared one.</item>
/// <item>A write or clear with expected version v stores v + 1 only if the record is at v; otherwise it conflicts.</item>
/// <item>A clear with no expected version of a never-written record is a no-op returning 0 (the version of "nothing");
/// of an existing record it conflicts, like a write.</item>
/// <item>A conflict throws <see cref="VersionConflictException"/> (with the stored version when known), changes nothing
/// and fails only its own operation, never the rest of its batch.</item>
/// <item>A log truncation deletes the entries through a sequence but keeps the log's high-water mark: the last sequence
/// does not go down and appends at or below the truncation point still conflict. It never conflicts.</item>
/// </list>
/// Reads bypass the queue. A write's task completes once its batch is durably committed. Inside a
/// <see cref="WritePipeline"/>, a grain's writes commit in the order issued, each only if the one before it did.
/// </summary>
public abstract class GroupCommitGrainStorage : IDurableStore
{
    private const int HashFillBatchSize = 4096;

    private readonly GroupCommitQueue<GroupCommitOperation> _queue;
    private readonly WritePipeline.Registry _pipelines = new();
    private volatile bool _initialized;
    private int _disposed;

    /// <param name="committerBlocks">Whether <see cref="CommitBatchAsync"/> runs synchronously (see <see cref="GroupCommitQueue{TOperation}"/>).</param>
    protected GroupCommitGrainStorage(int maxBatchSize, GroupCommitHooks? hooks, ILogger logger, bool committerBlocks = false)
    {
        ArgumentNullException.ThrowIfNull(logger);
        Logger = logger;
        _queue = new GroupCommitQueue<GroupCommitOperation>(CommitBatchAsync, maxBatchSize, IsOperationSpecific, hooks, logger, committerBlocks);
    }

    public abstract string ProviderName { get; }

    /// <summary>How much group commit has batched so far: operations versus transactions.</summary>
    public GroupCommitStatistics CommitStatistics => _queue.Statistics;

    protected ILogger Logger { get; }

    public async Task InitializeAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        await InitializeStorageAsync(cancellationToken).ConfigureAwait(false);
        _initialized = true;
    }

    public abstract Task<bool> PingAsync(CancellationToken cancellationToken = default);

    public IDisposable PipelineWrites(string grainType, string grainKey, WritePipeline? continuing = null) =>
        _pipelines.Begin(grainType, grainKey, continuing);

    public Task<StoredState?> ReadStateAsync(GrainStateKey key, CancellationToken cancellationToken = default)
    {
        ThrowIfNotUsable();
        StorageArguments.Check(key);
        return ReadStateCoreAsync(key, cancellationToken);
    }

    public Task<long> WriteStateAsync(GrainStateKey key, ReadOnlyMemory<byte> payload, long? expectedVersion, CancellationToken cancellationToken = default) =>
        Enqueue(new StateWriteOperation(key, payload.ToArray(), expectedVersion), cancellationToken);

    public Task<long> ClearStateAsync(GrainStateKey key, long? expectedVersion, CancellationToken cancellationToken = default) =>
        expectedVersion is { } expected
            ? Enqueue(new StateClearOperation(key, expected), cancellationToken)
            : ClearNeverWrittenAsync(key, cancellationToken);

    public Task AppendAsync(GrainLogKey key, IReadOnlyList<LogEntry> entries, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entries);
        if (entries.Count == 0)
        {
            StorageArguments.Check(key);
            ThrowIfNotUsable();
            return Task.CompletedTask; // nothing to append, nothing to conflict with
        }
        return Enqueue(new LogAppendOperation(key, entries), cancellationToken);
    }

    public Task<IReadOnlyList<LogEntry>> ReadLogAsync(GrainLogKey key, long fromSequence, int maxCount, CancellationToken cancellationToken = default)
    {
        ThrowIfNotUsable();
        StorageArguments.Check(key);
        StorageArguments.CheckMaxCount(maxCount);
        return maxCount == 0
            ? Task.FromResult<IReadOnlyList<LogEntry>>([])
            : ReadLogCoreAsync(key, fromSequence, maxCount, cancellationToken);
    }

    public Task<long> GetLastSequenceAsync(GrainLogKey key, CancellationToken cancellationToken = default)
    {
        ThrowIfNotUsable();
        StorageArguments.Check(key);
        return GetLastSequenceCoreAsync(key, cancellationToken);
    }

    public Task TruncateLogAsync(GrainLogKey key, long throughSequence, CancellationToken cancellationToken = default)
    {
        if (throughSequence == 0)
        {
            StorageArguments.Check(key);
            ThrowIfNotUsable();
            return Task.CompletedTask; // sequences start at 1: nothing to delete
        }
        return Enqueue(new LogTruncateOperation(key, throughSequence), cancellationToken);
    }

    public Task UpsertDeadlineAsync(DeadlineRecord deadline, (string GrainType, string GrainKey)? writer = null, CancellationToken cancellationToken = default) =>
        Enqueue(new DeadlineUpsertOperation(deadline, writer), cancellationToken);

    public Task<bool> DeleteDeadlineAsync(string grainType, string grainKey, string name, Guid token, CancellationToken cancellationToken = default) =>
        Enqueue(new DeadlineDeleteOperation(grainType, grainKey, name, token), cancellationToken);

    public Task DeleteDeadlineAsync(string grainType, string grainKey, string name, CancellationToken cancellationToken = default) =>
        Enqueue(new DeadlineDeleteOperation(grainType, grainKey, name, token: null), cancellationToken);

    public Task<IReadOnlyList<DeadlineRecord>> ReadDueDeadlinesAsync(DateTimeOffset until, int maxCount, CancellationToken cancellationToken = default)
    {
        ThrowIfNotUsable();
        StorageArguments.CheckMaxCount(maxCount);
        return maxCount == 0
            ? Task.FromResult<IReadOnlyList<DeadlineRecord>>([])
            : ReadDueDeadlinesCoreAsync(StorageTime.Normalize(until), maxCount, cancellationToken);
    }

    public Task<IReadOnlyList<DeadlineRecord>> ReadDueDeadlinesAsync(
        IReadOnlyList<GrainHashRange> ranges, DateTimeOffset until, int maxCount, CancellationToken cancellationToken = default)
    {
        ThrowIfNotUsable();
        ArgumentNullException.ThrowIfNull(ranges);
        StorageArguments.CheckMaxCount(maxCount);
        return maxCount == 0 || ranges.Count == 0
            ? Task.FromResult<IReadOnlyList<DeadlineRecord>>([])
            : ReadDueDeadlinesCoreAsync(ranges.SelectMany(r => r.ToIntervals()).ToArray(), StorageTime.Normalize(until), maxCount, cancellationToken);
    }

    public async Task<int> FillMissingDeadlineHashesAsync(Func<string, string, uint> hashOf, CancellationToken cancellationToken = default)
    {
        ThrowIfNotUsable();
        ArgumentNullException.ThrowIfNull(hashOf);
        var filled = 0;
        while (true)
        {
            var grains = await ReadGrainsWithUnhashedDeadlinesCoreAsync(HashFillBatchSize, cancellationToken).ConfigureAwait(false);
            if (grains.Count == 0) return filled;
            // Concurrent, so group commit writes them a batch per transaction.
            await Task.WhenAll(grains.Select(g =>
                Enqueue(new DeadlineHashOperation(g.GrainType, g.GrainKey, hashOf(g.GrainType, g.GrainKey)), cancellationToken))).ConfigureAwait(false);
            filled += grains.Count;
        }
    }

    /// <summary>Flushes every queued write (their callers get their results), then closes the database. Idempotent.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        await _queue.DisposeAsync().ConfigureAwait(false);
        await DisposeStorageAsync().ConfigureAwait(false);
        GC.SuppressFinalize(this);
    }

    /// <summary>Creates or migrates the schema and opens whatever the provider keeps open.</summary>
    protected abstract Task InitializeStorageAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Executes the operations in one transaction, staging each one's outcome (Committed / Conflicted), and returns once
    /// the transaction is durable. Throws, having committed nothing, if the batch failed as a whole.
    /// </summary>
    protected abstract Task CommitBatchAsync(IReadOnlyList<GroupCommitOperation> batch);

    /// <summary>
    /// Whether a whole-batch failure may be one operation's fault, so the operations are re-run one per transaction.
    /// False for "the database is unreachable or broken", where every re-run would only fail again.
    /// </summary>
    protected virtual bool IsOperationSpecific(Exception failure) => true;

    protected abstract Task<StoredState?> ReadStateCoreAsync(GrainStateKey key, CancellationToken cancellationToken);

    protected abstract Task<IReadOnlyList<LogEntry>> ReadLogCoreAsync(GrainLogKey key, long fromSequence, int maxCount, CancellationToken cancellationToken);

    protected abstract Task<long> GetLastSequenceCoreAsync(GrainLogKey key, CancellationToken cancellationToken);

    /// <param name="until">Already normalized (UTC, microseconds).</param>
    protected abstract Task<IReadOnlyList<DeadlineRecord>> ReadDueDeadlinesCoreAsync(DateTimeOffset until, int maxCount, CancellationToken cancellationToken);

    /// <param name="intervals">Inclusive hash intervals, at least one; none wraps.</param>
    /// <param name="until">Already normalized (UTC, microseconds).</param>
    protected abstract Task<IReadOnlyList<DeadlineRecord>> ReadDueDeadlinesCoreAsync(
        IReadOnlyList<(uint Low, uint High)> intervals, DateTimeOffset until, int maxCount, CancellationToken cancellationToken);

    /// <summary>Distinct grains having at least one deadline without a hash, at most <paramref name="maxCount"/>.</summary>
    protected abstract Task<IReadOnlyList<(string GrainType, string GrainKey)>> ReadGrainsWithUnhashedDeadlinesCoreAsync(
        int maxCount, CancellationToken cancellationToken);

    /// <summary>Closes what the provider keeps open; called once, after the queue has been flushed.</summary>
    protected abstract ValueTask DisposeStorageAsync();

    private Task<TResult> Enqueue<TResult>(GroupCommitOperation<TResult> operation, CancellationToken cancellationToken)
    {
        ThrowIfNotUsable();
        if (cancellationToken.IsCancellationRequested) return Task.FromCanceled<TResult>(cancellationToken);
        _pipelines.Link(operation);
        _queue.Enqueue(operation, cancellationToken);
        return operation.Completion;
    }

    // Nothing to clear is not a conflict when the caller expected nothing: report version 0 without writing.
    private async Task<long> ClearNeverWrittenAsync(GrainStateKey key, CancellationToken cancellationToken)
    {
        var stored = await ReadStateAsync(key, cancellationToken).ConfigureAwait(false);
        if (stored is null) return 0;
        throw StorageConflicts.State(key, stored.Version, expectedVersion: null);
    }

    private void ThrowIfNotUsable()
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        if (!_initialized) throw new InvalidOperationException($"Call {nameof(InitializeAsync)} before using the {ProviderName} grain storage.");
    }
}
