namespace Routing.Silo.Tests.Api;

/// <summary>What a refused request to workspace "acme" could have changed, read back through the API (R25: nothing).</summary>
internal static class WorkspaceSnapshot
{
    private const string W = "/v1/workspaces/acme";

    /// <summary>Everything the refused requests could have changed, as text (no clock-dependent fields).</summary>
    public static async Task<string> ReadAsync(ApiWorld world, string admin, string conversation, string customer)
    {
        var queue = await world.GetJsonAsync($"{W}/queues/support", admin);
        var parts = new List<string>
        {
            (await world.GetJsonAsync($"{W}/departments", admin)).ToString(),
            (await world.GetJsonAsync($"{W}/operators", admin)).ToString(),
            (await world.GetJsonAsync($"{W}/operator-states", admin)).ToString(),
            (await world.GetJsonAsync($"{W}/api-keys", admin)).ToString(),
            (await world.GetJsonAsync($"{W}/entry-routing", admin)).ToString(),
            (await world.GetJsonAsync($"{W}/customers/{customer}", admin)).ToString(),
            (await world.GetJsonAsync($"{W}/conversations/{conversation}", admin)).ToString(),
            (await world.GetJsonAsync($"{W}/conversations/{conversation}/timeline", admin)).ToString(),
            (await world.GetJsonAsync($"{W}/conversations/{conversation}/messages", admin)).ToString(),
            (await world.GetJsonAsync($"{W}/templates", admin)).ToString(),
            (await world.GetJsonAsync($"{W}/channels/chat/webhook", admin)).ToString(),
            string.Join(",", queue.GetProperty("waiting").EnumerateArray().Select(w => w.GetProperty("conversationId").GetString())),
        };
        return string.Join(Environment.NewLine, parts);
    }
}
