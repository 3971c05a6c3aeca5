using System.Net;
using System.Text.Json;
using Routing.Silo.Tests.Api;

namespace Routing.Silo.Tests.Realtime;

/// <summary>
/// Issue 15 end to end: callback requests from the widget, a channel and an operator; each attempt a voice dialog the
/// operator calls and records; retries on the fake clock; bad input, strangers and other workspaces refused.
/// </summary>
public sealed class CallbackRealtimeTests
{
    private const string Ws = RealtimeWorld.Ws;
    private const string Phone = "+4930123456";
    private const string Callbacks = $"/v1/workspaces/{Ws}/callbacks";

    private static async Task<RealtimeWorld> DeskAsync()
    {
        var world = await RealtimeWorld.StartAsync();
        await world.DepartmentAsync("support", new { name = "Support", callbacks = new { maxAttempts = 2, retryDelay = "00:10:00" } });
        await world.OperatorAsync("ann", 3, "support");
        await world.OperatorAsync("bob", 3, "support");
        await world.Api.OkAsync(HttpMethod.Put, $"/v1/workspaces/{Ws}/entry-routing", world.Admin, new { defaultDepartmentId = "support" });
        return world;
    }

    private static string Dialog(string conversationId) => $"/v1/workspaces/{Ws}/operator/conversations/{conversationId}";

    private static string Str(JsonElement e, string name) => e.GetProperty(name).GetString()!;

    [Fact]
    public async Task A_widget_callback_is_a_voice_dialog_the_operator_calls_retries_after_no_answer_and_the_visitor_and_supervisors_follow()
    {
        await using var world = await DeskAsync();
        await using var ann = await world.OperatorSocketAsync("ann");
        await ann.OkAsync("status", new { status = "online" });
        await using var supervisor = await world.SupervisorSocketAsync();
        await using var visitor = await world.CustomerSocketAsync(await world.CustomerTokenAsync("visitor-1"));

        var asked = await visitor.OkAsync("callback", new { phone = Phone, note = "about my order", clientRequestId = "cb-1" });
        var callbackId = Str(asked, "callbackId");
        Assert.Equal(("inProgress", "ann", "widget"), (Str(asked, "status"), Str(asked, "operatorId"), Str(asked, "origin")));
        Assert.Equal(callbackId, Str(await visitor.OkAsync("callback", new { phone = Phone, note = "about my order", clientRequestId = "cb-1" }), "callbackId"));
        Assert.Equal("queued", Str(await visitor.DataAsync("callback", f => Str(f, "kind") == "queued"), "kind"));
        Assert.Equal(callbackId, Str((await supervisor.DataAsync("callback", f => Str(f, "kind") == "queued")).GetProperty("callback"), "callbackId"));

        // Ann's console shows a voice dialog with whom to call; the call takes her whole capacity (R5).
        var first = Str(asked, "conversationId");
        var dialog = await ann.DataAsync("dialog", d => Str(d.GetProperty("conversation"), "conversationId") == first);
        Assert.Equal(("voice", Phone), (Str(dialog.GetProperty("conversation"), "channel"), Str(dialog.GetProperty("callback"), "phone")));
        var annToken = await Tokens.OperatorAsync(world.Api, Ws, world.Admin, "ann");
        var state = await world.Api.GetJsonAsync($"/v1/workspaces/{Ws}/operator", annToken);
        Assert.Equal(3, state.GetProperty("load").GetInt32());
        Assert.Equal(Phone, Str(await world.Api.GetJsonAsync(Dialog(first) + "/callback", annToken), "phone"));

        var noAnswer = await ann.OkAsync("callback-outcome", new { conversationId = first, outcome = "noAnswer" });
        Assert.Equal(("scheduled", 1), (Str(noAnswer, "status"), noAnswer.GetProperty("attempts").GetArrayLength()));
        await ann.DataAsync("dialog-removed", d => Str(d, "conversationId") == first);
        var told = await visitor.DataAsync("callback", f => Str(f, "kind") == "outcome");
        Assert.Equal("noAnswer", Str(told.GetProperty("callback").GetProperty("attempts")[0], "outcome"));

        // The department's retry delay later, the second attempt rings ann again; she reaches the customer over REST.
        world.Clock.Advance(TimeSpan.FromMinutes(10));
        var second = $"{callbackId}-2";
        var again = await ann.DataAsync("dialog", d => Str(d.GetProperty("conversation"), "conversationId") == second);
        Assert.Equal(2, again.GetProperty("callback").GetProperty("attempts").GetArrayLength());
        var reached = await world.Api.OkAsync(HttpMethod.Post, Dialog(second) + "/callback-outcome", annToken, new { outcome = "reached", note = "order fixed" });
        Assert.Equal(("completed", "reached"), (Str(reached, "status"), Str(reached, "endReason")));
        Assert.Equal("completed", Str((await visitor.DataAsync("callback", f => Str(f.GetProperty("callback"), "status") == "completed")).GetProperty("callback"), "status"));
        Assert.Equal(0, (await world.Api.GetJsonAsync($"/v1/workspaces/{Ws}/operator", annToken)).GetProperty("load").GetInt32());
        var call = (await world.Api.GetJsonAsync($"/v1/workspaces/{Ws}/conversations/{second}", world.Supervisor)).GetProperty("conversation");
        Assert.Equal(("closed", "voice", Phone), (Str(call, "status"), Str(call, "channel"), Str(call, "externalId"))); // one of the customer's dialogs

        // A visitor reads only their own callbacks.
        Assert.Equal("completed", Str(await visitor.OkAsync("callback-status", new { callbackId }), "status"));
        await using var stranger = await world.CustomerSocketAsync(await world.CustomerTokenAsync("visitor-2"));
        Assert.Equal("not-found", Str(await stranger.CommandAsync("callback-status", new { callbackId }), "code"));
        Assert.Equal("invalid-phone-number", Str(await stranger.CommandAsync("callback", new { phone = "0301234" }), "code"));
    }

