namespace Routing.Storage;

/// <summary>
/// A write met a stored version other than the one it expected: another writer got there first.
/// As in Orleans: re-read, re-evaluate, write only if still valid; never retry blindly.
/// </summary>
public sealed class VersionConflictException : Exception
{
    public VersionConflictException(string message, long? storedVersion = null, long? expectedVersion = null)
        : base(message)
    {
        StoredVersion = storedVersion;
        ExpectedVersion = expectedVersion;
    }

    /// <summary>The version found in storage, when known (null when the record does not exist).</summary>
    public long? StoredVersion { get; }

    /// <summary>The version the writer expected (null meant "must not exist").</summary>
    public long? ExpectedVersion { get; }
}
