using System.Text.Json;

namespace Routing.Silo.Tests.Realtime;

/// <summary>
/// The end-to-end scenarios over a real Kestrel on loopback with real WebSocket clients: a widget customer,
/// operators' consoles and a supervisor's wallboard, each with its own token or key.
/// </summary>
public sealed class RealtimeEndToEndTests
{
    [Fact]
    public async Task A_customer_writes_an_operator_accepts_the_offer_and_answers_then_closes_and_the_customer_rates()
    {
        await using var world = await RealtimeWorld.StartAsync();
        await world.DepartmentAsync("support", new { name = "Support", offerMode = true, acceptTimeout = "00:01:00", ratingScale = 5, ratingPromptAfterMessages = 2 });
        await world.OperatorAsync("ann", 2, "support");

        await using var board = await world.SupervisorSocketAsync();
        var queues = await board.DataAsync("queues");
        Assert.Equal("support", Assert.Single(queues.EnumerateArray()).GetProperty("departmentId").GetString());
        await using var ann = await world.OperatorSocketAsync("ann");
        Assert.Equal("offline", (await ann.DataAsync("state")).GetProperty("status").GetString());
        Assert.Equal("online", (await ann.OkAsync("status", new { status = "online" })).GetProperty("status").GetString());

        await using var customer = await world.CustomerSocketAsync(await world.CustomerTokenAsync("visitor-1"));
        Assert.Equal(JsonValueKind.Null, (await customer.DataAsync("ready")).GetProperty("conversationId").ValueKind);
        var sent = await customer.OkAsync("send", new { text = "Hello, my order is late", clientMessageId = "m-1" });
        var conversationId = sent.GetProperty("conversationId").GetString()!;
        Assert.True(sent.GetProperty("newConversation").GetBoolean());
        Assert.False(sent.GetProperty("replayed").GetBoolean());

        // The operator's console gets the dialog with the customer's first message, offered.
        var dialog = await ann.DataAsync("dialog", d => d.GetProperty("conversation").GetProperty("conversationId").GetString() == conversationId);
        Assert.Equal("Hello, my order is late", dialog.GetProperty("messages")[0].GetProperty("text").GetString());
        if (!dialog.GetProperty("offered").GetBoolean())
            await ann.DataAsync("dialog-changed", c => c.GetProperty("status").GetString() == "offered");
        var accepted = await ann.OkAsync("accept", new { conversationId });
        Assert.Equal("assigned", accepted.GetProperty("status").GetString());
        await customer.DataAsync("conversation", c => c.GetProperty("status").GetString() == "assigned" && c.GetProperty("operatorId").GetString() == "ann");

        // A retry of the same message (the widget lost the answer) is the stored answer, not a second message.
        var retried = await customer.OkAsync("send", new { text = "Hello, my order is late", clientMessageId = "m-1" });
        Assert.True(retried.GetProperty("replayed").GetBoolean());
        Assert.Equal(conversationId, retried.GetProperty("conversationId").GetString());

        await customer.OkAsync("typing");
        Assert.Equal("customer", (await ann.DataAsync("typing")).GetProperty("author").GetString());
        await ann.OkAsync("typing", new { conversationId });
        Assert.Equal("ann", (await customer.DataAsync("typing")).GetProperty("operatorId").GetString());

        await ann.OkAsync("send", new { conversationId, text = "Sorry! It ships today." });
        var reply = await customer.DataAsync("message", m => m.GetProperty("author").GetString() == "operator");
        Assert.Equal("Sorry! It ships today.", reply.GetProperty("text").GetString());
        Assert.Equal(2, reply.GetProperty("sequence").GetInt64()); // the retried message was not stored twice
        await ann.DataAsync("message", m => m.GetProperty("author").GetString() == "operator");

        await ann.OkAsync("close", new { conversationId });
        await ann.DataAsync("dialog-removed", d => d.GetProperty("conversationId").GetString() == conversationId);
        var prompt = await customer.DataAsync("rating-requested");
        Assert.Equal(5, prompt.GetProperty("scale").GetInt32());
        var rated = await customer.OkAsync("rate", new { score = 5, comment = "fast" });
        Assert.True(rated.GetProperty("rated").GetBoolean());
        var again = await customer.CommandAsync("rate", new { score = 4 });
        Assert.Equal("already-rated", again.GetProperty("code").GetString());

        // The wallboard saw the dialog's life and ann's load.
        var closed = await board.DataAsync("conversation-changed", c => c.GetProperty("conversationId").GetString() == conversationId && c.GetProperty("kind").GetString() == "closed");
        Assert.False(closed.GetProperty("isMessageOnly").GetBoolean()); // documented on the frame: message-only changes are not sent
        var closedRow = (await world.Api.GetJsonAsync($"/v1/workspaces/{RealtimeWorld.Ws}/conversations/{conversationId}/timeline", world.Supervisor))
            .EnumerateArray().Single(row => row.GetProperty("kind").GetString() == "closed");
        Assert.Equal(closedRow.GetProperty("sequence").GetInt64(), closed.GetProperty("timelineSequence").GetInt64());
        Assert.True(closed.GetProperty("at").GetDateTimeOffset() >= closedRow.GetProperty("at").GetDateTimeOffset()); // published once stored
        await board.DataAsync("operator-changed", o => o.GetProperty("operatorId").GetString() == "ann" && o.GetProperty("load").GetInt32() == 1);
        var ratings = await world.Api.GetJsonAsync($"/v1/workspaces/{RealtimeWorld.Ws}/operators/ann/ratings", world.Supervisor);
        Assert.Contains("5", ratings.ToString());
    }