    [Fact]
    public async Task A_channel_creates_once_per_key_reads_and_cancels_and_bad_input_and_other_workspaces_change_nothing()
    {
        await using var world = await DeskAsync();
        var now = world.Clock.GetUtcNow();
        var window = new { phone = Phone, windowStart = now.AddHours(2), windowEnd = now.AddHours(4), channel = "email", externalCustomerId = "kim@example.com" };

        using (var created = await world.Api.SendAsync(HttpMethod.Post, Callbacks, world.Channel, window, "cb-key-1"))
            Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        using var replay = await world.Api.SendAsync(HttpMethod.Post, Callbacks, world.Channel, window, "cb-key-1");
        Assert.Equal("true", replay.Headers.GetValues("Idempotent-Replayed").Single());
        var callback = JsonDocument.Parse(await replay.Content.ReadAsStringAsync()).RootElement;
        var callbackId = Str(callback, "callbackId");
        Assert.Equal(("scheduled", "support"), (Str(callback, "status"), Str(callback, "departmentId")));
        Assert.Equal(now.AddHours(2), callback.GetProperty("nextAttemptAt").GetDateTimeOffset());
        await ApiWorld.AssertProblemAsync(await world.Api.SendAsync(HttpMethod.Post, Callbacks, world.Channel, window with { phone = "+4930999999" }, "cb-key-1"),
            HttpStatusCode.UnprocessableEntity, "idempotency-key-reused");

        // Bad input: each refused with its code, nothing created or changed.
        await ApiWorld.AssertProblemAsync(await world.Api.SendAsync(HttpMethod.Post, Callbacks, world.Channel, new { phone = "030 123456" }),
            HttpStatusCode.BadRequest, "invalid-phone-number");
        await ApiWorld.AssertProblemAsync(await world.Api.SendAsync(HttpMethod.Post, Callbacks, world.Channel, new { phone = Phone, windowEnd = now.AddMinutes(-1) }),
            HttpStatusCode.BadRequest, "invalid-callback-window");
        await ApiWorld.AssertProblemAsync(await world.Api.SendAsync(HttpMethod.Post, Callbacks, world.Channel,
            new { phone = Phone, windowStart = now.AddHours(3), windowEnd = now.AddHours(1) }), HttpStatusCode.BadRequest, "invalid-callback-window");
        await ApiWorld.AssertProblemAsync(await world.Api.SendAsync(HttpMethod.Post, Callbacks, world.Channel, new { phone = Phone, departmentId = "sales" }),
            HttpStatusCode.BadRequest, "unknown-department");
        await ApiWorld.AssertProblemAsync(await world.Api.SendAsync(HttpMethod.Post, Callbacks, world.Channel, new { phone = Phone, note = new string('n', 1001) }),
            HttpStatusCode.BadRequest, "invalid-request");
        await ApiWorld.AssertProblemAsync(await world.Api.SendAsync(HttpMethod.Post, Callbacks, world.Channel, new { phone = Phone, channel = "chat" }),
            HttpStatusCode.BadRequest, "invalid-request");
        await ApiWorld.AssertProblemAsync(await world.Api.SendAsync(HttpMethod.Post, Callbacks, world.Channel, "{\"phone\":4930123456}"),
            HttpStatusCode.BadRequest, "malformed-request");
        await ApiWorld.AssertProblemAsync(await world.Api.SendAsync(HttpMethod.Get, $"{Callbacks}/cb-nope", world.Channel), HttpStatusCode.NotFound, "not-found");

        // Another workspace: its keys are refused here, and this callback is nobody there.
        var otherAdmin = await world.Api.CreateWorkspaceAsync("other");
        var otherChannel = await world.Api.CreateKeyAsync("other", otherAdmin, "channel");
        await ApiWorld.AssertProblemAsync(await world.Api.SendAsync(HttpMethod.Get, $"{Callbacks}/{callbackId}", otherChannel), HttpStatusCode.Forbidden, "forbidden");
        await ApiWorld.AssertProblemAsync(await world.Api.SendAsync(HttpMethod.Delete, $"{Callbacks}/{callbackId}", otherChannel), HttpStatusCode.Forbidden, "forbidden");
        await ApiWorld.AssertProblemAsync(await world.Api.SendAsync(HttpMethod.Get, $"/v1/workspaces/other/callbacks/{callbackId}", otherChannel),
            HttpStatusCode.NotFound, "not-found");
        await ApiWorld.AssertProblemAsync(await world.Api.SendAsync(HttpMethod.Delete, $"/v1/workspaces/other/callbacks/{callbackId}", otherChannel),
            HttpStatusCode.NotFound, "not-found");
        Assert.Equal(callback.ToString(), (await world.Api.GetJsonAsync($"{Callbacks}/{callbackId}", world.Channel)).ToString());

        var cancelled = await world.Api.OkAsync(HttpMethod.Delete, $"{Callbacks}/{callbackId}", world.Channel);
        Assert.Equal(("cancelled", "cancelled"), (Str(cancelled, "status"), Str(cancelled, "endReason")));
        world.Clock.Advance(TimeSpan.FromHours(2));
        Assert.Empty((await world.Api.GetJsonAsync($"{Callbacks}/{callbackId}", world.Channel)).GetProperty("attempts").EnumerateArray());
    }

