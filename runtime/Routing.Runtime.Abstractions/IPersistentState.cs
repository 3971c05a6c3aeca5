namespace Routing.Runtime;

/// <summary>
/// A grain's durable state record, as Orleans' IPersistentState. Loaded before OnActivateAsync.
/// Changing <see cref="State"/> changes memory only; <see cref="WriteStateAsync"/> makes it durable and
/// throws <c>VersionConflictException</c> (Routing.Storage)/> if another writer changed the record since it was read.
/// </summary>
public interface IPersistentState<TState> where TState : new()
{
    TState State { get; set; }

    /// <summary>The stored version as an opaque string, null if never written.</summary>
    string? Etag { get; }

    /// <summary>True once the record holds a payload (written and not cleared).</summary>
    bool RecordExists { get; }

    Task ReadStateAsync(CancellationToken cancellationToken = default);

    Task WriteStateAsync(CancellationToken cancellationToken = default);

    /// <summary>Clears the record and resets <see cref="State"/> to a new instance.</summary>
    Task ClearStateAsync(CancellationToken cancellationToken = default);
}
