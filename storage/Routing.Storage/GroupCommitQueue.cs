using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Routing.Storage;

/// <summary>
/// Group commit: concurrent writes from many grains share one transaction. Operations wait in a channel; one loop drains
/// up to <c>maxBatchSize</c> of them and hands them to the provider's committer as one batch. Each caller's task completes
/// only after the batch is durable, with that operation's own result or exception (a conflict fails only its operation).
/// When a batch fails as a whole, its operations are re-run one per transaction so the innocent ones still commit.
/// </summary>
/// <typeparam name="TOperation">The provider's operation type.</typeparam>
public sealed class GroupCommitQueue<TOperation> : IAsyncDisposable
    where TOperation : GroupCommitOperation
{
    public const int DefaultMaxBatchSize = 512;

    private readonly Channel<TOperation> _channel =
        Channel.CreateUnbounded<TOperation>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Func<IReadOnlyList<TOperation>, Task> _commitBatch;
    private readonly Func<Exception, bool> _isolateOn;
    private readonly GroupCommitHooks? _hooks;
    private readonly ILogger _logger;
    private readonly int _maxBatchSize;
    private readonly Task _loop;
    private long _operations, _batches, _commits, _isolatedBatches;

    /// <param name="commitBatch">
    /// Executes the operations in one transaction, stages each one's outcome, and returns once the transaction is durable.
    /// Throws if the batch as a whole failed and nothing was committed.
    /// </param>
    /// <param name="maxBatchSize">The most operations in one transaction.</param>
    /// <param name="isolateOn">
    /// Whether a whole-batch failure may come from one operation, so re-running them one by one is worth it. Defaults to
    /// always; providers answer false when the database itself is unreachable (each re-run would only wait and fail too).
    /// </param>
    /// <param name="hooks">Fault injection for tests.</param>
    /// <param name="logger">Where whole-batch failures are reported.</param>
    /// <param name="committerBlocks">
    /// The committer runs synchronously to the end of its transaction (a driver without async I/O, such as SQLite's): the
    /// loop then gets a thread of its own, so a disk sync never holds one of the thread pool's threads, which run the grains.
    /// </param>
    public GroupCommitQueue(
        Func<IReadOnlyList<TOperation>, Task> commitBatch,
        int maxBatchSize = DefaultMaxBatchSize,
        Func<Exception, bool>? isolateOn = null,
        GroupCommitHooks? hooks = null,
        ILogger? logger = null,
        bool committerBlocks = false)
    {
        ArgumentNullException.ThrowIfNull(commitBatch);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBatchSize, 1);
        _commitBatch = commitBatch;
        _maxBatchSize = maxBatchSize;
        _isolateOn = isolateOn ?? (_ => true);
        _hooks = hooks;
        _logger = logger ?? NullLogger.Instance;
        _loop = committerBlocks
            ? Task.Factory.StartNew(RunOnOwnThread, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default)
            : Task.Run(RunAsync);
    }

    public GroupCommitStatistics Statistics => new(
        Interlocked.Read(ref _operations),
        Interlocked.Read(ref _batches),
        Interlocked.Read(ref _commits),
        Interlocked.Read(ref _isolatedBatches));

    /// <summary>
    /// Queues the operation; await its <c>Completion</c>. Synchronous, so operations enqueued one after another by the
    /// same caller are committed in that order. After disposal the operation fails with <see cref="ObjectDisposedException"/>.
    /// </summary>
    public void Enqueue(TOperation operation, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(operation);
        operation.WatchCancellation(cancellationToken);
        if (_channel.Writer.TryWrite(operation)) return;
        if (operation.TryClaim()) operation.Reject(new ObjectDisposedException(nameof(GroupCommitQueue<TOperation>)));
    }

    /// <summary>Stops accepting operations and returns once every queued one has been committed and answered.</summary>
    public async ValueTask DisposeAsync()
    {
        _channel.Writer.TryComplete();
        await _loop.ConfigureAwait(false);
    }

    private async Task RunAsync()
    {
        var batch = new List<TOperation>(_maxBatchSize);
        while (await _channel.Reader.WaitToReadAsync().ConfigureAwait(false))
            await CommitQueuedAsync(batch).ConfigureAwait(false);
    }

    // The same loop blocking its own thread: with a synchronous committer, every await below completes in place.
    private void RunOnOwnThread()
    {
        var batch = new List<TOperation>(_maxBatchSize);
        using var wake = new ManualResetEventSlim(initialState: false, spinCount: 0);
        while (WaitToReadWithoutSpinning(wake))
            CommitQueuedAsync(batch).GetAwaiter().GetResult();
    }

    // An empty queue parks the thread at once. Task.Wait spins first, and between two batches that spinning took the
    // cores the grains run on: a tenth of the CPU samples of a routing decision on 2 cores (loadtests/README.md, issue 12).
    private bool WaitToReadWithoutSpinning(ManualResetEventSlim wake)
    {
        var waiting = _channel.Reader.WaitToReadAsync();
        if (!waiting.IsCompleted)
        {
            wake.Reset();
            waiting.ConfigureAwait(false).GetAwaiter().UnsafeOnCompleted(wake.Set);
            wake.Wait();
        }
        return waiting.GetAwaiter().GetResult();
    }

    private async Task CommitQueuedAsync(List<TOperation> batch)
    {
        while (batch.Count < _maxBatchSize && _channel.Reader.TryRead(out var operation))
            if (operation.TryClaim() && !AbandonedByPrerequisite(operation)) batch.Add(operation);
        if (batch.Count == 0) return;

        try
        {
            await CommitAsync(batch).ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            // Only a bug gets here; never leave callers hanging, and keep the loop alive for the next batch.
            _logger.LogError(exception, "Group commit loop failed unexpectedly; failing {Count} operations", batch.Count);
            foreach (var operation in batch) operation.Reject(exception);
        }
        batch.Clear();
    }

    private async Task CommitAsync(List<TOperation> batch)
    {
        Interlocked.Increment(ref _batches);
        Interlocked.Add(ref _operations, batch.Count);
        Exception failure;
        while (true)
        {
            try
            {
                await CommitAndAcknowledgeAsync(batch).ConfigureAwait(false);
                return;
            }
            catch (BrokenWriteChainException)
            {
                // Rolled back: answer the writes whose prerequisite failed, and commit the others again without them.
                // Each round drops at least one write, so this ends.
                batch.RemoveAll(AbandonedByPrerequisite);
                foreach (var operation in batch) operation.ResetOutcome();
                if (batch.Count == 0) return;
            }
            catch (Exception exception)
            {
                failure = exception;
                break;
            }
        }

        if (batch.Count == 1 || !_isolateOn(failure))
        {
            foreach (var operation in batch) operation.Reject(failure);
            return;
        }

        Interlocked.Increment(ref _isolatedBatches);
        _logger.LogWarning(failure, "A batch of {Count} operations failed as a whole; re-running them one per transaction", batch.Count);
        foreach (var operation in batch)
        {
            operation.ResetOutcome();
            if (AbandonedByPrerequisite(operation)) continue;
            try
            {
                await CommitAndAcknowledgeAsync([operation]).ConfigureAwait(false);
            }
            catch (Exception exception)
            {
                operation.Reject(exception);
            }
        }
    }

    // A write whose prerequisite failed is answered with that failure instead of running. In batch order, so a chain's
    // failure reaches every write behind it.
    private static bool AbandonedByPrerequisite(TOperation operation)
    {
        if (operation.PrerequisiteFailure is not { } cause) return false;
        operation.Reject(new WriteAbandonedException(cause));
        return true;
    }

    // Throws only when nothing was committed. Once the commit is durable every operation is answered here, even if the
    // acknowledgement itself is lost (the AfterCommit hook), so a committed operation is never re-run.
    private async Task CommitAndAcknowledgeAsync(IReadOnlyList<TOperation> operations)
    {
        Interlocked.Increment(ref _commits);
        if (_hooks?.BeforeCommit is { } beforeCommit) await beforeCommit(operations).ConfigureAwait(false);
        await _commitBatch(operations).ConfigureAwait(false);

        try
        {
            if (_hooks?.AfterCommit is { } afterCommit) await afterCommit(operations).ConfigureAwait(false);
        }
        catch (Exception lostAcknowledgement)
        {
            foreach (var operation in operations) operation.Reject(lostAcknowledgement);
            return;
        }
        foreach (var operation in operations) operation.Acknowledge();
    }
}