    [Fact]
    public async Task A_transfer_moves_the_dialog_from_one_console_to_another_with_its_history()
    {
        await using var world = await RealtimeWorld.StartAsync();
        await world.DepartmentAsync("support", new { name = "Support" });
        await world.OperatorAsync("ann", 1, "support");
        await world.OperatorAsync("bob", 1, "support");
        await using var ann = await world.OperatorSocketAsync("ann");
        await ann.OkAsync("status", new { status = "online" });

        await using var customer = await world.CustomerSocketAsync(await world.CustomerTokenAsync("visitor-2"));
        var conversationId = (await customer.OkAsync("send", new { text = "I need billing" })).GetProperty("conversationId").GetString()!;
        await ann.DataAsync("dialog", d => d.GetProperty("conversation").GetProperty("conversationId").GetString() == conversationId);
        await ann.OkAsync("send", new { conversationId, text = "Moving you to Bob" });

        await using var bob = await world.OperatorSocketAsync("bob");
        await bob.OkAsync("status", new { status = "online" });
        var refused = await bob.CommandAsync("send", new { conversationId, text = "not mine yet" });
        Assert.Equal("not-assigned", refused.GetProperty("code").GetString());

        var moved = await ann.OkAsync("transfer", new { conversationId, operatorId = "bob", note = "billing question" });
        Assert.Equal("bob", moved.GetProperty("operatorId").GetString());
        await ann.DataAsync("dialog-removed", d => d.GetProperty("conversationId").GetString() == conversationId);
        var arrived = await bob.DataAsync("dialog", d => d.GetProperty("conversation").GetProperty("conversationId").GetString() == conversationId);
        Assert.Equal(new[] { "I need billing", "Moving you to Bob" }, arrived.GetProperty("messages").EnumerateArray().Select(m => m.GetProperty("text").GetString()!).ToArray());
        await customer.DataAsync("conversation", c => c.GetProperty("operatorId").GetString() == "bob");

        var late = await ann.CommandAsync("send", new { conversationId, text = "one more thing" });
        Assert.Equal("not-assigned", late.GetProperty("code").GetString());
    }

    [Fact]
    public async Task An_operator_is_warned_then_rescued_and_the_waiting_customer_sees_the_queue()
    {
        await using var world = await RealtimeWorld.StartAsync();
        await world.DepartmentAsync("support", new { name = "Support", averageHandleTime = "00:05:00", rescue = new { after = "00:01:00", warningLead = "00:00:15" } });
        await world.OperatorAsync("ann", 1, "support");
        await using var ann = await world.OperatorSocketAsync("ann");
        await ann.OkAsync("status", new { status = "online" });

        await using var first = await world.CustomerSocketAsync(await world.CustomerTokenAsync("visitor-3"));
        var rescuedId = (await first.OkAsync("send", new { text = "Anyone?" })).GetProperty("conversationId").GetString()!;
        await ann.DataAsync("dialog", d => d.GetProperty("conversation").GetProperty("conversationId").GetString() == rescuedId);

        world.Clock.Advance(TimeSpan.FromSeconds(1));
        await using var second = await world.CustomerSocketAsync(await world.CustomerTokenAsync("visitor-4"));
        var waitingId = (await second.OkAsync("send", new { text = "Me too" })).GetProperty("conversationId").GetString()!;
        var queue = await second.DataAsync("queue");
        Assert.Equal(waitingId, queue.GetProperty("conversationId").GetString());
        Assert.Equal(1, queue.GetProperty("position").GetInt32());

        world.Clock.Advance(TimeSpan.FromSeconds(45));
        var warning = await ann.DataAsync("rescue-warning");
        Assert.Equal(rescuedId, warning.GetProperty("conversationId").GetString());

        world.Clock.Advance(TimeSpan.FromSeconds(15));
        await ann.DataAsync("dialog-removed", d => d.GetProperty("conversationId").GetString() == rescuedId);
        // Her freed slot goes to the other waiting dialog; the rescued one waits ahead of newer ones, never for ann again.
        await ann.DataAsync("dialog", d => d.GetProperty("conversation").GetProperty("conversationId").GetString() == waitingId);
        await second.DataAsync("conversation", c => c.GetProperty("status").GetString() == "assigned");
        await first.DataAsync("conversation", c => c.GetProperty("status").GetString() == "queued");
        Assert.Equal(1, (await first.DataAsync("queue")).GetProperty("position").GetInt32()); // by its original wait, ahead of the newer one
    }

