using Routing.GrainInterfaces;
using Routing.GrainInterfaces.Model;
using Routing.Grains.State;
using Routing.Runtime;

namespace Routing.Grains.Grains;

/// <summary>
/// Configuration of one workspace. Validates everything before it writes (bad input changes nothing), persists, then
/// pushes the change down to the department and operator grains, which run routing from their own copies.
/// </summary>
[GrainType("workspace")]
public sealed class WorkspaceGrain(
    [PersistentState("workspace")] IPersistentState<WorkspaceState> state) : Grain, IWorkspaceGrain
{
    private WorkspaceState S => state.State;

    public async Task ConfigureDepartment(string departmentId, DepartmentConfig config)
    {
        Require(!string.IsNullOrWhiteSpace(departmentId) && !departmentId.Contains('/'), "department id must be non-empty and without '/'", nameof(departmentId));
        ArgumentNullException.ThrowIfNull(config);
        if (config.Problem() is { } problem) throw new ArgumentException($"department '{departmentId}': {problem}", nameof(config));
        if (config.Rescue?.FallbackDepartmentId is { } fallback && fallback != departmentId && !S.Departments.ContainsKey(fallback))
            throw new ArgumentException($"department '{departmentId}': unknown rescue fallback department '{fallback}'", nameof(config));
        S.Departments[departmentId] = config;
        await state.WriteStateAsync();
        await GrainFactory.GetGrain<IDepartmentGrain>(RoutingKeys.Department(WorkspaceId, departmentId)).Configure(config);
        PublishEvent(new { Kind = "department-configured", DepartmentId = departmentId }, "workspace:" + WorkspaceId);
    }

    public async Task ConfigureOperator(string operatorId, OperatorProfile profile)
    {
        Require(!string.IsNullOrWhiteSpace(operatorId) && !operatorId.Contains('/'), "operator id must be non-empty and without '/'", nameof(operatorId));
        ArgumentNullException.ThrowIfNull(profile);
        if (profile.Problem() is { } problem) throw new ArgumentException($"operator '{operatorId}': {problem}", nameof(profile));
        foreach (var membership in profile.Departments)
            if (!S.Departments.ContainsKey(membership.DepartmentId))
                throw new ArgumentException($"operator '{operatorId}': unknown department '{membership.DepartmentId}'", nameof(profile));

        var previous = S.Operators.GetValueOrDefault(operatorId);
        S.Operators[operatorId] = profile;
        await state.WriteStateAsync();

        // Operator first (the department reads its snapshot), then every department it joins, re-tiers or leaves.
        await GrainFactory.GetGrain<IOperatorGrain>(RoutingKeys.Operator(WorkspaceId, operatorId)).Configure(profile);
        var tiers = profile.Departments.ToDictionary(d => d.DepartmentId, d => (int?)d.Tier);
        foreach (var left in previous?.Departments ?? [])
            tiers.TryAdd(left.DepartmentId, null);
        foreach (var (departmentId, tier) in tiers)
            await GrainFactory.GetGrain<IDepartmentGrain>(RoutingKeys.Department(WorkspaceId, departmentId)).SetMember(operatorId, tier);
        await GrainFactory.GetGrain<IOperatorRouterGrain>(RoutingKeys.OperatorRouter(WorkspaceId, operatorId)).Route();
        PublishEvent(new { Kind = "operator-configured", OperatorId = operatorId }, "workspace:" + WorkspaceId);
    }

    public async Task SetEntryRouting(EntryRouting routing)
    {
        ArgumentNullException.ThrowIfNull(routing);
        foreach (var id in routing.Rules.Select(r => r.DepartmentId).Append(routing.DefaultDepartmentId))
            if (!S.Departments.ContainsKey(id)) throw new ArgumentException($"entry routing names unknown department '{id}'", nameof(routing));
        S.EntryRouting = routing;
        await state.WriteStateAsync();
    }

    public Task<EntryConfig> GetEntryConfig()
    {
        var routing = S.EntryRouting
            ?? (S.Departments.Count > 0 ? new EntryRouting(S.Departments.Keys.Order(StringComparer.Ordinal).First()) : null)
            ?? throw new InvalidOperationException($"workspace '{WorkspaceId}' has no department to route to");
        return Task.FromResult(new EntryConfig(routing, S.Departments.ToDictionary(d => d.Key, d => d.Value.TimeZoneId))
        {
            BotFirstDepartments = S.Departments.Where(d => d.Value.BotFirst).Select(d => d.Key).ToList(),
            DepartmentTimers = S.Departments.ToDictionary(d => d.Key, d => d.Value.Timers()),
        });
    }

    public Task<IReadOnlyDictionary<string, DepartmentConfig>> GetDepartments() =>
        Task.FromResult<IReadOnlyDictionary<string, DepartmentConfig>>(new Dictionary<string, DepartmentConfig>(S.Departments));

    public Task<IReadOnlyDictionary<string, OperatorProfile>> GetOperators() =>
        Task.FromResult<IReadOnlyDictionary<string, OperatorProfile>>(new Dictionary<string, OperatorProfile>(S.Operators));

    private static void Require(bool condition, string message, string parameter)
    {
        if (!condition) throw new ArgumentException(message, parameter);
    }
}
