namespace Routing.Storage;

/// <summary>
/// One write waiting in a <see cref="GroupCommitQueue{TOperation}"/>. While executing a batch, the committer stages
/// each operation's own outcome (<see cref="GroupCommitOperation{TResult}.Succeed"/> or <see cref="Fail"/>);
/// the caller hears of it only once the whole batch is durable.
/// </summary>
public abstract class GroupCommitOperation
{
    private const int Queued = 0, Claimed = 1, Cancelled = 2;

    private int _state;
    private CancellationTokenRegistration _cancellation;
    private Exception? _stagedFailure;
    private volatile Exception? _publishedFailure;

    /// <summary>
    /// The write of the same grain issued just before this one in a <see cref="WritePipeline"/>: this one may commit only
    /// if that one does. Forgotten once this one is answered, so a long pipeline does not keep its history alive.
    /// </summary>
    internal GroupCommitOperation? Prerequisite { get; set; }

    /// <summary>
    /// The grain whose <see cref="WritePipeline"/> orders this write (type, key): the one it belongs to, or for a deadline
    /// written on another grain's behalf, its writer; null for writes no pipeline orders.
    /// </summary>
    public virtual (string GrainType, string GrainKey)? Grain => null;

    /// <summary>
    /// Why this write must not commit: its prerequisite failed, either in an earlier batch or (staged) in this one. A
    /// provider checks it with <see cref="WriteChains.ThrowIfBroken"/> before committing a batch.
    /// </summary>
    public Exception? PrerequisiteFailure => Prerequisite switch
    {
        null => null,
        { HasOutcome: true, _stagedFailure: { } staged } => staged,
        { _publishedFailure: { } published } => published,
        _ => null,
    };

    /// <summary>True once the committer staged an outcome in the current attempt.</summary>
    public bool HasOutcome { get; private set; }

    /// <summary>Stages a failure of this operation alone (a version conflict, say): the rest of the batch still commits.</summary>
    public void Fail(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        _stagedFailure = exception;
        HasOutcome = true;
    }

    private protected void MarkSucceeded()
    {
        _stagedFailure = null;
        HasOutcome = true;
    }

    // A caller may give up while its operation still waits in the queue; once claimed by a batch it runs to the end,
    // because cancelling half of a shared transaction is not possible.
    internal void WatchCancellation(CancellationToken cancellationToken)
    {
        if (cancellationToken.CanBeCanceled)
            _cancellation = cancellationToken.UnsafeRegister(static (state, token) => ((GroupCommitOperation)state!).TryCancel(token), this);
    }

    internal bool TryClaim()
    {
        if (Interlocked.CompareExchange(ref _state, Claimed, Queued) != Queued) return false;
        _cancellation.Unregister();
        return true;
    }

    private void TryCancel(CancellationToken cancellationToken)
    {
        if (Interlocked.CompareExchange(ref _state, Cancelled, Queued) != Queued) return;
        _publishedFailure = new OperationCanceledException(cancellationToken);
        PublishCanceled(cancellationToken);
    }

    // Before an operation is retried alone, forget what the failed batch staged for it.
    internal void ResetOutcome()
    {
        _stagedFailure = null;
        HasOutcome = false;
        ForgetResult();
    }

    internal void Acknowledge()
    {
        if (!HasOutcome)
            Reject(new InvalidOperationException($"The storage committer staged no outcome for {GetType().Name}."));
        else if (_stagedFailure is not null)
            Reject(_stagedFailure);
        else
        {
            Prerequisite = null;
            PublishResult();
        }
    }

    internal void Reject(Exception exception)
    {
        // Recorded before the caller hears, so a write queued after this one sees it when its batch is formed.
        _publishedFailure = exception;
        Prerequisite = null;
        PublishFailure(exception);
    }

    private protected abstract void PublishResult();

    private protected abstract void ForgetResult();

    private protected abstract void PublishFailure(Exception exception);

    private protected abstract void PublishCanceled(CancellationToken cancellationToken);
}

/// <summary>A <see cref="GroupCommitOperation"/> whose caller awaits a <typeparamref name="TResult"/>.</summary>
public abstract class GroupCommitOperation<TResult> : GroupCommitOperation
{
    // Continuations run elsewhere: the commit loop must never execute callers' code inline.
    private readonly TaskCompletionSource<TResult> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private TResult? _result;

    /// <summary>Completes once the batch holding this operation is durable (or the operation failed or was cancelled).</summary>
    public Task<TResult> Completion => _completion.Task;

    /// <summary>Stages the result this operation reports once its batch commits.</summary>
    public void Succeed(TResult result)
    {
        _result = result;
        MarkSucceeded();
    }

    private protected override void PublishResult() => _completion.TrySetResult(_result!);

    private protected override void ForgetResult() => _result = default;

    private protected override void PublishFailure(Exception exception) => _completion.TrySetException(exception);

    private protected override void PublishCanceled(CancellationToken cancellationToken) => _completion.TrySetCanceled(cancellationToken);
}
