using System.Net;
using System.Text.Json;
using Routing.Silo.Tests.Api;

namespace Routing.Silo.Tests.Realtime;

/// <summary>
/// Issue 15, the widget API over real WebSockets: the operator sends the visitor to a page, the visitor's draft reaches
/// the operator only where the workspace opted in, and the rating prompt comes at the department's N-th message.
/// </summary>
public sealed class WidgetApiTests
{
    private const string W = "/v1/workspaces/" + RealtimeWorld.Ws;

    /// <summary>ann online in "support" (ratings on a scale of 5 unless <paramref name="department"/> says otherwise) with a dialog of visitor-1's.</summary>
    private static async Task<(WsClient Ann, WsClient Customer, string ConversationId)> DialogAsync(RealtimeWorld world, object? department = null, string visitor = "visitor-1")
    {
        await world.DepartmentAsync("support", department ?? new { name = "Support", ratingScale = 5 });
        await world.OperatorAsync("ann", 2, "support");
        var ann = await world.OperatorSocketAsync("ann");
        await ann.OkAsync("status", new { status = "online" });
        var customer = await world.CustomerSocketAsync(await world.CustomerTokenAsync(visitor));
        var conversationId = (await customer.OkAsync("send", new { text = "Where do I pay?" })).GetProperty("conversationId").GetString()!;
        await ann.DataAsync("dialog", d => d.GetProperty("conversation").GetProperty("conversationId").GetString() == conversationId);
        await customer.DataAsync("conversation", c => c.GetProperty("status").GetString() == "assigned");
        return (ann, customer, conversationId);
    }

    [Fact]
    public async Task The_operator_sends_the_visitor_to_a_page_every_tab_gets_it_and_the_timeline_keeps_it()
    {
        await using var world = await RealtimeWorld.StartAsync();
        var (ann, customer, conversationId) = await DialogAsync(world);
        await using var _ = ann;
        await using var __ = customer;
        await using var otherTab = await world.CustomerSocketAsync(await world.CustomerTokenAsync("visitor-1"));
        await otherTab.DataAsync("ready");

        var sent = await ann.OkAsync("navigate", new { conversationId, url = "https://shop.example/pay?order=42" });
        Assert.Equal("https://shop.example/pay?order=42", sent.GetProperty("url").GetString());
        foreach (var tab in new[] { customer, otherTab })
        {
            var navigate = await tab.DataAsync("navigate");
            Assert.Equal((conversationId, "https://shop.example/pay?order=42", "operator", "ann"),
                (navigate.GetProperty("conversationId").GetString(), navigate.GetProperty("url").GetString(),
                 navigate.GetProperty("author").GetString(), navigate.GetProperty("operatorId").GetString()));
        }
        Assert.Equal("navigated", (await ann.DataAsync("dialog-changed", c => c.GetProperty("kind").GetString() == "navigated")).GetProperty("kind").GetString());

        var timeline = await world.Api.GetJsonAsync($"{W}/conversations/{conversationId}/timeline", world.Supervisor);
        var row = Assert.Single(timeline.EnumerateArray(), e => e.GetProperty("kind").GetString() == "navigated");
        Assert.Equal(("ann", "https://shop.example/pay?order=42"), (row.GetProperty("operatorId").GetString(), row.GetProperty("detail").GetString()));

        // A supervisor may too, once joined.
        await using var board = await world.SupervisorSocketAsync();
        Assert.Equal("not-joined", (await board.CommandAsync("navigate", new { conversationId, url = "https://shop.example/help" })).GetProperty("code").GetString());
        await board.OkAsync("join", new { conversationId });
        await board.OkAsync("navigate", new { conversationId, url = "https://shop.example/help" });
        Assert.Equal("supervisor", (await customer.DataAsync("navigate")).GetProperty("author").GetString());
    }