    [Fact]
    public async Task An_operator_turns_a_chat_into_a_phone_callback_that_waits_until_they_are_free_of_the_chat()
    {
        await using var world = await DeskAsync();
        await using var ann = await world.OperatorSocketAsync("ann");
        await ann.OkAsync("status", new { status = "online" });
        await using var visitor = await world.CustomerSocketAsync(await world.CustomerTokenAsync("visitor-3"));
        var chat = Str(await visitor.OkAsync("send", new { text = "Please call me" }), "conversationId");
        await ann.DataAsync("dialog", d => Str(d.GetProperty("conversation"), "conversationId") == chat);
        var annToken = await Tokens.OperatorAsync(world.Api, Ws, world.Admin, "ann");
        var bobToken = await Tokens.OperatorAsync(world.Api, Ws, world.Admin, "bob");

        await ApiWorld.AssertProblemAsync(await world.Api.SendAsync(HttpMethod.Post, Dialog(chat) + "/callback", bobToken, new { phone = Phone }),
            HttpStatusCode.Conflict, "not-assigned");
        await ApiWorld.AssertProblemAsync(await world.Api.SendAsync(HttpMethod.Post, Dialog(chat) + "/callback", annToken, new { phone = "+12" }),
            HttpStatusCode.BadRequest, "invalid-phone-number");
        await ApiWorld.AssertProblemAsync(await world.Api.SendAsync(HttpMethod.Post, Dialog(chat) + "/callback-outcome", annToken, new { outcome = "reached" }),
            HttpStatusCode.Conflict, "not-a-callback");
        await ApiWorld.AssertProblemAsync(await world.Api.SendAsync(HttpMethod.Post, Dialog(chat) + "/callback-outcome", annToken, new { outcome = "sideways" }),
            HttpStatusCode.BadRequest, "malformed-request");

        var callback = await world.Api.OkAsync(HttpMethod.Post, Dialog(chat) + "/callback", annToken, new { phone = Phone, note = "prefers phone" }, "move-1");
        Assert.Equal(callback.ToString(), (await world.Api.OkAsync(HttpMethod.Post, Dialog(chat) + "/callback", annToken, new { phone = Phone, note = "prefers phone" }, "move-1")).ToString());
        Assert.Equal((chat, "ann", "operator", "queued"), (Str(callback, "originConversationId"), Str(callback, "requestedBy"), Str(callback, "origin"), Str(callback, "status")));
        Assert.Equal("queued", Str(await ann.DataAsync("callback", f => Str(f, "kind") == "queued"), "kind")); // told in the chat's console
        Assert.Equal("queued", Str(await visitor.DataAsync("callback", f => Str(f, "kind") == "queued"), "kind")); // and in the visitor's widget

        // The call needs all of ann (R5): it rings her once the chat is closed.
        await ann.OkAsync("close", new { conversationId = chat });
        var attempt = Str(callback, "conversationId");
        var dialog = await ann.DataAsync("dialog", d => Str(d.GetProperty("conversation"), "conversationId") == attempt);
        Assert.Equal(chat, Str(dialog.GetProperty("callback"), "originConversationId"));
        await using var bob = await world.OperatorSocketAsync("bob");
        Assert.Equal("not-assigned", Str(await bob.CommandAsync("callback-outcome", new { conversationId = attempt, outcome = "reached" }), "code"));
        var wrong = await ann.OkAsync("callback-outcome", new { conversationId = attempt, outcome = "wrongNumber" });
        Assert.Equal(("failed", "wrong-number"), (Str(wrong, "status"), Str(wrong, "endReason")));
        Assert.Equal("not-assigned", Str(await ann.CommandAsync("callback-outcome", new { conversationId = attempt, outcome = "reached" }), "code")); // recorded already
    }

    [Fact]
    public async Task A_scheduled_callback_survives_a_restart_and_rings_at_its_time()
    {
        await using var world = await DeskAsync();
        var callback = await world.Api.OkAsync(HttpMethod.Post, Callbacks, world.Channel, new { phone = Phone, windowStart = world.Clock.GetUtcNow().AddHours(1) }, "restart-1");
        var callbackId = Str(callback, "callbackId");
        await world.Api.RestartAsync();

        Assert.Equal("scheduled", Str(await world.Api.GetJsonAsync($"{Callbacks}/{callbackId}", world.Channel), "status"));
        await using var ann = await world.OperatorSocketAsync("ann");
        await ann.OkAsync("status", new { status = "online" });
        world.Clock.Advance(TimeSpan.FromHours(1));
        var dialog = await ann.DataAsync("dialog", d => Str(d.GetProperty("conversation"), "conversationId") == $"{callbackId}-1");
        Assert.Equal(Phone, Str(dialog.GetProperty("callback"), "phone"));
    }
}
