namespace Routing.GrainInterfaces;

/// <summary>
/// A request refused by a routing rule (R17 blocking), with a stable machine-readable <see cref="Code"/> that the
/// client API maps to its error response. Nothing was created or changed.
/// </summary>
public sealed class RoutingRefusedException(string code, string message) : Exception(message)
{
    public const string CustomerBlocked = "customer-blocked";
    public const string IdentityBlocked = "identity-blocked";

    public string Code { get; } = code;
}
