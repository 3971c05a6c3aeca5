namespace Routing.Storage;

/// <summary>A stored state record: the payload (null once cleared) and its version.</summary>
public sealed record StoredState(byte[]? Payload, long Version);

/// <summary>
/// Versioned state records with optimistic concurrency, as Orleans' grain storage.
/// A write or clear whose expected version is not the stored one throws <see cref="VersionConflictException"/>
/// and changes nothing. A returned task completes only once the change is durably committed.
/// </summary>
public interface IGrainStateStore
{
    /// <summary>The record, or null when it was never written.</summary>
    Task<StoredState?> ReadStateAsync(GrainStateKey key, CancellationToken cancellationToken = default);

    /// <summary>Writes the payload. <paramref name="expectedVersion"/> null means "the record must not exist yet".</summary>
    /// <returns>The new version.</returns>
    Task<long> WriteStateAsync(GrainStateKey key, ReadOnlyMemory<byte> payload, long? expectedVersion, CancellationToken cancellationToken = default);

    /// <summary>Clears the payload (the row stays, with a new version, so a stale writer still conflicts).</summary>
    /// <returns>The new version.</returns>
    Task<long> ClearStateAsync(GrainStateKey key, long? expectedVersion, CancellationToken cancellationToken = default);
}
