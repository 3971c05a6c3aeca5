using Routing.GrainInterfaces;
using Orleans.Concurrency;
using Routing.Storage.Orleans.Deadlines;

namespace Routing.Grains.Grains;

/// <summary>Stateless entry for channel messages: identity → customer. Reentrant so intakes of one workspace run in parallel.</summary>
[GrainType("intake")]
[Reentrant]
public sealed class IntakeGrain : RoutingGrain, IIntakeGrain
{
    public async Task<IntakeResult> Receive(IntakeMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentException.ThrowIfNullOrWhiteSpace(message.ExternalId);
        var identity = GrainFactory.GetGrain<IIdentityIndexGrain>(RoutingKeys.Identity(WorkspaceId, message.Channel, message.ExternalId));
        var customerId = await identity.Resolve();
        return await GrainFactory.GetGrain<ICustomerGrain>(RoutingKeys.Customer(WorkspaceId, customerId)).Receive(message);
    }
}