    [Fact]
    public async Task A_bad_url_another_operators_dialog_or_another_workspaces_conversation_is_refused_and_the_visitor_gets_nothing()
    {
        await using var world = await RealtimeWorld.StartAsync();
        var (ann, customer, conversationId) = await DialogAsync(world);
        await using var _ = ann;
        await using var __ = customer;
        await world.OperatorAsync("bob", 2, "support");
        await using var bob = await world.OperatorSocketAsync("bob");
        await bob.DataAsync("state");

        foreach (var url in new[] { "javascript:alert(document.cookie)", "data:text/html,<script>alert(1)</script>", "ftp://files.example/a", "/pay",
                     "https://shop.example/" + new string('a', 2048), "https://user:pw@shop.example/" })
        {
            var refused = await ann.CommandAsync("navigate", new { conversationId, url });
            Assert.Equal(("error", "invalid-request"), (refused.GetProperty("type").GetString(), refused.GetProperty("code").GetString()));
        }
        Assert.Equal("malformed-frame", (await ann.CommandAsync("navigate", new { conversationId })).GetProperty("code").GetString());
        Assert.Equal("not-assigned", (await bob.CommandAsync("navigate", new { conversationId, url = "https://evil.example/" })).GetProperty("code").GetString());
        Assert.Equal("not-assigned", (await ann.CommandAsync("navigate", new { conversationId = "no-such-dialog", url = "https://shop.example/" })).GetProperty("code").GetString());

        // Another workspace's operator cannot reach acme's conversation by its id.
        var otherAdmin = await world.Api.CreateWorkspaceAsync("globex");
        await world.Api.OkAsync(HttpMethod.Put, "/v1/workspaces/globex/departments/support", otherAdmin, new { name = "Support" });
        await world.Api.OkAsync(HttpMethod.Put, "/v1/workspaces/globex/operators/ann", otherAdmin, new { capacity = 1, departments = new[] { new { departmentId = "support" } } });
        await using var intruder = await WsClient.ConnectAsync(world.Api.Silo.Http.BaseAddress!, "globex", "operator", await Tokens.OperatorAsync(world.Api, "globex", otherAdmin, "ann"));
        Assert.Equal("not-assigned", (await intruder.CommandAsync("navigate", new { conversationId, url = "https://evil.example/" })).GetProperty("code").GetString());

        await ann.OkAsync("navigate", new { conversationId, url = "https://shop.example/ok" });
        Assert.Equal("https://shop.example/ok", (await customer.DataAsync("navigate")).GetProperty("url").GetString()); // the first and only one
        Assert.DoesNotContain(await customer.FramesUnreadAsync(), f => f.GetProperty("type").GetString() == "navigate");
        var timeline = await world.Api.GetJsonAsync($"{W}/conversations/{conversationId}/timeline", world.Supervisor);
        Assert.Single(timeline.EnumerateArray(), e => e.GetProperty("kind").GetString() == "navigated");
    }

    [Fact]
    public async Task Drafts_are_dropped_until_the_admin_opts_in_then_reach_the_operator_and_the_monitoring_supervisor_only()
    {
        await using var world = await RealtimeWorld.StartAsync();
        Assert.False((await world.Api.GetJsonAsync($"{W}/draft-preview", world.Admin)).GetProperty("enabled").GetBoolean());
        await using var early = await world.CustomerSocketAsync(await world.CustomerTokenAsync("visitor-0"));
        Assert.False((await early.DataAsync("ready")).GetProperty("draftPreview").GetBoolean());
        Assert.Equal("no-conversation", (await early.CommandAsync("draft", new { text = "hel" })).GetProperty("code").GetString());

        var (ann, customer, conversationId) = await DialogAsync(world);
        await using var _ = ann;
        await using var __ = customer;

        // Off: answered, dropped, nobody sees it.
        Assert.False((await customer.OkAsync("draft", new { text = "my card number is" })).GetProperty("previewed").GetBoolean());
        await customer.OkAsync("typing");
        await ann.DataAsync("typing");
        Assert.DoesNotContain(await ann.FramesUnreadAsync(), f => f.GetProperty("type").GetString() == "draft");

        // A supervisor key may not turn it on, an admin may; every customer session hears it at once.
        var refused = await world.Api.SendAsync(HttpMethod.Put, $"{W}/draft-preview", world.Supervisor);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        var otherAdmin = await world.Api.CreateWorkspaceAsync("globex");
        await ApiWorld.AssertProblemAsync(await world.Api.SendAsync(HttpMethod.Put, $"{W}/draft-preview", otherAdmin), HttpStatusCode.Forbidden, "forbidden");
        Assert.False((await world.Api.GetJsonAsync($"{W}/draft-preview", world.Admin)).GetProperty("enabled").GetBoolean());
        Assert.True((await world.Api.OkAsync(HttpMethod.Put, $"{W}/draft-preview", world.Admin)).GetProperty("enabled").GetBoolean());
        Assert.True((await customer.DataAsync("draft-preview")).GetProperty("enabled").GetBoolean());
        Assert.False((await world.Api.GetJsonAsync("/v1/workspaces/globex/draft-preview", otherAdmin)).GetProperty("enabled").GetBoolean());

        await using var board = await world.SupervisorSocketAsync();
        await board.OkAsync("monitor", new { conversationId });
        await using var otherTab = await world.CustomerSocketAsync(await world.CustomerTokenAsync("visitor-1"));
        Assert.True((await otherTab.DataAsync("ready")).GetProperty("draftPreview").GetBoolean());
        Assert.True((await customer.OkAsync("draft", new { text = "I paid twice" })).GetProperty("previewed").GetBoolean());
        foreach (var watcher in new[] { ann, board })
        {
            var draft = await watcher.DataAsync("draft");
            Assert.Equal((conversationId, "I paid twice"), (draft.GetProperty("conversationId").GetString(), draft.GetProperty("text").GetString()));
        }
        Assert.Equal("invalid-request", (await customer.CommandAsync("draft", new { text = new string('x', 1001) })).GetProperty("code").GetString());
        Assert.Equal("malformed-frame", (await customer.CommandAsync("draft", new { })).GetProperty("code").GetString());
        await customer.OkAsync("draft", new { text = "" }); // cleared
        Assert.Equal("", (await ann.DataAsync("draft")).GetProperty("text").GetString());
        await customer.OkAsync("typing");
        await otherTab.DataAsync("conversation");
        Assert.DoesNotContain(await otherTab.FramesUnreadAsync(), f => f.GetProperty("type").GetString() == "draft"); // not echoed to the visitor

        // Off again: dropped again, and the widget is told.
        await world.Api.OkAsync(HttpMethod.Delete, $"{W}/draft-preview", world.Admin);
        Assert.False((await customer.DataAsync("draft-preview")).GetProperty("enabled").GetBoolean());
        Assert.False((await customer.OkAsync("draft", new { text = "secret" })).GetProperty("previewed").GetBoolean());
        await customer.OkAsync("typing");
        await ann.DataAsync("typing", t => t.GetProperty("author").GetString() == "customer");
        Assert.DoesNotContain(await ann.FramesUnreadAsync(), f => f.GetProperty("type").GetString() == "draft");
    }

