using Routing.GrainInterfaces;
using Routing.GrainInterfaces.Model;
using Routing.Grains.Journal;
using Routing.Grains.Policies;
using Routing.Grains.State;
using Orleans.Concurrency;
using Routing.Storage.Orleans.Deadlines;
using Routing.Storage;

namespace Routing.Grains.Grains;

/// <summary>
/// Configuration of one workspace. Validates everything before it writes (bad input changes nothing), persists, then
/// pushes the change down to the department and operator grains, which run routing from their own copies.
/// </summary>
/// <remarks>
/// Operator profiles are journaled (one small row per change) beside the state, which is the snapshot: a center with
/// thousands of operators would otherwise rewrite every profile on each operator's change, quadratic in bulk set-up.
/// </remarks>
[GrainType("workspace")]
public sealed partial class WorkspaceGrain(
    [PersistentState("workspace")] IPersistentState<WorkspaceState> state,
    IDurableStore storage) : RoutingGrain, IWorkspaceGrain
{
    private WorkspaceState S => state.State;
    private SnapshotJournal<WorkspaceState, OperatorConfigured>? _operators;

    private SnapshotJournal<WorkspaceState, OperatorConfigured> OperatorJournal => _operators ??= new(state,
        new GrainJournal<OperatorConfigured>(storage, new GrainLogKey("workspace", GetPrimaryKeyString(), "operators"),
            GrainStateJsonContext.Default.OperatorConfigured), DeactivateOnIdle);

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        foreach (var change in await OperatorJournal.RecoverAsync(cancellationToken))
            S.Operators[change.OperatorId] = change.Profile;
    }

    public async Task ConfigureDepartment(string departmentId, DepartmentConfig config)
    {
        Require(!string.IsNullOrWhiteSpace(departmentId) && !departmentId.Contains('/'), "department id must be non-empty and without '/'", nameof(departmentId));
        ArgumentNullException.ThrowIfNull(config);
        if (config.Problem() is { } problem) throw new ArgumentException($"department '{departmentId}': {problem}", nameof(config));
        if (config.Rescue?.FallbackDepartmentId is { } fallback && fallback != departmentId && !S.Departments.ContainsKey(fallback))
            throw new ArgumentException($"department '{departmentId}': unknown rescue fallback department '{fallback}'", nameof(config));
        S.Departments[departmentId] = config;
        await Save();
        await GrainFactory.GetGrain<IDepartmentGrain>(RoutingKeys.Department(WorkspaceId, departmentId)).Configure(config);
        PublishEvent(new WorkspaceChanged("department-configured", departmentId, null), RoutingTopics.Workspace(WorkspaceId));
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
        // Counted in this turn (the grain is not reentrant): concurrent adds never exceed the seats; a replace never counts.
        if (previous is null && SeatPolicy.Refusal(S.Seats, S.Operators.Count) is { } full)
            throw new RoutingRefusedException(RoutingRefusedException.SeatLimitReached, $"operator '{operatorId}': {full}");
        S.Operators[operatorId] = profile;
        await OperatorJournal.AppendAsync(new OperatorConfigured(operatorId, profile), S.Operators.Count);

        // Operator first (the department reads its snapshot), then every department it joins, re-tiers or leaves.
        await GrainFactory.GetGrain<IOperatorGrain>(RoutingKeys.Operator(WorkspaceId, operatorId)).Configure(profile);
        var tiers = profile.Departments.ToDictionary(d => d.DepartmentId, d => (int?)d.Tier);
        foreach (var left in previous?.Departments ?? [])
            tiers.TryAdd(left.DepartmentId, null);
        foreach (var (departmentId, tier) in tiers)
            await GrainFactory.GetGrain<IDepartmentGrain>(RoutingKeys.Department(WorkspaceId, departmentId)).SetMember(operatorId, tier);
        await GrainFactory.GetGrain<IOperatorRouterGrain>(RoutingKeys.OperatorRouter(WorkspaceId, operatorId)).Route();
        PublishEvent(new WorkspaceChanged("operator-configured", null, operatorId), RoutingTopics.Workspace(WorkspaceId));
    }

    public async Task SetEntryRouting(EntryRouting routing)
    {
        ArgumentNullException.ThrowIfNull(routing);
        foreach (var id in routing.Rules.Select(r => r.DepartmentId).Append(routing.DefaultDepartmentId))
            if (!S.Departments.ContainsKey(id)) throw new ArgumentException($"entry routing names unknown department '{id}'", nameof(routing));
        for (var i = 0; i < routing.Rules.Count; i++)
            if (routing.Rules[i].Problem() is { } problem) throw new ArgumentException($"rule {i}: {problem}", nameof(routing));
        S.EntryRouting = routing;
        await Save();
    }

    public async Task SetDraftPreview(bool enabled)
    {
        if (S.DraftPreview != enabled)
        {
            S.DraftPreview = enabled;
            await Save();
        }
        PublishEvent(new DraftPreviewChanged(enabled), RoutingTopics.DraftPreview(WorkspaceId));
    }

    public Task<bool> GetDraftPreview() => Task.FromResult(S.DraftPreview);

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

    public async Task SetTimeZone(string timeZoneId)
    {
        if (new BusinessHours { TimeZoneId = timeZoneId }.Problem() is { } problem) throw new ArgumentException(problem, nameof(timeZoneId));
        if (S.TimeZoneId != timeZoneId)
        {
            S.TimeZoneId = timeZoneId;
            await Save();
        }
        PublishEvent(new WorkspaceChanged("time-zone-set", null, null), RoutingTopics.Workspace(WorkspaceId));
    }

    public Task<string> GetTimeZone() => Task.FromResult(S.TimeZoneId ?? "UTC");

    public Task<string?> GetTimeZoneSetting() => Task.FromResult(S.TimeZoneId);

    public Task<IReadOnlyDictionary<string, OperatorProfile>> GetOperators() =>
        Task.FromResult<IReadOnlyDictionary<string, OperatorProfile>>(new Dictionary<string, OperatorProfile>(S.Operators));

    /// <summary>Most API keys one workspace keeps (revoked keys are deleted).</summary>
    public const int MaxApiKeys = 100;

    public async Task Create(ApiKeyRecord firstAdminKey, int? seats = null)
    {
        CheckKey(firstAdminKey);
        if (SeatPolicy.Problem(seats) is { } badSeats) throw new ArgumentException(badSeats, nameof(seats));
        Require(firstAdminKey.Scope == ApiKeyScope.Admin, "the first key of a workspace must be an admin key", nameof(firstAdminKey));
        if (S.Created) throw new InvalidOperationException($"workspace '{WorkspaceId}' already exists");
        S.Created = true;
        S.ApiKeys[firstAdminKey.KeyId] = firstAdminKey;
        S.TokenSigningKey = NewTokenSigningKey();
        S.Seats = seats;
        await Save();
    }

    public Task<bool> Exists() => Task.FromResult(S.Created);

    public async Task<ApiKeyView> AddApiKey(ApiKeyRecord key)
    {
        CheckKey(key);
        if (!S.Created) throw new InvalidOperationException($"workspace '{WorkspaceId}' does not exist");
        if (S.ApiKeys.ContainsKey(key.KeyId)) throw new InvalidOperationException($"key '{key.KeyId}' already exists");
        if (S.ApiKeys.Count >= MaxApiKeys) throw new InvalidOperationException($"workspace '{WorkspaceId}' already has {MaxApiKeys} keys; revoke one first");
        S.ApiKeys[key.KeyId] = key;
        await Save();
        return View(key);
    }

    public async Task<bool> RevokeApiKey(string keyId)
    {
        if (keyId is null || !S.ApiKeys.TryGetValue(keyId, out var key)) return false;
        if (key.Scope == ApiKeyScope.Admin && S.ApiKeys.Values.Count(k => k.Scope == ApiKeyScope.Admin) == 1)
            throw new InvalidOperationException("the last admin key cannot be revoked; create another admin key first");
        S.ApiKeys.Remove(keyId);
        await Save();
        return true;
    }

    public Task<IReadOnlyList<ApiKeyView>> GetApiKeys() =>
        Task.FromResult<IReadOnlyList<ApiKeyView>>(S.ApiKeys.Values.OrderBy(k => k.CreatedAt).ThenBy(k => k.KeyId, StringComparer.Ordinal).Select(View).ToList());

    public Task<ApiKeyScope?> Authenticate(string keyId, string secretHash)
    {
        if (keyId is null || secretHash is null || !S.ApiKeys.TryGetValue(keyId, out var key)) return Task.FromResult<ApiKeyScope?>(null);
        var matches = System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(
            System.Text.Encoding.ASCII.GetBytes(key.SecretHash), System.Text.Encoding.ASCII.GetBytes(secretHash));
        return Task.FromResult<ApiKeyScope?>(matches ? key.Scope : null);
    }

    /// <summary>Bytes of a token signing key: HMAC-SHA256's output length, RFC 2104's recommended minimum.</summary>
    public const int TokenSigningKeyLength = 32;

    public async Task<byte[]> GetTokenSigningKey()
    {
        if (!S.Created) return [];
        if (S.TokenSigningKey is not { Length: TokenSigningKeyLength })
        {
            // Workspaces created before tokens existed get their key on first use.
            S.TokenSigningKey = NewTokenSigningKey();
            await Save();
        }
        return S.TokenSigningKey.ToArray(); // a copy: callers in this process must not alter the state
    }

    public async Task RotateTokenSigningKey()
    {
        if (!S.Created) throw new InvalidOperationException($"workspace '{WorkspaceId}' does not exist");
        S.TokenSigningKey = NewTokenSigningKey();
        await Save();
    }

    private static byte[] NewTokenSigningKey() => System.Security.Cryptography.RandomNumberGenerator.GetBytes(TokenSigningKeyLength);

    private static ApiKeyView View(ApiKeyRecord key) => new(key.KeyId, key.Scope, key.Name, key.CreatedAt);

    private static void CheckKey(ApiKeyRecord key)
    {
        ArgumentNullException.ThrowIfNull(key);
        Require(!string.IsNullOrWhiteSpace(key.KeyId) && !key.KeyId.Contains('/'), "key id must be non-empty and without '/'", nameof(key));
        Require(Enum.IsDefined(key.Scope), $"unknown scope {(int)key.Scope}", nameof(key));
        Require(key.SecretHash is { Length: 64 } && key.SecretHash.All(char.IsAsciiHexDigitLower), "secret hash must be 64 lowercase hex digits (SHA-256)", nameof(key));
        Require(key.Name is not null && key.Name.Length <= 200, "key name must be at most 200 characters", nameof(key));
    }

    /// <summary>The whole state, operators included, as the snapshot of the operator journal.</summary>
    private Task Save() => OperatorJournal.SaveAsync();

    private static void Require(bool condition, string message, string parameter)
    {
        if (!condition) throw new ArgumentException(message, parameter);
    }
}
