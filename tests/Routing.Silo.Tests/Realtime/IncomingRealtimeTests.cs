using System.Text.Json;

namespace Routing.Silo.Tests.Realtime;

/// <summary>Taking from the shared queue (pull) on the operator WebSocket: the live `incoming` view and the `take` command.</summary>
public sealed class IncomingRealtimeTests
{
    private static async Task<string> WriteAsync(RealtimeWorld world, string visitor) =>
        (await world.Api.OkAsync(HttpMethod.Post, $"/v1/workspaces/{RealtimeWorld.Ws}/messages", world.Channel,
            new { channel = "chat", externalCustomerId = visitor, text = "hi" })).GetProperty("conversationId").GetString()!;

    private static string Id(JsonElement data) => data.GetProperty("conversationId").GetString()!;

    [Fact]
    public async Task Consoles_see_dialogs_enter_and_leave_incoming_and_one_take_wins()
    {
        await using var world = await RealtimeWorld.StartAsync();
        await world.DepartmentAsync("desk", new { name = "Desk", distribution = "pull" });
        await world.Api.OkAsync(HttpMethod.Put, $"/v1/workspaces/{RealtimeWorld.Ws}/entry-routing", world.Admin, new { defaultDepartmentId = "desk" });
        await world.OperatorAsync("ann", 1, "desk");
        await world.OperatorAsync("bob", 1, "desk");
        await using var ann = await world.OperatorSocketAsync("ann");
        await using var bob = await world.OperatorSocketAsync("bob");
        Assert.Equal(0, (await ann.DataAsync("incoming")).GetArrayLength());
        await bob.DataAsync("incoming");
        await ann.OkAsync("status", new { status = "online" });
        await bob.OkAsync("status", new { status = "online" });
        await using var board = await world.SupervisorSocketAsync();
        await board.DataAsync("queues");

        var first = await WriteAsync(world, "v1");
        var seen = await ann.DataAsync("incoming-dialog", d => Id(d) == first);
        Assert.Equal(("desk", true, JsonValueKind.Null), (seen.GetProperty("departmentId").GetString(), seen.GetProperty("canTakeNow").GetBoolean(),
            seen.GetProperty("whyNotNow").ValueKind));
        await bob.DataAsync("incoming-dialog", d => Id(d) == first);

        var taken = await bob.OkAsync("take", new { conversationId = first });
        Assert.Equal(("assigned", "bob"), (taken.GetProperty("status").GetString(), taken.GetProperty("operatorId").GetString()));
        await ann.DataAsync("incoming-removed", d => Id(d) == first);
        await bob.DataAsync("incoming-removed", d => Id(d) == first);
        Assert.Equal(first, Id((await bob.DataAsync("dialog")).GetProperty("conversation"))); // now one of bob's dialogs
        var late = await ann.CommandAsync("take", new { conversationId = first });
        Assert.Equal(("error", "already-taken"), (late.GetProperty("type").GetString(), late.GetProperty("code").GetString()));
        // Supervisors see how it was assigned.
        await board.DataAsync("conversation-changed", c => c.GetProperty("conversationId").GetString() == first && c.GetProperty("kind").GetString() == "taken");

        // Bob is full now: a new dialog is in his Incoming but not takeable; the `incoming` command lists it the same.
        var second = await WriteAsync(world, "v2");
        var full = await bob.DataAsync("incoming-dialog", d => Id(d) == second);
        Assert.Equal((false, "noCapacity"), (full.GetProperty("canTakeNow").GetBoolean(), full.GetProperty("whyNotNow").GetString()));
        var listed = await bob.OkAsync("incoming");
        Assert.Equal([second], listed.EnumerateArray().Select(Id));
        var refused = await bob.CommandAsync("take", new { conversationId = second });
        Assert.Equal("no-capacity", refused.GetProperty("code").GetString());

        // Bob closes his dialog: capacity back, the same entry becomes takeable for him.
        await bob.OkAsync("close", new { conversationId = first });
        await bob.DataAsync("incoming-dialog", d => Id(d) == second && d.GetProperty("canTakeNow").GetBoolean());
        Assert.Equal("ann", (await ann.OkAsync("take", new { conversationId = second })).GetProperty("operatorId").GetString());
        await bob.DataAsync("incoming-removed", d => Id(d) == second);
    }

    [Fact]
    public async Task Bad_take_frames_get_error_frames_and_change_nothing()
    {
        await using var world = await RealtimeWorld.StartAsync();
        await world.DepartmentAsync("desk", new { name = "Desk", distribution = "pull" });
        await world.Api.OkAsync(HttpMethod.Put, $"/v1/workspaces/{RealtimeWorld.Ws}/entry-routing", world.Admin, new { defaultDepartmentId = "desk" });
        await world.OperatorAsync("ann", 1, "desk");
        await using var ann = await world.OperatorSocketAsync("ann");
        await ann.OkAsync("status", new { status = "online" });
        var waiting = await WriteAsync(world, "v1");
        await ann.DataAsync("incoming-dialog", d => Id(d) == waiting);

        async Task<string> ErrorOf(object? data)
        {
            var answer = await ann.CommandAsync("take", data);
            Assert.Equal("error", answer.GetProperty("type").GetString());
            return answer.GetProperty("code").GetString()!;
        }
        Assert.Equal("malformed-frame", await ErrorOf(new { }));
        Assert.Equal("malformed-frame", await ErrorOf(new { conversationId = 5 }));
        Assert.Equal("invalid-request", await ErrorOf(new { conversationId = (string?)null }));
        Assert.Equal("invalid-request", await ErrorOf(new { conversationId = "a/b" }));
        Assert.Equal("not-found", await ErrorOf(new { conversationId = "c-Chat-nobody-1" }));
        // Another workspace's waiting dialog is no conversation of this one.
        var betaAdmin = await world.Api.CreateWorkspaceAsync("beta");
        var betaChannel = await world.Api.CreateKeyAsync("beta", betaAdmin, "channel");
        await world.Api.OkAsync(HttpMethod.Put, "/v1/workspaces/beta/departments/desk", betaAdmin, new { name = "Desk", distribution = "pull" });
        await world.Api.OkAsync(HttpMethod.Put, "/v1/workspaces/beta/entry-routing", betaAdmin, new { defaultDepartmentId = "desk" });
        var betaDialog = (await world.Api.OkAsync(HttpMethod.Post, "/v1/workspaces/beta/messages", betaChannel,
            new { channel = "chat", externalCustomerId = "b1", text = "hi" })).GetProperty("conversationId").GetString()!;
        Assert.Equal("not-found", await ErrorOf(new { conversationId = betaDialog }));
        Assert.Equal("queued", (await world.Api.GetJsonAsync($"/v1/workspaces/beta/conversations/{betaDialog}", betaAdmin))
            .GetProperty("conversation").GetProperty("status").GetString());

        Assert.Equal([waiting], (await ann.OkAsync("incoming")).EnumerateArray().Select(Id));
        var state = await world.Api.GetJsonAsync($"/v1/workspaces/{RealtimeWorld.Ws}/conversations/{waiting}", world.Supervisor);
        Assert.Equal("queued", state.GetProperty("conversation").GetProperty("status").GetString());
    }
}
