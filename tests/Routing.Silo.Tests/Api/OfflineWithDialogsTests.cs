using System.Net;

namespace Routing.Silo.Tests.Api;

/// <summary>
/// What client-api/REALTIME.md ("Going offline while holding dialogs") promises: offline is refused with 409 conflict
/// and its documented detail while the operator holds a dialog, away is allowed, and offline works once it is closed.
/// </summary>
public sealed class OfflineWithDialogsTests
{
    private const string W = "/v1/workspaces/acme";

    [Fact]
    public async Task An_operator_holding_a_dialog_cannot_go_offline_until_it_is_closed()
    {
        await using var world = await ApiWorld.StartAsync();
        var admin = await world.CreateWorkspaceAsync("acme");
        var channel = await world.CreateKeyAsync("acme", admin, "channel");
        await world.OkAsync(HttpMethod.Put, $"{W}/departments/support", admin, new { name = "Support" });
        await world.OkAsync(HttpMethod.Put, $"{W}/operators/ann", admin, new { capacity = 2, departments = new[] { new { departmentId = "support" } } });
        await world.OkAsync(HttpMethod.Put, $"{W}/operators/ann/status", admin, new { status = "online" });
        var opened = await world.OkAsync(HttpMethod.Post, $"{W}/messages", channel, new { channel = "chat", externalCustomerId = "v1", text = "hello" });
        var conversation = opened.GetProperty("conversationId").GetString()!;

        using (var refused = await world.SendAsync(HttpMethod.Put, $"{W}/operators/ann/status", admin, new { status = "offline" }))
        {
            var problem = await ApiWorld.AssertProblemAsync(refused, HttpStatusCode.Conflict, "conflict");
            Assert.Equal("operator 'ann' holds 1 dialog(s); close or transfer them before going offline", problem.GetProperty("detail").GetString());
        }
        var state = await world.GetJsonAsync($"{W}/operator-states/ann", admin);
        Assert.Equal(("online", 1), (state.GetProperty("status").GetString(), state.GetProperty("load").GetInt32()));

        Assert.Equal("away", (await world.OkAsync(HttpMethod.Put, $"{W}/operators/ann/status", admin, new { status = "away" })).GetProperty("status").GetString());
        await world.OkAsync(HttpMethod.Post, $"{W}/conversations/{conversation}/close", admin);
        var offline = await world.OkAsync(HttpMethod.Put, $"{W}/operators/ann/status", admin, new { status = "offline" });
        Assert.Equal(("offline", 0), (offline.GetProperty("status").GetString(), offline.GetProperty("load").GetInt32()));
    }
}
