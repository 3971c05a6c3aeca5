using Orleans.Concurrency;

namespace Routing.GrainInterfaces;

/// <summary>Maps one channel identity to its customer (R2). Key: RoutingKeys.Identity(ws, channel, externalId).</summary>
public interface IIdentityIndexGrain : IGrainWithStringKey
{
    /// <summary>
    /// The customer of this identity, creating the link to a new customer on first sight; a blocked identity throws
    /// <see cref="RoutingRefusedException"/> (code identity-blocked) and creates nothing.
    /// </summary>
    Task<string> Resolve();

    /// <summary>Links this identity to <paramref name="customerId"/> (merging): later messages land there.</summary>
    Task Link(string customerId);

    /// <summary>
    /// Links this identity to <paramref name="customerId"/> only when it is nobody's yet or theirs already (a channel move,
    /// issue 15): false, and nothing changed, when it is another customer's; a blocked identity throws identity-blocked.
    /// </summary>
    Task<bool> Claim(string customerId);

    /// <summary>Blocks (or unblocks) this identity: its messages are refused (R17).</summary>
    Task SetBlocked(bool blocked);

    /// <summary>The customer this identity leads to (null before its first message) and whether it is blocked.</summary>
    [ReadOnly] Task<IdentityView> Get();
}
