namespace Routing.Storage;

/// <summary>
/// Fault-injection points of a <see cref="GroupCommitQueue{TOperation}"/>, for tests only; production leaves them null.
/// </summary>
public sealed class GroupCommitHooks
{
    /// <summary>
    /// Runs at the start of every commit attempt, before the database is touched. Throwing fails the attempt as if the
    /// database had rejected the whole batch; awaiting holds the batch (so a test can let operations pile up).
    /// </summary>
    public Func<IReadOnlyList<GroupCommitOperation>, Task>? BeforeCommit { get; init; }

    /// <summary>
    /// Runs after a batch committed and before its callers are told. Throwing models a crash at that instant: the data is
    /// durable but every caller of the batch sees the exception instead of its result (the acknowledgement is lost).
    /// </summary>
    public Func<IReadOnlyList<GroupCommitOperation>, Task>? AfterCommit { get; init; }
}
