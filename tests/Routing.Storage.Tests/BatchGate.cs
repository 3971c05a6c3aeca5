using Routing.Storage;

namespace Routing.Storage.Tests;

/// <summary>
/// Holds one batch of a storage provider before it touches the database, so a test can queue more operations and know,
/// without timing, that they wait together (and so form the next batch).
/// </summary>
internal sealed class BatchGate
{
    private readonly TaskCompletionSource _entered = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Func<IReadOnlyList<GroupCommitOperation>, Task>? _thenBeforeCommit;
    private int _armed;

    /// <param name="thenBeforeCommit">Runs for every commit attempt after the gate, e.g. to inject a failure.</param>
    public BatchGate(Func<IReadOnlyList<GroupCommitOperation>, Task>? thenBeforeCommit = null) => _thenBeforeCommit = thenBeforeCommit;

    public GroupCommitHooks Hooks => new() { BeforeCommit = BeforeCommitAsync };

    /// <summary>Completes when the held batch has reached the gate: anything queued from now on waits for the next batch.</summary>
    public Task Entered => _entered.Task.WaitAsync(TestGuard.Timeout);

    /// <summary>The next batch to commit will be held until <see cref="Release"/>.</summary>
    public void Arm() => Volatile.Write(ref _armed, 1);

    public void Release() => _release.TrySetResult();

    private async Task BeforeCommitAsync(IReadOnlyList<GroupCommitOperation> batch)
    {
        if (Interlocked.Exchange(ref _armed, 0) == 1)
        {
            _entered.TrySetResult();
            await _release.Task.ConfigureAwait(false);
        }
        if (_thenBeforeCommit is not null) await _thenBeforeCommit(batch).ConfigureAwait(false);
    }
}
