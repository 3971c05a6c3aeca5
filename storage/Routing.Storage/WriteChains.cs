namespace Routing.Storage;

/// <summary>The rule providers apply to <see cref="WritePipeline"/> links inside one batch.</summary>
public static class WriteChains
{
    /// <summary>
    /// Call after executing a batch and staging its outcomes, before committing it: throws
    /// <see cref="BrokenWriteChainException"/> when a write succeeded although the one it must follow failed (a conflict,
    /// say). The provider then rolls back, and the queue answers those writes with <see cref="WriteAbandonedException"/>
    /// and commits the rest again without them.
    /// </summary>
    public static void ThrowIfBroken(IReadOnlyList<GroupCommitOperation> batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        foreach (var operation in batch)
            if (operation.Prerequisite is not null && operation.PrerequisiteFailure is not null)
                throw new BrokenWriteChainException();
    }
}

/// <summary>A batch held a write whose prerequisite failed; nothing of it was committed.</summary>
public sealed class BrokenWriteChainException() : Exception("A write in the batch follows one that failed; the batch was rolled back.");

/// <summary>
/// A write was not stored because the write of the same grain issued before it in a <see cref="WritePipeline"/> failed;
/// <see cref="Exception.InnerException"/> is that first failure.
/// </summary>
public sealed class WriteAbandonedException : Exception
{
    public WriteAbandonedException(Exception cause)
        : base("Not stored: an earlier write of the same grain failed. " + RootOf(cause).Message, RootOf(cause))
    {
    }

    private static Exception RootOf(Exception cause) => cause is WriteAbandonedException { InnerException: { } root } ? root : cause;
}
