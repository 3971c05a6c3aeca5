using System.Net;

namespace Routing.Silo.Tests.Api;

/// <summary>The README's walk-through over HTTP: workspace, department, operator online, a customer message routed, the queue.</summary>
public sealed class EndToEndTests
{
    [Fact]
    public async Task A_customer_message_reaches_an_online_operator_and_the_next_one_waits_in_the_supervisor_queue()
    {
        await using var world = await ApiWorld.StartAsync();
        var admin = await world.CreateWorkspaceAsync("acme");
        var channel = await world.CreateKeyAsync("acme", admin, "channel");
        var supervisor = await world.CreateKeyAsync("acme", admin, "supervisor");

        await world.OkAsync(HttpMethod.Put, "/v1/workspaces/acme/departments/support", admin,
            new { name = "Support", timeZoneId = "Europe/Berlin", routing = new { strategy = "leastLoaded" }, averageHandleTime = "00:05:00" });
        await world.OkAsync(HttpMethod.Put, "/v1/workspaces/acme/operators/ann", admin,
            new { capacity = 1, departments = new[] { new { departmentId = "support", tier = 1 } } });
        var online = await world.OkAsync(HttpMethod.Put, "/v1/workspaces/acme/operators/ann/status", supervisor, new { status = "online" });
        Assert.Equal("online", online.GetProperty("status").GetString());

        var first = await world.OkAsync(HttpMethod.Post, "/v1/workspaces/acme/messages", channel,
            new { channel = "chat", externalCustomerId = "visitor-1", text = "Hello", attachments = new[] { new { fileName = "a.png", contentType = "image/png", sizeBytes = 10 } } });
        Assert.Equal("assigned", first.GetProperty("status").GetString());
        Assert.Equal("ann", first.GetProperty("operatorId").GetString());
        Assert.Equal("support", first.GetProperty("departmentId").GetString());
        Assert.True(first.GetProperty("newConversation").GetBoolean());

        var second = await world.OkAsync(HttpMethod.Post, "/v1/workspaces/acme/messages", channel,
            new { channel = "email", externalCustomerId = "bob@example.com", text = "Hi", priority = "vip" });
        Assert.Equal("queued", second.GetProperty("status").GetString());
        Assert.Equal(1, second.GetProperty("queuePosition").GetInt32());
        var waitingId = second.GetProperty("conversationId").GetString()!;

        var queues = await world.GetJsonAsync("/v1/workspaces/acme/queues", supervisor);
        var support = Assert.Single(queues.EnumerateArray());
        Assert.Equal(1, support.GetProperty("depth").GetInt32());
        var queue = await world.GetJsonAsync("/v1/workspaces/acme/queues/support", supervisor);
        var waiting = Assert.Single(queue.GetProperty("waiting").EnumerateArray());
        Assert.Equal(waitingId, waiting.GetProperty("conversationId").GetString());
        Assert.Equal(1, waiting.GetProperty("position").GetInt32());
        Assert.Equal("vip", waiting.GetProperty("priority").GetString());
        Assert.True(waiting.GetProperty("expectedWaitSeconds").GetDouble() > 0);

        var operators = await world.GetJsonAsync("/v1/workspaces/acme/operator-states", supervisor);
        var ann = Assert.Single(operators.EnumerateArray());
        Assert.Equal(1, ann.GetProperty("load").GetInt32());

        // The supervisor closes ann's dialog: she is free and takes the waiting one.
        var closed = await world.OkAsync(HttpMethod.Post, $"/v1/workspaces/acme/conversations/{first.GetProperty("conversationId").GetString()}/close", supervisor);
        Assert.Equal("closed", closed.GetProperty("conversation").GetProperty("status").GetString());
        await Eventually(async () => (await world.GetJsonAsync($"/v1/workspaces/acme/conversations/{waitingId}", supervisor))
            .GetProperty("conversation").GetProperty("operatorId").GetString() == "ann");
        var timeline = await world.GetJsonAsync($"/v1/workspaces/acme/conversations/{waitingId}/timeline", supervisor);
        Assert.Contains(timeline.EnumerateArray(), e => e.GetProperty("kind").GetString() == "assigned");
    }

