using System.Net;

namespace Routing.Silo.Tests.Realtime;

/// <summary>Shift end on the operator's console, and the supervisor's wallboard: monitor, assign by hand, status, queues.</summary>
public sealed class ShiftAndSupervisorTests
{
    [Fact]
    public async Task At_shift_end_the_console_shows_the_wrap_up_and_after_the_grace_period_the_dialog_goes_back_to_the_queue()
    {
        await using var world = await RealtimeWorld.StartAsync();
        await world.DepartmentAsync("support", new { name = "Support" });
        await world.OperatorAsync("ann", 2, "support");
        var shiftStart = world.Clock.GetUtcNow().AddMinutes(-30);
        await world.Api.OkAsync(HttpMethod.Put, $"/v1/workspaces/{RealtimeWorld.Ws}/operators/ann/schedule", world.Admin, new
        {
            timeZoneId = "UTC", gracePeriod = "00:05:00",
            shifts = new[] { new { day = shiftStart.DayOfWeek.ToString().ToLowerInvariant(), start = shiftStart.ToString("HH:mm:00"), duration = "01:00:00" } },
        });
        await using var ann = await world.OperatorSocketAsync("ann");
        Assert.Equal("online", (await ann.DataAsync("state")).GetProperty("status").GetString()); // on shift by the schedule

        await using var customer = await world.CustomerSocketAsync(await world.CustomerTokenAsync("visitor-5"));
        var conversationId = (await customer.OkAsync("send", new { text = "Late question" })).GetProperty("conversationId").GetString()!;
        await ann.DataAsync("dialog", d => d.GetProperty("conversation").GetProperty("conversationId").GetString() == conversationId);

        world.Clock.Advance(TimeSpan.FromMinutes(31));
        await ann.DataAsync("operator", o => o.GetProperty("status").GetString() == "wrappingUp");
        world.Clock.Advance(TimeSpan.FromMinutes(5));
        await ann.DataAsync("dialog-removed", d => d.GetProperty("conversationId").GetString() == conversationId);
        await ann.DataAsync("operator", o => o.GetProperty("status").GetString() == "offline");
        await customer.DataAsync("conversation", c => c.GetProperty("status").GetString() == "queued");
    }

    [Fact]
    public async Task A_supervisor_monitors_a_dialog_read_only_assigns_by_hand_and_sees_queues_change()
    {
        await using var world = await RealtimeWorld.StartAsync();
        await world.DepartmentAsync("support", new { name = "Support" });
        await world.OperatorAsync("ann", 1, "support");
        await using var board = await world.SupervisorSocketAsync();
        Assert.Equal("ann", Assert.Single((await board.DataAsync("operators")).EnumerateArray()).GetProperty("operatorId").GetString());

        await using var customer = await world.CustomerSocketAsync(await world.CustomerTokenAsync("visitor-6"));
        var conversationId = (await customer.OkAsync("send", new { text = "Is anyone there?" })).GetProperty("conversationId").GetString()!;
        Assert.Equal(1, (await customer.DataAsync("queue")).GetProperty("position").GetInt32());
        world.Clock.Advance(TimeSpan.FromSeconds(1)); // the wallboard's coalesced queue update
        var queue = await board.DataAsync("queue-changed", q => q.GetProperty("depth").GetInt32() == 1);
        Assert.Equal("support", queue.GetProperty("departmentId").GetString());

        var monitored = await board.OkAsync("monitor", new { conversationId });
        Assert.Equal("Is anyone there?", monitored.GetProperty("messages")[0].GetProperty("text").GetString());
        await customer.OkAsync("typing");
        Assert.Equal("customer", (await board.DataAsync("typing")).GetProperty("author").GetString());
        await customer.OkAsync("send", new { text = "Hello?" });
        Assert.Equal("Hello?", (await board.DataAsync("message")).GetProperty("text").GetString());

        // Ann is offline: a forced assignment by hand puts the dialog on her console anyway.
        await using var ann = await world.OperatorSocketAsync("ann");
        var assigned = await board.OkAsync("assign", new { conversationId, operatorId = "ann", force = true, note = "VIP" });
        Assert.Equal("ann", assigned.GetProperty("operatorId").GetString());
        await ann.DataAsync("dialog", d => d.GetProperty("conversation").GetProperty("conversationId").GetString() == conversationId);
        await customer.DataAsync("conversation", c => c.GetProperty("operatorId").GetString() == "ann");

        var away = await board.OkAsync("status", new { operatorId = "ann", status = "away" });
        Assert.Equal("away", away.GetProperty("status").GetString());
        await ann.DataAsync("operator", o => o.GetProperty("status").GetString() == "away");
        var nobody = await board.CommandAsync("status", new { operatorId = "nobody", status = "online" });
        Assert.Equal("not-found", nobody.GetProperty("code").GetString());

        // The operator's REST reply endpoint reaches the widget like a console's reply.
        var token = await Api.Tokens.OperatorAsync(world.Api, RealtimeWorld.Ws, world.Admin, "ann");
        for (var attempt = 0; attempt < 2; attempt++) // the phone lost the first answer and retries with the same key
        {
            using var replied = await world.Api.SendAsync(HttpMethod.Post, $"/v1/workspaces/{RealtimeWorld.Ws}/operator/conversations/{conversationId}/messages", token,
                new { text = "Here from my phone" }, idempotencyKey: "phone-reply-1");
            Assert.Equal(HttpStatusCode.Accepted, replied.StatusCode);
        }
        Assert.Equal("Here from my phone", (await customer.DataAsync("message", m => m.GetProperty("author").GetString() == "operator")).GetProperty("text").GetString());
        Assert.Equal("Here from my phone", (await board.DataAsync("message", m => m.GetProperty("author").GetString() == "operator")).GetProperty("text").GetString());
        await ann.OkAsync("send", new { conversationId, text = "From the console", clientMessageId = "console-1" });
        await ann.OkAsync("send", new { conversationId, text = "From the console", clientMessageId = "console-1" });
        var history = await ann.OkAsync("history", new { conversationId });
        Assert.Equal(1, history.GetProperty("messages").EnumerateArray().Count(m => m.GetProperty("text").GetString() == "Here from my phone"));
        Assert.Equal(1, history.GetProperty("messages").EnumerateArray().Count(m => m.GetProperty("text").GetString() == "From the console"));
        Assert.Equal("invalid-request", (await ann.CommandAsync("send", new { conversationId, text = "x", clientMessageId = "tab\there" })).GetProperty("code").GetString());

        // Monitoring is read-only; a supervisor who joins writes to both sides.
        Assert.Equal("not-joined", (await board.CommandAsync("send", new { conversationId, text = "hi" })).GetProperty("code").GetString());
        await board.OkAsync("join", new { conversationId });
        await board.OkAsync("typing", new { conversationId });
        Assert.Equal("supervisor", (await customer.DataAsync("typing")).GetProperty("author").GetString());
        await board.OkAsync("send", new { conversationId, text = "A supervisor here: we are on it.", clientMessageId = "console-1" }); // ids are per writer
        Assert.Equal("A supervisor here: we are on it.", (await customer.DataAsync("message", m => m.GetProperty("author").GetString() == "supervisor")).GetProperty("text").GetString());
        Assert.Equal("A supervisor here: we are on it.", (await ann.DataAsync("message", m => m.GetProperty("author").GetString() == "supervisor")).GetProperty("text").GetString());
        await board.OkAsync("close", new { conversationId });
        Assert.Equal("conflict", (await board.CommandAsync("send", new { conversationId, text = "too late" })).GetProperty("code").GetString());
    }
}
