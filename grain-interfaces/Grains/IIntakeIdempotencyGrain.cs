
namespace Routing.GrainInterfaces;

/// <summary>
/// A channel connector's idempotency key for one intake message (R23, R25). Key:
/// RoutingKeys.IntakeIdempotency(ws, SHA-256 of the connector's key). It sits above intake in the call order and runs one
/// call at a time, so two retries with the same key never both reach intake. The first answer is kept for
/// <see cref="IntakeIdempotency.Retention"/>, then forgotten (a durable deadline clears it).
/// </summary>
public interface IIntakeIdempotencyGrain : IGrainWithStringKey
{
    /// <summary>
    /// The first answer for this key, or intake's answer for <paramref name="message"/>, stored before it is returned.
    /// <paramref name="fingerprint"/> identifies the request; the same key with another fingerprint is refused with
    /// <see cref="RoutingRefusedException.IdempotencyKeyReused"/>. A refused intake (blocked) stores nothing.
    /// </summary>
    Task<IdempotentIntakeResult> Receive(string fingerprint, IntakeMessage message);
}

public static class IntakeIdempotency
{
    /// <summary>How long a key's first answer is kept.</summary>
    public static readonly TimeSpan Retention = TimeSpan.FromHours(24);
}
