using System.Text.Json;

namespace Routing.Silo.Tests.Api;

/// <summary>
/// Workspace "acme" as the bad-input walks find it: a channel key, department "support" with ann online holding v1's chat
/// (<see cref="Held"/>), v2's chat waiting (<see cref="Queued"/>) and a template, so every operation has something to aim at.
/// </summary>
internal sealed record SupportDesk(string Admin, string Channel, JsonElement Held, JsonElement Queued)
{
    private const string W = "/v1/workspaces/acme";

    public static async Task<SupportDesk> ArrangeAsync(ApiWorld world, string? queuedIdempotencyKey = null)
    {
        var admin = await world.CreateWorkspaceAsync("acme");
        var channel = await world.CreateKeyAsync("acme", admin, "channel");
        await world.OkAsync(HttpMethod.Put, $"{W}/departments/support", admin, new { name = "Support" });
        await world.OkAsync(HttpMethod.Put, $"{W}/operators/ann", admin, new { capacity = 1, departments = new[] { new { departmentId = "support" } } });
        await world.OkAsync(HttpMethod.Put, $"{W}/operators/ann/status", admin, new { status = "online" });
        var held = await world.OkAsync(HttpMethod.Post, $"{W}/messages", channel, new { channel = "chat", externalCustomerId = "v1", text = "hi" });
        var queued = await world.OkAsync(HttpMethod.Post, $"{W}/messages", channel, new { channel = "chat", externalCustomerId = "v2", text = "hi" },
            idempotencyKey: queuedIdempotencyKey);
        await world.OkAsync(HttpMethod.Put, $"{W}/templates/greeting", admin, new { title = "Greeting", text = "Hello" });
        return new SupportDesk(admin, channel, held, queued);
    }
}
