using Routing.GrainInterfaces;
using Routing.Grains.Policies;
using Orleans.Concurrency;
using Routing.Storage.Orleans.Deadlines;

namespace Routing.Grains.Grains;

/// <summary>
/// Finds work for one operator when they come online or free capacity. It asks each of their departments for the
/// first dialog they may take there, serves <see cref="FairSharePolicy.Choose"/> (priority, then the longest wait
/// across departments), and repeats while something fits. It sits above departments in the call order (it calls
/// them; they never call it), so it cannot form a cycle. Its state (who was served last) is a soft tie-breaker only.
/// </summary>
[GrainType("operator-router")]
public sealed class OperatorRouterGrain : RoutingGrain, IOperatorRouterGrain
{
    private readonly Dictionary<string, DateTimeOffset> _lastServed = new();

    public Task OperatorChanged() => Route();

    public async Task Route()
    {
        var operatorId = RoutingKeys.IdOf(GetPrimaryKeyString());
        var op = GrainFactory.GetGrain<IOperatorGrain>(RoutingKeys.Operator(WorkspaceId, operatorId));
        // Each round assigns one dialog (a lost race gets the department's next one) or stops: capacity bounds the rounds.
        for (var round = 0; round < 1000; round++)
        {
            var snapshot = await op.GetSnapshot();
            var heads = new List<DepartmentHead>();
            foreach (var membership in snapshot.Profile.Departments)
            {
                var head = await Department(membership.DepartmentId).UpdateOperator(snapshot);
                if (head is not null)
                    heads.Add(new DepartmentHead(head.DepartmentId, head.ConversationId, head.Priority, head.WaitingSince)
                    {
                        LastServedAt = _lastServed.TryGetValue(head.DepartmentId, out var at) ? at : null,
                    });
            }
            if (FairSharePolicy.Choose(heads) is not { } chosen) return;
            if (await Department(chosen.DepartmentId).AssignWaiting(chosen.DialogId, operatorId))
                _lastServed[chosen.DepartmentId] = TimeProvider.GetUtcNow();
        }
    }

    private IDepartmentGrain Department(string id) => GrainFactory.GetGrain<IDepartmentGrain>(RoutingKeys.Department(WorkspaceId, id));
}
