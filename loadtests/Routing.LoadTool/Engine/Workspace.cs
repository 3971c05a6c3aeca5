using System.Security.Cryptography;
using System.Text.Json;

namespace Routing.LoadTool.Engine;

/// <summary>What a scenario's workspace holds: one department of operators, all through the admin API.</summary>
public sealed record WorkspacePlan(int Operators, int Capacity, object? Rescue = null)
{
    public string? Problem() =>
        Operators < 1 ? $"at least 1 operator is needed (got {Operators})" : Capacity < 1 ? $"operator capacity must be at least 1 (got {Capacity})" : null;
}

/// <summary>
/// A fresh workspace made through the public API, as an admin and a site's backend would: the bootstrap key creates
/// it with its admin key; the admin key makes channel and supervisor keys, the department and the operators with their
/// console tokens; the channel key issues widget tokens.
/// </summary>
public sealed class Workspace
{
    public const string Department = "support";
    private const int SetUpConcurrency = 16;

    private Workspace(EngineConnection engine, string id, string admin, string channel, string supervisor, string[] operatorIds, string[] operatorTokens)
    {
        Engine = engine;
        Id = id;
        AdminKey = admin;
        ChannelKey = channel;
        SupervisorKey = supervisor;
        OperatorIds = operatorIds;
        OperatorTokens = operatorTokens;
    }

    public EngineConnection Engine { get; }
    public string Id { get; }
    public string AdminKey { get; }
    public string ChannelKey { get; }
    public string SupervisorKey { get; }
    public IReadOnlyList<string> OperatorIds { get; }
    public IReadOnlyList<string> OperatorTokens { get; }

    /// <summary>A workspace named after the scenario with a random suffix, so runs against one engine never meet.</summary>
    public static async Task<Workspace> CreateAsync(EngineConnection engine, string bootstrapKey, string scenario, WorkspacePlan plan)
    {
        var id = $"lt-{scenario}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4))}";
        var rest = engine.Rest;
        var admin = Text(await rest.PostAsync("/v1/workspaces", bootstrapKey, new { workspaceId = id }), "apiKey");
        var channel = Text(await rest.PostAsync($"/v1/workspaces/{id}/api-keys", admin, new { scope = "channel", name = "load widget" }), "apiKey");
        var supervisor = Text(await rest.PostAsync($"/v1/workspaces/{id}/api-keys", admin, new { scope = "supervisor", name = "load wallboard" }), "apiKey");
        await rest.PutAsync($"/v1/workspaces/{id}/departments/{Department}", admin, new { name = "Support", rescue = plan.Rescue });
        var operatorIds = Enumerable.Range(0, plan.Operators).Select(i => $"op{i}").ToArray();
        var tokens = new string[plan.Operators];
        await Parallel.ForEachAsync(Enumerable.Range(0, plan.Operators), new ParallelOptions { MaxDegreeOfParallelism = SetUpConcurrency }, async (i, _) =>
        {
            await rest.PutAsync($"/v1/workspaces/{id}/operators/{operatorIds[i]}", admin,
                new { capacity = plan.Capacity, departments = new[] { new { departmentId = Department, tier = 1 } } });
            tokens[i] = Text(await rest.PostAsync($"/v1/workspaces/{id}/operators/{operatorIds[i]}/tokens", admin, new { }), "token");
        });
        return new Workspace(engine, id, admin, channel, supervisor, operatorIds, tokens);
    }

    /// <summary>A supervisor key of its own (one principal keeps at most Realtime:MaxSessionsPerPrincipal sessions).</summary>
    public async Task<string> NewSupervisorKeyAsync(string name) =>
        Text(await Engine.Rest.PostAsync($"/v1/workspaces/{Id}/api-keys", AdminKey, new { scope = "supervisor", name }), "apiKey");

    /// <summary>The widget token a site's backend issues for its visitor (channel key).</summary>
    public async Task<string> CustomerTokenAsync(string externalCustomerId) =>
        Text(await Engine.Rest.PostAsync($"/v1/workspaces/{Id}/customer-tokens", ChannelKey, new { externalCustomerId }), "token");

    /// <summary>A customer's message through the channel API (a connector's call), idempotent on its key.</summary>
    public Task<JsonElement> IntakeAsync(string externalCustomerId, string text, string idempotencyKey) =>
        Engine.Rest.SendAsync(HttpMethod.Post, $"/v1/workspaces/{Id}/messages", ChannelKey,
            new { channel = "chat", externalCustomerId, text }, idempotencyKey);

    private static string Text(JsonElement element, string property) => element.GetProperty(property).GetString()!;
}
