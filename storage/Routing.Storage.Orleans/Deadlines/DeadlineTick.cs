namespace Routing.Storage.Orleans.Deadlines;

/// <summary>
/// A durable deadline that fell due, as delivered to <see cref="IDeadlineReceiver.ReceiveDeadline"/>: its name, the due
/// time it was scheduled for, its payload, and which attempt this is (1 first, more after the handler failed).
/// </summary>
[GenerateSerializer, Immutable, Alias("routing.DeadlineTick")]
public sealed record DeadlineTick(string Name, DateTimeOffset DueAt, string? Payload, int Attempt);
