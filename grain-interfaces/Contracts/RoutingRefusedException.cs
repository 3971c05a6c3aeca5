namespace Routing.GrainInterfaces;

/// <summary>
/// A request refused by a routing rule (R17 blocking), with a stable machine-readable <see cref="Code"/> that the
/// client API maps to its error response. Nothing was created or changed.
/// </summary>
public sealed class RoutingRefusedException(string code, string message) : Exception(message)
{
    public const string CustomerBlocked = "customer-blocked";
    public const string IdentityBlocked = "identity-blocked";

    /// <summary>An operator wrote into a dialog that is not (or no longer, e.g. rescued) assigned to them.</summary>
    public const string NotAssigned = "not-assigned";

    public string Code { get; } = code;
}
