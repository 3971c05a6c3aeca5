using Orleans;

namespace Routing.GrainInterfaces;

/// <summary>Whether an operator's token may be used now: the workspace's answer for one operator id.</summary>
[GenerateSerializer, Alias("routing.OperatorAccess")]
public enum OperatorAccess
{
    /// <summary>No such operator in the workspace (never configured, or removed).</summary>
    NotConfigured = 0,
    Allowed = 1,
    /// <summary>An admin blocked them: every token refused until unblocked.</summary>
    Blocked = 2,
    /// <summary>The token was issued before (or in the second of) their last block or removal: refused for good, sign in again.</summary>
    TokenRevoked = 3,
}

/// <summary>An admin's block of an operator's access (a lost phone, a dismissal): why, and since when.</summary>
[GenerateSerializer, Immutable, Alias("routing.OperatorBlock")]
public sealed record OperatorBlock(string Reason, DateTimeOffset Since);

/// <summary>
/// A workspace's licensed operator seats: <see cref="Seats"/> null is unlimited; <see cref="Used"/> counts the configured
/// operators, and may exceed a limit lowered below it (nobody is removed; no operator can be added until it fits again).
/// </summary>
[GenerateSerializer, Immutable, Alias("routing.SeatsView")]
public sealed record SeatsView(int? Seats, int Used)
{
    /// <summary>Most seats a licence may set.</summary>
    public const int MaxSeats = 1_000_000;
}
