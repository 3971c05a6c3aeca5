using Orleans;

namespace Routing.GrainInterfaces;

/// <summary>
/// A request refused by a routing rule (R17 blocking, a full operator, a reply to a dialog that is not yours), with a
/// stable machine-readable <see cref="Code"/> that the client API maps to its error response. Nothing was created or changed.
/// </summary>
[GenerateSerializer, Alias("routing.RoutingRefusedException")]
public sealed class RoutingRefusedException(string code, string message) : Exception(message)
{
    public const string CustomerBlocked = "customer-blocked";
    public const string IdentityBlocked = "identity-blocked";

    /// <summary>A move by hand to an operator who has no room (or is not online) and was not forced: nothing changed.</summary>
    public const string OperatorUnavailable = "operator-unavailable";

    /// <summary>An operator wrote into a dialog that is not (or no longer, e.g. rescued) assigned to them.</summary>
    public const string NotAssigned = "not-assigned";

    /// <summary>An idempotency key was used again for a different request.</summary>
    public const string IdempotencyKeyReused = "idempotency-key-reused";

    /// <summary>A rating for a conversation that did not ask for one (not closed, ratings off, too short, no operator reply).</summary>
    public const string RatingNotRequested = "rating-not-requested";

    /// <summary>A second rating of the same conversation.</summary>
    public const string AlreadyRated = "already-rated";

    /// <summary>The operator's access is blocked by an admin: no token, no sign-in, no status but offline, no dialog.</summary>
    public const string OperatorBlocked = "operator-blocked";

    /// <summary>A new operator beyond the workspace's licensed seats: nothing was configured.</summary>
    public const string SeatLimitReached = "seat-limit-reached";

    // Callback requests (issue 15).

    /// <summary>A conversation that is not a callback attempt was given a callback outcome.</summary>
    public const string NotACallback = "not-a-callback";

    /// <summary>A callback an operator is calling was to be cancelled.</summary>
    public const string CallbackInProgress = "callback-in-progress";

    /// <summary>A callback already ended (reached, failed, expired, cancelled) was given an outcome.</summary>
    public const string CallbackEnded = "callback-ended";

    [Id(0)] public string Code { get; } = code;
}
