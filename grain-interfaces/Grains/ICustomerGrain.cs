using Routing.GrainInterfaces.Model;
using Orleans.Concurrency;

namespace Routing.GrainInterfaces;

/// <summary>One person across channels (R2). Key: RoutingKeys.Customer(ws, customerId).</summary>
public interface ICustomerGrain : IGrainWithStringKey
{
    /// <summary>A message: into the open conversation, or a new one routed by the entry rules and queued/assigned.</summary>
    Task<IntakeResult> Receive(IntakeMessage message);

    /// <summary>Adds an identity to this customer (merging two identities of one person).</summary>
    Task AddIdentity(Channel channel, string externalId);

    Task SetPersonalManager(string? operatorId);

    /// <summary>Blocks (or unblocks) the customer: every message is refused with code customer-blocked (R17).</summary>
    Task SetBlocked(bool blocked);

    [ReadOnly] Task<CustomerView> Get();
}
