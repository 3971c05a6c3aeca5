namespace Routing.Storage;

/// <summary>
/// A durable "wake grain G at T with payload P". One per (grain, name): scheduling the same name again replaces it.
/// <see cref="Token"/> tells registrations apart, so deleting a fired deadline never removes its replacement.
/// <see cref="GrainHash"/> is the grain's position on the cluster's ring (Orleans' uniform hash of its grain id), so the
/// silo owning that position reads its deadlines by range; null when the writer could not compute it (our own runtime,
/// which does not know Orleans' hash) until <see cref="IDeadlineStore.FillMissingDeadlineHashesAsync"/> fills it in.
/// </summary>
public sealed record DeadlineRecord(
    string GrainType, string GrainKey, string Name, DateTimeOffset DueAt, string? Payload, Guid Token, uint? GrainHash = null);

/// <summary>Durable deadlines (Orleans reminders with second precision, one-shot).</summary>
public interface IDeadlineStore
{
    /// <summary>Inserts or replaces the deadline of (grain, name).</summary>
    /// <param name="writer">
    /// The grain whose write pipeline (<see cref="WritePipeline"/>) the row joins, when it is not the deadline's own: a
    /// grain that makes another grain's intent durable in the same commit as its own change, and never without it.
    /// </param>
    Task UpsertDeadlineAsync(DeadlineRecord deadline, (string GrainType, string GrainKey)? writer = null, CancellationToken cancellationToken = default);

    /// <summary>Deletes the deadline of (grain, name) only if it still has <paramref name="token"/>; true if it did.</summary>
    Task<bool> DeleteDeadlineAsync(string grainType, string grainKey, string name, Guid token, CancellationToken cancellationToken = default);

    /// <summary>Deletes the deadline of (grain, name) whatever its token (a cancel).</summary>
    Task DeleteDeadlineAsync(string grainType, string grainKey, string name, CancellationToken cancellationToken = default);

    /// <summary>Deadlines due at or before <paramref name="until"/>, earliest first, at most <paramref name="maxCount"/>.</summary>
    Task<IReadOnlyList<DeadlineRecord>> ReadDueDeadlinesAsync(DateTimeOffset until, int maxCount, CancellationToken cancellationToken = default);

    /// <summary>
    /// Deadlines due at or before <paramref name="until"/> whose grain hash lies in one of <paramref name="ranges"/>,
    /// earliest first, at most <paramref name="maxCount"/>: what one silo owns of the ring and must hold in memory.
    /// A deadline without a hash is in no range.
    /// </summary>
    Task<IReadOnlyList<DeadlineRecord>> ReadDueDeadlinesAsync(
        IReadOnlyList<GrainHashRange> ranges, DateTimeOffset until, int maxCount, CancellationToken cancellationToken = default);

    /// <summary>
    /// Stores the grain hash of every deadline stored without one, computed by <paramref name="hashOf"/> from its grain
    /// type and key; returns how many grains it filled in. Run once on start, before reading by range.
    /// </summary>
    Task<int> FillMissingDeadlineHashesAsync(Func<string, string, uint> hashOf, CancellationToken cancellationToken = default);
}
