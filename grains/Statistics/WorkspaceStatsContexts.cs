using Routing.GrainInterfaces;
using Routing.Grains.Policies.Statistics;

namespace Routing.Grains.Statistics;

/// <summary>
/// A workspace's statistics context from its configuration: each department's time zone and first-response target as
/// configured now (a department no longer configured counts in UTC, without a target); an operator's status time counts
/// in their first department's time zone.
/// </summary>
public sealed class WorkspaceStatsContexts(IGrainFactory grains) : IStatsContexts
{
    public async Task<StatsContext> For(string workspaceId)
    {
        var workspace = grains.GetGrain<IWorkspaceGrain>(RoutingKeys.Workspace(workspaceId));
        var departments = await workspace.GetDepartments();
        var operators = await workspace.GetOperators();
        var zones = departments.ToDictionary(d => d.Key, d => TimeZoneInfo.FindSystemTimeZoneById(d.Value.TimeZoneId));
        TimeZoneInfo ZoneOf(string department) => zones.GetValueOrDefault(department, TimeZoneInfo.Utc);
        return new StatsContext(workspaceId, ZoneOf, department => departments.TryGetValue(department, out var config) ? config.FirstResponseTarget : null)
        {
            OperatorZoneOf = operatorId => operators.TryGetValue(operatorId, out var profile) && profile.Departments.Count > 0
                ? ZoneOf(profile.Departments[0].DepartmentId) : TimeZoneInfo.Utc,
        };
    }
}
