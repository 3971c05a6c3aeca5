using Orleans.Concurrency;

namespace Routing.GrainInterfaces;

/// <summary>
/// Finds work for one operator across their departments (FairSharePolicy). Key: RoutingKeys.OperatorRouter(ws, id).
/// Told one-way by the operator when it came online or freed capacity; calls departments and the operator.
/// </summary>
public interface IOperatorRouterGrain : IGrainWithStringKey
{
    [OneWay] Task OperatorChanged();

    /// <summary>The same as <see cref="OperatorChanged"/>, awaited: for callers that need the routing done.</summary>
    Task Route();
}