    [Fact]
    public async Task A_customer_is_told_why_they_wait_from_their_first_message_and_again_in_a_tab_opened_later()
    {
        await using var world = await RealtimeWorld.StartAsync();
        // Never open (no intervals), and nobody online: both reasons (R15), each an offline request.
        await world.DepartmentAsync("support", new
        {
            name = "Support", hours = new { timeZoneId = "UTC", intervals = Array.Empty<object>() },
            offlineRequestsOutsideHours = true, offlineRequestsWhenNobodyOnline = true,
        });
        var token = await world.CustomerTokenAsync("visitor-21");
        await using var first = await world.CustomerSocketAsync(token);
        var conversationId = (await first.OkAsync("send", new { text = "Hello?" })).GetProperty("conversationId").GetString()!;

        // The notices of the queueing went out before this session followed the new conversation: it is told on following.
        await using var later = await world.CustomerSocketAsync(token);
        foreach (var tab in new[] { first, later })
        {
            var closed = await tab.DataAsync("outside-business-hours");
            Assert.Equal(conversationId, closed.GetProperty("conversationId").GetString());
            Assert.Equal(JsonValueKind.Null, closed.GetProperty("nextOpening").ValueKind);
            Assert.True(closed.GetProperty("offlineRequest").GetBoolean());
            var nobody = await tab.DataAsync("no-operator-online");
            Assert.Equal(1, nobody.GetProperty("position").GetInt32());
            Assert.True(nobody.GetProperty("offlineRequest").GetBoolean());
        }
    }

    [Fact]
    public async Task Operators_carry_when_their_status_began_and_a_load_change_does_not_restart_it()
    {
        await using var world = await RealtimeWorld.StartAsync();
        await world.DepartmentAsync("support", new { name = "Support" });
        await world.OperatorAsync("ann", 1, "support");
        await using var board = await world.SupervisorSocketAsync();
        await board.DataAsync("operators");

        var wentOnline = world.Clock.GetUtcNow();
        await world.Api.OkAsync(HttpMethod.Put, $"/v1/workspaces/{RealtimeWorld.Ws}/operators/ann/status", world.Admin, new { status = "online" });
        var online = await board.DataAsync("operator-changed", c => c.GetProperty("status").GetString() == "online");
        Assert.Equal(wentOnline, online.GetProperty("statusSince").GetDateTimeOffset());

        world.Clock.Advance(TimeSpan.FromMinutes(5));
        await using var customer = await world.CustomerSocketAsync(await world.CustomerTokenAsync("visitor-31"));
        await customer.OkAsync("send", new { text = "Hi" });
        var reserved = await board.DataAsync("operator-changed", c => c.GetProperty("kind").GetString() == "reserved");
        Assert.Equal(wentOnline, reserved.GetProperty("statusSince").GetDateTimeOffset()); // still online since then
        var state = await world.Api.OkAsync(HttpMethod.Get, $"/v1/workspaces/{RealtimeWorld.Ws}/operator-states/ann", world.Admin);
        Assert.Equal(wentOnline, state.GetProperty("statusSince").GetDateTimeOffset());
        await using var later = await world.SupervisorSocketAsync();
        Assert.Equal(wentOnline, (await later.DataAsync("operators"))[0].GetProperty("statusSince").GetDateTimeOffset());
    }

    [Fact]
    public async Task A_second_tab_of_the_same_visitor_follows_the_conversation_the_first_tab_opens()
    {
        await using var world = await RealtimeWorld.StartAsync();
        await world.DepartmentAsync("support", new { name = "Support" });
        var token = await world.CustomerTokenAsync("visitor-16");
        await using var first = await world.CustomerSocketAsync(token);
        await using var second = await world.CustomerSocketAsync(token);
        await second.DataAsync("ready");

        var conversationId = (await first.OkAsync("send", new { text = "from tab one" })).GetProperty("conversationId").GetString()!;
        Assert.Equal(conversationId, (await second.DataAsync("conversation")).GetProperty("conversationId").GetString());
        Assert.Equal("from tab one", (await second.DataAsync("messages")).GetProperty("messages")[0].GetProperty("text").GetString());
        await first.OkAsync("send", new { text = "and again" });
        Assert.Equal("and again", (await second.DataAsync("message", m => m.GetProperty("sequence").GetInt64() == 2)).GetProperty("text").GetString());
    }

