using Routing.GrainInterfaces;
using Routing.Grains.Policies;
using Orleans.Concurrency;
using Routing.Storage.Orleans.Deadlines;

namespace Routing.Grains.Grains;

/// <summary>
/// Finds work for one operator when they come online or free capacity, from the snapshot their grain sends with the
/// change. One department: one <see cref="IDepartmentGrain.Serve"/> call per dialog given. Several: each is asked for the
/// first dialog they may take there, <see cref="FairSharePolicy.Choose"/> picks one (priority, then the longest wait
/// across departments), and its department serves it. Each round's answer carries the operator's snapshot after it, so
/// the router stops as soon as that shows no room (<see cref="CapacityPolicy.MayTakeMore"/>) instead of asking again. It
/// sits above departments in the call order (it calls them; they never call it), so it cannot form a cycle. Its state
/// (who was served last) is a soft tie-breaker only.
/// </summary>
[GrainType("operator-router")]
public sealed class OperatorRouterGrain : RoutingGrain, IOperatorRouterGrain
{
    private readonly Dictionary<string, DateTimeOffset> _lastServed = new();

    public Task OperatorChanged(OperatorSnapshot snapshot) => Serve(snapshot);

    public async Task Route()
    {
        var operatorId = RoutingKeys.IdOf(GetPrimaryKeyString());
        await Serve(await GrainFactory.GetGrain<IOperatorGrain>(RoutingKeys.Operator(WorkspaceId, operatorId)).GetSnapshot());
    }

    private async Task Serve(OperatorSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        // The first round always runs: it hands every department the new snapshot (a status change, a schedule, freed
        // capacity). Each later round follows a dialog given or a refusal, whose snapshot is fresher: capacity bounds them.
        for (var round = 0; round < 1000; round++)
        {
            if (round > 0 && !CapacityPolicy.MayTakeMore(snapshot.Status, snapshot.Load, snapshot.ActiveVoice, snapshot.Profile.Capacity)) return;
            var departments = snapshot.Profile.Departments;
            if (departments.Count == 0) return;
            var (departmentId, served) = departments.Count == 1
                ? (departments[0].DepartmentId, await Department(departments[0].DepartmentId).Serve(snapshot, null))
                : await ServeFairly(snapshot);
            if (served is null || served.Outcome == ServeOutcome.Nothing) return;
            if (served.Outcome == ServeOutcome.Assigned) _lastServed[departmentId] = TimeProvider.GetUtcNow();
            snapshot = served.Operator;
        }
    }

    /// <summary>Every department's head for them, then the one <see cref="FairSharePolicy"/> serves first; null when none has one.</summary>
    private async Task<(string DepartmentId, ServeResult? Served)> ServeFairly(OperatorSnapshot snapshot)
    {
        var answers = await Task.WhenAll(snapshot.Profile.Departments.Select(d => Department(d.DepartmentId).UpdateOperator(snapshot)));
        var heads = answers.OfType<DepartmentHeadView>().Select(head =>
            new DepartmentHead(head.DepartmentId, head.ConversationId, head.Priority, head.WaitingSince)
            {
                LastServedAt = _lastServed.TryGetValue(head.DepartmentId, out var at) ? at : null,
            });
        if (FairSharePolicy.Choose(heads) is not { } chosen) return ("", null);
        return (chosen.DepartmentId, await Department(chosen.DepartmentId).Serve(snapshot, chosen.DialogId));
    }

    private IDepartmentGrain Department(string id) => GrainFactory.GetGrain<IDepartmentGrain>(RoutingKeys.Department(WorkspaceId, id));
}
