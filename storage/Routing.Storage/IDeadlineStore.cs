namespace Routing.Storage;

/// <summary>
/// A durable "wake grain G at T with payload P". One per (grain, name): scheduling the same name again replaces it.
/// <see cref="Token"/> tells registrations apart, so deleting a fired deadline never removes its replacement.
/// </summary>
public sealed record DeadlineRecord(string GrainType, string GrainKey, string Name, DateTimeOffset DueAt, string? Payload, Guid Token);

/// <summary>Durable deadlines (Orleans reminders with second precision, one-shot).</summary>
public interface IDeadlineStore
{
    /// <summary>Inserts or replaces the deadline of (grain, name).</summary>
    Task UpsertDeadlineAsync(DeadlineRecord deadline, CancellationToken cancellationToken = default);

    /// <summary>Deletes the deadline of (grain, name) only if it still has <paramref name="token"/>; true if it did.</summary>
    Task<bool> DeleteDeadlineAsync(string grainType, string grainKey, string name, Guid token, CancellationToken cancellationToken = default);

    /// <summary>Deletes the deadline of (grain, name) whatever its token (a cancel).</summary>
    Task DeleteDeadlineAsync(string grainType, string grainKey, string name, CancellationToken cancellationToken = default);

    /// <summary>Deadlines due at or before <paramref name="until"/>, earliest first, at most <paramref name="maxCount"/>.</summary>
    Task<IReadOnlyList<DeadlineRecord>> ReadDueDeadlinesAsync(DateTimeOffset until, int maxCount, CancellationToken cancellationToken = default);
}