    [Fact]
    public async Task A_declined_offer_goes_to_the_next_operator_who_answers_with_a_quick_reply_template()
    {
        await using var world = await RealtimeWorld.StartAsync();
        await world.DepartmentAsync("support", new { name = "Support", offerMode = true, acceptTimeout = "00:01:00" });
        await world.DepartmentAsync("sales", new { name = "Sales" });
        await world.Api.OkAsync(HttpMethod.Put, $"/v1/workspaces/{RealtimeWorld.Ws}/entry-routing", world.Admin, new { defaultDepartmentId = "support" });
        await world.OperatorAsync("ann", 1, "support");
        await world.OperatorAsync("bob", 1, "support");
        await world.Api.OkAsync(HttpMethod.Put, $"/v1/workspaces/{RealtimeWorld.Ws}/templates/greeting", world.Admin, new { title = "Greeting", text = "Hello! How can I help?" });
        await world.Api.OkAsync(HttpMethod.Put, $"/v1/workspaces/{RealtimeWorld.Ws}/templates/pricing", world.Admin, new { title = "Pricing", text = "See our prices", departmentId = "sales" });
        await using var ann = await world.OperatorSocketAsync("ann");
        await ann.OkAsync("status", new { status = "online" });

        await using var customer = await world.CustomerSocketAsync(await world.CustomerTokenAsync("visitor-17"));
        var conversationId = (await customer.OkAsync("send", new { text = "hi" })).GetProperty("conversationId").GetString()!;
        var offered = await ann.DataAsync("dialog", d => d.GetProperty("conversation").GetProperty("conversationId").GetString() == conversationId);
        Assert.True(offered.GetProperty("offered").GetBoolean());
        Assert.Equal("not-assigned", (await ann.CommandAsync("send", new { conversationId, text = "before accepting" })).GetProperty("code").GetString());
        Assert.Equal("not-assigned", (await ann.CommandAsync("close", new { conversationId })).GetProperty("code").GetString()); // an offer is declined
        Assert.Equal("not-assigned", (await ann.CommandAsync("transfer", new { conversationId, departmentId = "sales" })).GetProperty("code").GetString());

        await using var bob = await world.OperatorSocketAsync("bob");
        await bob.OkAsync("status", new { status = "online" });
        await ann.OkAsync("decline", new { conversationId });
        await ann.DataAsync("dialog-removed", d => d.GetProperty("conversationId").GetString() == conversationId);
        await bob.DataAsync("dialog", d => d.GetProperty("conversation").GetProperty("conversationId").GetString() == conversationId);
        Assert.Equal("not-assigned", (await ann.CommandAsync("accept", new { conversationId })).GetProperty("code").GetString()); // no longer hers
        await bob.OkAsync("accept", new { conversationId });

        var templates = await bob.OkAsync("templates");
        var greeting = Assert.Single(templates.EnumerateArray()); // not sales' template: bob is in support
        await bob.OkAsync("send", new { conversationId, text = greeting.GetProperty("text").GetString() });
        Assert.Equal("Hello! How can I help?", (await customer.DataAsync("message", m => m.GetProperty("author").GetString() == "operator")).GetProperty("text").GetString());
    }

    [Fact]
    public async Task A_waiting_widget_sees_its_place_move_up_at_the_next_refresh_when_someone_ahead_leaves()
    {
        await using var world = await RealtimeWorld.StartAsync("--Realtime:QueueRefreshInterval=00:00:05");
        await world.DepartmentAsync("support", new { name = "Support", averageHandleTime = "00:05:00" });
        await using var first = await world.CustomerSocketAsync(await world.CustomerTokenAsync("visitor-18"));
        var ahead = (await first.OkAsync("send", new { text = "first" })).GetProperty("conversationId").GetString()!;
        world.Clock.Advance(TimeSpan.FromSeconds(1));
        await using var second = await world.CustomerSocketAsync(await world.CustomerTokenAsync("visitor-19"));
        await second.OkAsync("send", new { text = "second" });
        Assert.Equal(2, (await second.DataAsync("queue")).GetProperty("position").GetInt32());

        await first.OkAsync("close"); // the customer ahead gives up
        world.Clock.Advance(TimeSpan.FromSeconds(5)); // the queue board's refresh: one read for the department
        Assert.Equal(1, (await second.DataAsync("queue")).GetProperty("position").GetInt32());
        Assert.Equal("closed", (await world.Api.GetJsonAsync($"/v1/workspaces/{RealtimeWorld.Ws}/conversations/{ahead}", world.Supervisor))
            .GetProperty("conversation").GetProperty("status").GetString());
    }
}
