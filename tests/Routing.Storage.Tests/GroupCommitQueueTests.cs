using System.Collections.Concurrent;
using Routing.Storage;

namespace Routing.Storage.Tests;

/// <summary>The group-commit queue alone, with a committer that records batches instead of a database.</summary>
public sealed class GroupCommitQueueTests
{
    [Fact]
    public async Task Operations_queued_while_a_batch_commits_form_the_next_batch_and_each_gets_its_own_result()
    {
        var committer = new RecordingCommitter();
        await using var queue = committer.CreateQueue();
        var held = committer.HoldNextBatch();
        var first = Enqueue(queue, 0);
        await held;

        var rest = Enumerable.Range(1, 5).Select(i => Enqueue(queue, i)).ToList();
        committer.Release();

        Assert.Equal(0, await first);
        var results = await Task.WhenAll(rest);
        Assert.Equal([10, 20, 30, 40, 50], results);
        Assert.Equal([[0], [1, 2, 3, 4, 5]], committer.Batches);
        Assert.Equal(new GroupCommitStatistics(Operations: 6, Batches: 2, Commits: 2, IsolatedBatches: 0), queue.Statistics);
    }

    [Fact]
    public async Task A_failing_batch_is_re_run_one_operation_per_transaction_so_the_innocent_ones_commit()
    {
        var committer = new RecordingCommitter(failWhenContains: 3);
        await using var queue = committer.CreateQueue();
        var held = committer.HoldNextBatch();
        var first = Enqueue(queue, 0);
        await held;

        var rest = Enumerable.Range(1, 4).Select(i => Enqueue(queue, i)).ToList();
        committer.Release();

        await first;
        Assert.Equal(10, await rest[0]);
        Assert.Equal(20, await rest[1]);
        Assert.Equal("poison 3", (await Assert.ThrowsAsync<InvalidOperationException>(() => rest[2])).Message);
        Assert.Equal(40, await rest[3]);
        Assert.Equal([[1], [2], [4]], committer.Committed.Skip(1));
        Assert.Equal(new GroupCommitStatistics(Operations: 5, Batches: 2, Commits: 6, IsolatedBatches: 1), queue.Statistics);
    }

    [Fact]
    public async Task A_failure_of_the_database_as_a_whole_fails_the_batch_without_re_running_it()
    {
        var committer = new RecordingCommitter(failWhenContains: 3);
        await using var queue = committer.CreateQueue(isolateOn: _ => false);
        var held = committer.HoldNextBatch();
        var first = Enqueue(queue, 0);
        await held;

        var rest = Enumerable.Range(1, 4).Select(i => Enqueue(queue, i)).ToList();
        committer.Release();

        await first;
        foreach (var operation in rest) await Assert.ThrowsAsync<InvalidOperationException>(() => operation);
        Assert.Equal(2, queue.Statistics.Commits);
    }

    [Fact]
    public async Task A_staged_failure_fails_only_its_operation()
    {
        var committer = new RecordingCommitter(conflictOn: 2);
        await using var queue = committer.CreateQueue();
        var held = committer.HoldNextBatch();
        var first = Enqueue(queue, 0);
        await held;

        var rest = Enumerable.Range(1, 3).Select(i => Enqueue(queue, i)).ToList();
        committer.Release();

        await first;
        Assert.Equal(10, await rest[0]);
        Assert.Equal("conflict 2", (await Assert.ThrowsAsync<TimeoutException>(() => rest[1])).Message);
        Assert.Equal(30, await rest[2]);
        Assert.Equal(0, queue.Statistics.IsolatedBatches);
    }

    [Fact]
    public async Task A_lost_acknowledgement_fails_the_callers_without_re_running_the_committed_batch()
    {
        var committer = new RecordingCommitter();
        var crash = new InvalidOperationException("crash after commit");
        await using var queue = committer.CreateQueue(hooks: new GroupCommitHooks { AfterCommit = _ => Task.FromException(crash) });

        Assert.Same(crash, await Assert.ThrowsAsync<InvalidOperationException>(() => Enqueue(queue, 1)));
        Assert.Equal([[1]], committer.Committed);
        Assert.Equal(1, queue.Statistics.Commits);
    }

