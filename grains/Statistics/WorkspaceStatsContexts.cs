using Routing.GrainInterfaces;
using Routing.Grains.Policies.Statistics;

namespace Routing.Grains.Statistics;

/// <summary>
/// A workspace's statistics context from its configuration: each department's time zone and first-response target as
/// configured now, by <see cref="BucketZones"/>' rule (a department no longer configured counts in UTC, without a
/// target; an operator's status time counts in their first department's time zone).
/// </summary>
public sealed class WorkspaceStatsContexts(IGrainFactory grains) : IStatsContexts
{
    public async Task<StatsContext> For(string workspaceId)
    {
        var departments = await grains.GetGrain<IWorkspaceGrain>(RoutingKeys.Workspace(workspaceId)).GetDepartments();
        var zones = await ZonesOf(grains, workspaceId, departments);
        return new StatsContext(workspaceId, zones.OfDepartment, department => departments.TryGetValue(department, out var config) ? config.FirstResponseTarget : null)
        {
            OperatorZoneOf = zones.OfOperator,
        };
    }

    /// <summary>The zones a workspace's buckets are keyed in, from its configuration now.</summary>
    public static async Task<BucketZones> ZonesOf(IGrainFactory grains, string workspaceId, IReadOnlyDictionary<string, DepartmentConfig>? departments = null)
    {
        var workspace = grains.GetGrain<IWorkspaceGrain>(RoutingKeys.Workspace(workspaceId));
        return new BucketZones(departments ?? await workspace.GetDepartments(), await workspace.GetOperators());
    }
}
