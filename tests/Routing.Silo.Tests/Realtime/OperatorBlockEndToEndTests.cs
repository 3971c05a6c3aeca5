using System.Net;
using Routing.Silo.Tests.Api;

namespace Routing.Silo.Tests.Realtime;

/// <summary>
/// Issue 15, blocking an operator's access over the real silo: an admin's PUT operators/{id}/access closes the operator's
/// open WebSocket at once (4004, from the operator grain's event, not the periodic recheck: the clock never moves), refuses
/// their tokens (403 operator-blocked) and new ones, takes them offline and gives their dialog to a colleague ahead of the
/// one already waiting; unblocking restores sign-in with a new token, never with one issued before the block.
/// </summary>
public sealed class OperatorBlockEndToEndTests
{
    private const string W = "/v1/workspaces/acme";

    [Fact]
    public async Task Blocking_closes_the_session_refuses_every_token_and_sends_the_dialog_to_a_colleague_ahead_of_the_queue()
    {
        await using var world = await RealtimeWorld.StartAsync();
        var api = world.Api;
        await world.DepartmentAsync("support", new { name = "Support" });
        await world.OperatorAsync("ann", 1, "support");
        await world.OperatorAsync("bob", 1, "support");
        var annToken = await Tokens.OperatorAsync(api, RealtimeWorld.Ws, world.Admin, "ann");
        await using var console = await world.OperatorSocketAsync("ann");
        await console.DataAsync("state");
        await console.OkAsync("status", new { status = "online" });
        var annsDialog = (await api.OkAsync(HttpMethod.Post, $"{W}/messages", world.Channel, new { channel = "chat", externalCustomerId = "v1", text = "hi" }))
            .GetProperty("conversationId").GetString()!;
        await console.DataAsync("dialog");
        await api.OkAsync(HttpMethod.Put, $"{W}/operators/bob/status", world.Supervisor, new { status = "online" });
        var bobsDialog = (await api.OkAsync(HttpMethod.Post, $"{W}/messages", world.Channel, new { channel = "chat", externalCustomerId = "v2", text = "hi" }))
            .GetProperty("conversationId").GetString()!;
        world.Clock.Advance(TimeSpan.FromSeconds(5));
        var waiting = await api.OkAsync(HttpMethod.Post, $"{W}/messages", world.Channel, new { channel = "chat", externalCustomerId = "v3", text = "hi" });
        Assert.Equal(1, waiting.GetProperty("queuePosition").GetInt32());

        var blocked = await api.OkAsync(HttpMethod.Put, $"{W}/operators/ann/access", world.Admin, new { blocked = true, reason = "lost phone" });

        Assert.Equal((true, "lost phone"), (blocked.GetProperty("blocked").GetBoolean(), blocked.GetProperty("reason").GetString()));
        Assert.Equal(4004, (int?)await console.ClosedAsync());
        foreach (var path in new[] { $"{W}/operator", $"{W}/me", $"{W}/ws/operator" })
        {
            using var refused = await api.SendAsync(HttpMethod.Get, path, annToken);
            await ApiWorld.AssertProblemAsync(refused, HttpStatusCode.Forbidden, "operator-blocked");
        }
        using (var newToken = await api.SendAsync(HttpMethod.Post, $"{W}/operators/ann/tokens", world.Admin, new { }))
            await ApiWorld.AssertProblemAsync(newToken, HttpStatusCode.Forbidden, "operator-blocked");
        using (var online = await api.SendAsync(HttpMethod.Put, $"{W}/operators/ann/status", world.Supervisor, new { status = "online" }))
            await ApiWorld.AssertProblemAsync(online, HttpStatusCode.Forbidden, "operator-blocked");

        // Supervisors and admins see the block; the dialog is back in the queue ahead of the one that waited there.
        await EndToEndTests.Eventually(async () => (await api.GetJsonAsync($"{W}/operator-states/ann", world.Supervisor)).GetProperty("load").GetInt32() == 0);
        var state = await api.GetJsonAsync($"{W}/operator-states/ann", world.Supervisor);
        Assert.Equal(("offline", true), (state.GetProperty("status").GetString(), state.GetProperty("blocked").GetBoolean()));
        var profile = await api.GetJsonAsync($"{W}/operators/ann", world.Admin);
        Assert.True(profile.GetProperty("blocked").GetBoolean());
        Assert.Equal("lost phone", profile.GetProperty("block").GetProperty("reason").GetString());
        var queue = (await api.GetJsonAsync($"{W}/queues/support", world.Supervisor)).GetProperty("waiting").EnumerateArray()
            .Select(d => d.GetProperty("conversationId").GetString()).ToList();
        Assert.Equal([annsDialog, waiting.GetProperty("conversationId").GetString()], queue);
        await api.OkAsync(HttpMethod.Post, $"{W}/conversations/{bobsDialog}/close", world.Supervisor);
        await EndToEndTests.Eventually(async () =>
            (await api.GetJsonAsync($"{W}/conversations/{annsDialog}", world.Supervisor)).GetProperty("conversation").GetProperty("operatorId").GetString() == "bob");
        var timeline = await api.GetJsonAsync($"{W}/conversations/{annsDialog}/timeline", world.Supervisor);
        Assert.Contains(timeline.EnumerateArray(), e => e.GetProperty("kind").GetString() == "operator-blocked" && e.GetProperty("detail").GetString() == "from ann");

        // Unblocked: a new token signs in; the one issued before the block stays refused.
        var unblocked = await api.OkAsync(HttpMethod.Put, $"{W}/operators/ann/access", world.Admin, new { blocked = false });
        Assert.False(unblocked.GetProperty("blocked").GetBoolean());
        Assert.False((await api.GetJsonAsync($"{W}/operators/ann", world.Admin)).GetProperty("blocked").GetBoolean());
        world.Clock.Advance(TimeSpan.FromSeconds(1)); // tokens carry whole seconds; the block's own second stays revoked
        var fresh = await Tokens.OperatorAsync(api, RealtimeWorld.Ws, world.Admin, "ann");
        Assert.Equal("offline", (await api.GetJsonAsync($"{W}/operator", fresh)).GetProperty("status").GetString());
        using (var old = await api.SendAsync(HttpMethod.Get, $"{W}/operator", annToken))
            await ApiWorld.AssertProblemAsync(old, HttpStatusCode.Unauthorized, "unauthenticated");
        await using var again = await world.OperatorSocketAsync("ann");
        await again.DataAsync("state");
        Assert.Equal("online", (await again.OkAsync("status", new { status = "online" })).GetProperty("status").GetString());
    }

