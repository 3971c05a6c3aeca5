namespace Routing.Storage.Orleans.Deadlines;

/// <summary>
/// Implemented by grains that schedule durable deadlines (Orleans' IRemindable, one-shot). A due deadline arrives as a
/// normal grain call, activating the grain if needed. Delivery is at least once: a crash after the handler ran but
/// before the deadline was deleted delivers it again, so handlers must be idempotent. A handler that throws is called
/// again with doubling backoff until it succeeds.
/// </summary>
[Alias("routing.IDeadlineReceiver")]
public interface IDeadlineReceiver : IGrain
{
    [Alias("ReceiveDeadline")]
    Task ReceiveDeadline(DeadlineTick tick);
}