    [Fact]
    public async Task Disposing_commits_everything_already_queued_then_refuses_more()
    {
        var committer = new RecordingCommitter();
        var queue = committer.CreateQueue(maxBatchSize: 3);
        var held = committer.HoldNextBatch();
        var first = Enqueue(queue, 0);
        await held;
        var rest = Enumerable.Range(1, 7).Select(i => Enqueue(queue, i)).ToList();

        var disposing = queue.DisposeAsync().AsTask();
        Assert.False(disposing.IsCompleted);
        var late = Enqueue(queue, 99);
        committer.Release();
        await disposing.WaitAsync(TestGuard.Timeout);

        Assert.True(first.IsCompletedSuccessfully);
        Assert.All(rest, operation => Assert.True(operation.IsCompletedSuccessfully));
        await Assert.ThrowsAsync<ObjectDisposedException>(() => late);
        Assert.Equal([[0], [1, 2, 3], [4, 5, 6], [7]], committer.Committed);
    }

    [Fact]
    public async Task An_operation_the_committer_forgot_fails_loudly()
    {
        await using var queue = new GroupCommitQueue<TestOperation>(_ => Task.CompletedTask);

        await Assert.ThrowsAsync<InvalidOperationException>(() => Enqueue(queue, 1));
    }

    [Fact]
    public async Task Callers_continue_off_the_commit_loop()
    {
        var committer = new RecordingCommitter();
        await using var queue = committer.CreateQueue();
        var blockContinuation = new ManualResetEventSlim();

        var held = committer.HoldNextBatch();
        var first = Enqueue(queue, 1);
        await held;

        // Attached while the operation is pending, this continuation blocks its thread: were it run inline by the commit
        // loop, the next commit would never happen.
        var blocked = first.ContinueWith(
            _ => blockContinuation.Wait(TestGuard.Timeout), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        committer.Release();
        Assert.Equal(20, await Enqueue(queue, 2).WaitAsync(TestGuard.Timeout / 2));

        blockContinuation.Set();
        await blocked;
    }

    [Fact]
    public async Task An_operation_cancelled_while_queued_never_reaches_the_committer()
    {
        var committer = new RecordingCommitter();
        await using var queue = committer.CreateQueue();
        var held = committer.HoldNextBatch();
        var first = Enqueue(queue, 0);
        await held;
        using var cancellation = new CancellationTokenSource();

        var cancelled = Enqueue(queue, 1, cancellation.Token);
        var kept = Enqueue(queue, 2);
        cancellation.Cancel();
        committer.Release();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);
        Assert.Equal(20, await kept);
        await first;
        Assert.Equal([[0], [2]], committer.Committed);
    }

    private static Task<int> Enqueue(GroupCommitQueue<TestOperation> queue, int value, CancellationToken cancellationToken = default)
    {
        var operation = new TestOperation(value);
        queue.Enqueue(operation, cancellationToken);
        return operation.Completion;
    }

    private sealed class TestOperation(int value) : GroupCommitOperation<int>
    {
        public int Value { get; } = value;
    }

    /// <summary>Stages value × 10 for each operation; can hold a batch, fail batches holding a value, or conflict one.</summary>
    private sealed class RecordingCommitter(int? failWhenContains = null, int? conflictOn = null)
    {
        private readonly ConcurrentQueue<int[]> _batches = new();
        private readonly ConcurrentQueue<int[]> _committed = new();
        private TaskCompletionSource? _entered;
        private TaskCompletionSource? _release;

        public IEnumerable<int[]> Batches => _batches;

        public IEnumerable<int[]> Committed => _committed;

        public GroupCommitQueue<TestOperation> CreateQueue(int maxBatchSize = 512, Func<Exception, bool>? isolateOn = null, GroupCommitHooks? hooks = null) =>
            new(CommitAsync, maxBatchSize, isolateOn, hooks);

        /// <summary>Holds the next batch to commit; the task completes once it is held.</summary>
        public Task HoldNextBatch()
        {
            Volatile.Write(ref _release, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
            var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            Volatile.Write(ref _entered, entered);
            return entered.Task.WaitAsync(TestGuard.Timeout);
        }

        public void Release() => Volatile.Read(ref _release)?.TrySetResult();

        private async Task CommitAsync(IReadOnlyList<TestOperation> batch)
        {
            var values = batch.Select(o => o.Value).ToArray();
            _batches.Enqueue(values);
            if (Interlocked.Exchange(ref _entered, null) is { } entered)
            {
                var release = Volatile.Read(ref _release)!;
                entered.TrySetResult();
                await release.Task;
            }
            if (failWhenContains is { } poison && values.Contains(poison)) throw new InvalidOperationException($"poison {poison}");
            foreach (var operation in batch)
            {
                if (operation.Value == conflictOn) operation.Fail(new TimeoutException($"conflict {conflictOn}"));
                else operation.Succeed(operation.Value * 10);
            }
            _committed.Enqueue(values);
        }
    }
}