    [Fact]
    public async Task Removing_an_operator_closes_their_session_at_once_and_is_refused_while_they_hold_a_dialog()
    {
        await using var world = await RealtimeWorld.StartAsync();
        await world.DepartmentAsync("support", new { name = "Support" });
        await world.OperatorAsync("ann", 1, "support");
        await using var console = await world.OperatorSocketAsync("ann");
        await console.DataAsync("state");
        await console.OkAsync("status", new { status = "online" });
        var held = (await world.Api.OkAsync(HttpMethod.Post, $"{W}/messages", world.Channel, new { channel = "chat", externalCustomerId = "v1", text = "hi" }))
            .GetProperty("conversationId").GetString()!;

        using (var refused = await world.Api.SendAsync(HttpMethod.Delete, $"{W}/operators/ann", world.Admin))
            await ApiWorld.AssertProblemAsync(refused, HttpStatusCode.Conflict, "conflict");
        await console.OkAsync("close", new { conversationId = held });
        using (var removed = await world.Api.SendAsync(HttpMethod.Delete, $"{W}/operators/ann", world.Admin))
            Assert.Equal(HttpStatusCode.NoContent, removed.StatusCode);

        Assert.Equal(4003, (int?)await console.ClosedAsync()); // the clock never moved: the removal event closed it
        using (var token = await world.Api.SendAsync(HttpMethod.Post, $"{W}/operators/ann/tokens", world.Admin, new { }))
            await ApiWorld.AssertProblemAsync(token, HttpStatusCode.NotFound, "not-found");
    }

    [Fact]
    public async Task A_block_refuses_bad_input_unknown_operators_other_workspaces_and_non_admins_and_survives_a_restart()
    {
        await using var world = await ApiWorld.StartAsync();
        var admin = await world.CreateWorkspaceAsync("acme");
        var supervisor = await world.CreateKeyAsync("acme", admin, "supervisor");
        var otherAdmin = await world.CreateWorkspaceAsync("other");
        await world.OkAsync(HttpMethod.Put, $"{W}/departments/support", admin, new { name = "Support" });
        await world.OkAsync(HttpMethod.Put, $"{W}/operators/ann", admin, new { capacity = 1, departments = new[] { new { departmentId = "support" } } });

        foreach (var body in new object?[] { null, "{}", "{\"blocked\":\"yes\"}", "not json" })
        {
            using var response = await world.SendAsync(HttpMethod.Put, $"{W}/operators/ann/access", admin, body);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        }
        using (var tooLong = await world.SendAsync(HttpMethod.Put, $"{W}/operators/ann/access", admin, new { blocked = true, reason = new string('x', 501) }))
            await ApiWorld.AssertProblemAsync(tooLong, HttpStatusCode.BadRequest, "invalid-request");
        using (var unknown = await world.SendAsync(HttpMethod.Put, $"{W}/operators/nobody/access", admin, new { blocked = true }))
            await ApiWorld.AssertProblemAsync(unknown, HttpStatusCode.NotFound, "not-found");
        using (var bySupervisor = await world.SendAsync(HttpMethod.Put, $"{W}/operators/ann/access", supervisor, new { blocked = true }))
            await ApiWorld.AssertProblemAsync(bySupervisor, HttpStatusCode.Forbidden, "forbidden");
        using (var crossWorkspace = await world.SendAsync(HttpMethod.Put, $"{W}/operators/ann/access", otherAdmin, new { blocked = true }))
            await ApiWorld.AssertProblemAsync(crossWorkspace, HttpStatusCode.Forbidden, "forbidden");
        using (var otherPath = await world.SendAsync(HttpMethod.Put, "/v1/workspaces/other/operators/ann/access", otherAdmin, new { blocked = true }))
            await ApiWorld.AssertProblemAsync(otherPath, HttpStatusCode.NotFound, "not-found"); // acme's ann does not exist there
        Assert.False((await world.GetJsonAsync($"{W}/operators/ann", admin)).GetProperty("blocked").GetBoolean());

        await world.OkAsync(HttpMethod.Put, $"{W}/operators/ann/access", admin, new { blocked = true, reason = "dismissed" });
        await world.RestartAsync();

        var profile = await world.GetJsonAsync($"{W}/operators/ann", admin);
        Assert.Equal((true, "dismissed"), (profile.GetProperty("blocked").GetBoolean(), profile.GetProperty("block").GetProperty("reason").GetString()));
        Assert.True((await world.GetJsonAsync($"{W}/operator-states/ann", supervisor)).GetProperty("blocked").GetBoolean());
        using (var token = await world.SendAsync(HttpMethod.Post, $"{W}/operators/ann/tokens", admin, new { }))
            await ApiWorld.AssertProblemAsync(token, HttpStatusCode.Forbidden, "operator-blocked");
    }
}