    [Fact]
    public async Task The_fifth_message_asks_the_widget_for_a_rating_once_it_is_answered_with_rate_and_a_restart_does_not_ask_again()
    {
        await using var world = await RealtimeWorld.StartAsync();
        var (ann, customer, conversationId) = await DialogAsync(world);
        await using (ann)
        await using (customer)
        {
            var department = await world.Api.GetJsonAsync($"{W}/departments/support", world.Admin);
            Assert.Equal(5, department.GetProperty("config").GetProperty("ratingPromptAtMessage").GetInt32());
            await customer.OkAsync("send", new { text = "order 42" });
            await customer.OkAsync("send", new { text = "paid twice" });
            await ann.OkAsync("send", new { conversationId, text = "Let me check" });
            Assert.DoesNotContain(await customer.FramesUnreadAsync(), f => f.GetProperty("type").GetString() == "rating-requested");
            await customer.OkAsync("send", new { text = "thanks" }); // the 5th message, after ann wrote

            var prompt = await customer.DataAsync("rating-requested");
            Assert.Equal((conversationId, 5, "ann"), (prompt.GetProperty("conversationId").GetString(), prompt.GetProperty("scale").GetInt32(), prompt.GetProperty("operatorId").GetString()));
            await ann.DataAsync("dialog-changed", c => c.GetProperty("kind").GetString() == "rating-requested");
        }

        await world.Api.RestartAsync();
        await using var annAgain = await world.OperatorSocketAsync("ann");
        await annAgain.DataAsync("dialog");
        await using var widget = await world.CustomerSocketAsync(await world.CustomerTokenAsync("visitor-1"));
        await widget.DataAsync("rating-requested"); // unanswered: the fresh session shows it again
        await widget.OkAsync("send", new { text = "one more thing" });
        await annAgain.OkAsync("send", new { conversationId, text = "sure" });
        await annAgain.OkAsync("close", new { conversationId });
        await widget.DataAsync("conversation", c => c.GetProperty("status").GetString() == "closed");
        Assert.DoesNotContain(await widget.FramesUnreadAsync(), f => f.GetProperty("type").GetString() == "rating-requested");

        var rated = await widget.OkAsync("rate", new { score = 4, comment = "ok" });
        Assert.True(rated.GetProperty("rated").GetBoolean());
        var timeline = await world.Api.GetJsonAsync($"{W}/conversations/{conversationId}/timeline", world.Supervisor);
        Assert.Single(timeline.EnumerateArray(), e => e.GetProperty("kind").GetString() == "rating-requested");
        Assert.Equal("4/5", timeline.EnumerateArray().Single(e => e.GetProperty("kind").GetString() == "rated").GetProperty("detail").GetString());
    }

    [Fact]
    public async Task A_department_at_zero_never_asks_while_open_and_a_bad_position_is_refused()
    {
        await using var world = await RealtimeWorld.StartAsync();
        var bad = await world.Api.SendAsync(HttpMethod.Put, $"{W}/departments/support", world.Admin, new { name = "Support", ratingScale = 5, ratingPromptAtMessage = -1 });
        await ApiWorld.AssertProblemAsync(bad, HttpStatusCode.BadRequest, "invalid-request");
        var (ann, customer, conversationId) = await DialogAsync(world, new { name = "Support", ratingScale = 5, ratingPromptAtMessage = 0 });
        await using var _ = ann;
        await using var __ = customer;
        await ann.OkAsync("send", new { conversationId, text = "hi" });
        foreach (var text in new[] { "a", "b", "c", "d", "e" }) await customer.OkAsync("send", new { text });
        Assert.Equal("rating-not-requested", (await customer.CommandAsync("rate", new { score = 5 })).GetProperty("code").GetString());
        Assert.DoesNotContain(await customer.FramesUnreadAsync(), f => f.GetProperty("type").GetString() == "rating-requested");
    }
}
