using Orleans.Concurrency;

namespace Routing.GrainInterfaces;

/// <summary>
/// Finds work for one operator across their departments (FairSharePolicy). Key: RoutingKeys.OperatorRouter(ws, id).
/// Told one-way by the operator, with its snapshot, when it came online, freed capacity or changed what departments keep
/// of it; calls departments (and the operator only when asked to <see cref="Route"/> without a snapshot).
/// </summary>
public interface IOperatorRouterGrain : IGrainWithStringKey
{
    /// <summary>The operator's state just committed: handed to their departments, which give them work while they have room.</summary>
    [OneWay] Task OperatorChanged(OperatorSnapshot snapshot);

    /// <summary>The same as <see cref="OperatorChanged"/> with the operator's current snapshot, awaited: for callers that need the routing done.</summary>
    Task Route();
}