    [Fact]
    public async Task A_supervisor_moves_a_dialog_by_hand_and_blocked_customers_are_refused_with_their_code()
    {
        await using var world = await ApiWorld.StartAsync();
        var admin = await world.CreateWorkspaceAsync("acme");
        var channel = await world.CreateKeyAsync("acme", admin, "channel");
        await world.OkAsync(HttpMethod.Put, "/v1/workspaces/acme/departments/support", admin, new { name = "Support" });
        await world.OkAsync(HttpMethod.Put, "/v1/workspaces/acme/departments/sales", admin, new { name = "Sales" });
        await world.OkAsync(HttpMethod.Put, "/v1/workspaces/acme/entry-routing", admin,
            new { defaultDepartmentId = "support", rules = new[] { new { departmentId = "sales", topics = new[] { "pricing" } } } });
        await world.OkAsync(HttpMethod.Put, "/v1/workspaces/acme/operators/bob", admin,
            new { capacity = 2, departments = new[] { new { departmentId = "sales" } } });
        await world.OkAsync(HttpMethod.Put, "/v1/workspaces/acme/operators/bob/status", admin, new { status = "away" });

        var message = await world.OkAsync(HttpMethod.Post, "/v1/workspaces/acme/messages", channel,
            new { channel = "chat", externalCustomerId = "v-7", text = "How much?", topic = "pricing" });
        Assert.Equal("sales", message.GetProperty("departmentId").GetString());
        var id = message.GetProperty("conversationId").GetString()!;

        var moved = await world.OkAsync(HttpMethod.Post, $"/v1/workspaces/acme/conversations/{id}/transfer", admin, new { departmentId = "support", note = "not sales" });
        Assert.Equal("support", moved.GetProperty("conversation").GetProperty("departmentId").GetString());
        var assigned = await world.OkAsync(HttpMethod.Post, $"/v1/workspaces/acme/conversations/{id}/assign", admin, new { operatorId = "bob", force = true });
        Assert.Equal("bob", assigned.GetProperty("conversation").GetProperty("operatorId").GetString());
        await world.OkAsync(HttpMethod.Put, "/v1/workspaces/acme/operators/cid", admin, new { capacity = 1, departments = new[] { new { departmentId = "support" } } });
        await world.OkAsync(HttpMethod.Put, "/v1/workspaces/acme/operators/cid/status", admin, new { status = "online" });
        var handed = await world.OkAsync(HttpMethod.Post, $"/v1/workspaces/acme/conversations/{id}/transfer", admin, new { operatorId = "cid", note = "cid knows" });
        Assert.Equal("cid", handed.GetProperty("conversation").GetProperty("operatorId").GetString());
        var states = (await world.GetJsonAsync("/v1/workspaces/acme/operator-states", admin)).EnumerateArray()
            .ToDictionary(o => o.GetProperty("operatorId").GetString()!, o => o.GetProperty("load").GetInt32());
        Assert.Equal(0, states["bob"]);
        Assert.Equal(1, states["cid"]);

        var customerId = message.GetProperty("customerId").GetString()!;
        var customer = await world.OkAsync(HttpMethod.Put, $"/v1/workspaces/acme/customers/{customerId}/personal-manager", admin, new { operatorId = "bob" });
        Assert.Equal("bob", customer.GetProperty("personalManagerId").GetString());
        Assert.True((await world.OkAsync(HttpMethod.Put, $"/v1/workspaces/acme/customers/{customerId}/block", admin)).GetProperty("blocked").GetBoolean());
        using (var refused = await world.SendAsync(HttpMethod.Post, "/v1/workspaces/acme/messages", channel, new { channel = "chat", externalCustomerId = "v-7", text = "again" }))
            await ApiWorld.AssertProblemAsync(refused, HttpStatusCode.Forbidden, "customer-blocked");
        await world.OkAsync(HttpMethod.Delete, $"/v1/workspaces/acme/customers/{customerId}/block", admin);

        Assert.True((await world.OkAsync(HttpMethod.Put, "/v1/workspaces/acme/identities/email/spam@example.com/block", admin)).GetProperty("blocked").GetBoolean());
        using (var refused = await world.SendAsync(HttpMethod.Post, "/v1/workspaces/acme/messages", channel, new { channel = "email", externalCustomerId = "spam@example.com", text = "buy" }))
            await ApiWorld.AssertProblemAsync(refused, HttpStatusCode.Forbidden, "identity-blocked");
        var queue = await world.GetJsonAsync("/v1/workspaces/acme/queues/support", admin);
        Assert.Equal(0, queue.GetProperty("depth").GetInt32());
        var identity = await world.GetJsonAsync("/v1/workspaces/acme/identities/chat/v-7", admin);
        Assert.Equal((customerId, false), (identity.GetProperty("customerId").GetString(), identity.GetProperty("blocked").GetBoolean()));
        Assert.True((await world.GetJsonAsync("/v1/workspaces/acme/identities/email/spam@example.com", admin)).GetProperty("blocked").GetBoolean());
        Assert.False((await world.OkAsync(HttpMethod.Delete, "/v1/workspaces/acme/identities/email/spam@example.com/block", admin)).GetProperty("blocked").GetBoolean());
        await world.OkAsync(HttpMethod.Post, "/v1/workspaces/acme/messages", channel, new { channel = "email", externalCustomerId = "spam@example.com", text = "sorry" });

        // Ids derived from any external id (here with '#', '%' and '?') are readable through the API, escaped in the path.
        var odd = await world.OkAsync(HttpMethod.Post, "/v1/workspaces/acme/messages", channel, new { channel = "social", externalCustomerId = "vk#42%?x", text = "hi" });
        var oddId = odd.GetProperty("conversationId").GetString()!;
        var oddView = await world.GetJsonAsync($"/v1/workspaces/acme/conversations/{Uri.EscapeDataString(oddId)}", admin);
        Assert.Equal(oddId, oddView.GetProperty("conversation").GetProperty("conversationId").GetString());
        await world.GetJsonAsync($"/v1/workspaces/acme/customers/{Uri.EscapeDataString(odd.GetProperty("customerId").GetString()!)}", admin);
    }

    internal static async Task Eventually(Func<Task<bool>> condition)
    {
        for (var attempt = 0; attempt < 100; attempt++)
        {
            if (await condition()) return;
            await Task.Delay(50);
        }
        Assert.Fail("the condition never became true");
    }
}
