namespace Routing.Runtime;

/// <summary>A durable deadline that fell due, as delivered to <see cref="IDeadlineReceiver"/>.</summary>
public sealed record DeadlineTick(string Name, DateTimeOffset DueAt, string? Payload, int Attempt);

/// <summary>
/// Implemented by grain classes that schedule durable deadlines. Delivery is at least once (a crash after
/// the handler ran but before the deadline was deleted delivers it again), so handlers must be idempotent.
/// A handler that throws is retried with backoff.
/// </summary>
public interface IDeadlineReceiver
{
    Task ReceiveDeadlineAsync(DeadlineTick tick);
}
