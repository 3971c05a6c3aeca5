using System.Text.Json;
using Routing.Silo.Tests.Api;

namespace Routing.Silo.Tests.Realtime;

/// <summary>Issue 15 over the WebSocket: an operator moves a dialog to another channel; the customer, the operator and supervisors hear of it.</summary>
public sealed class ChannelMoveRealtimeTests
{
    private const string Ws = RealtimeWorld.Ws;

    [Fact]
    public async Task A_chat_moved_to_email_is_announced_to_the_widget_the_operator_and_the_wallboard()
    {
        await using var world = await DeskAsync();
        await using var ann = await world.OperatorSocketAsync("ann");
        await ann.OkAsync("status", new { status = "online" });
        await using var visitor = await world.CustomerSocketAsync(await world.CustomerTokenAsync("visitor-1"));
        var id = (await visitor.OkAsync("send", new { text = "send me the invoice please" })).GetProperty("conversationId").GetString()!;
        await ann.DataAsync("dialog", d => d.GetProperty("conversation").GetProperty("conversationId").GetString() == id);
        await using var board = await world.SupervisorSocketAsync();

        var moved = await ann.OkAsync("move-channel", new { conversationId = id, channel = "email", externalCustomerId = "kim@example.com" });
        Assert.Equal(("email", "kim@example.com"), (moved.GetProperty("channel").GetString(), moved.GetProperty("externalId").GetString()));

        var toCustomer = await visitor.DataAsync("channel-moved");
        Assert.Equal((id, "chat", "email"), (toCustomer.GetProperty("conversationId").GetString(), toCustomer.GetProperty("fromChannel").GetString(),
            toCustomer.GetProperty("toChannel").GetString()));
        Assert.Equal("system", (await visitor.DataAsync("message", m => m.GetProperty("author").GetString() == "system")).GetProperty("author").GetString());
        Assert.Equal("email", (await ann.DataAsync("channel-moved")).GetProperty("toChannel").GetString());
        Assert.Equal(id, (await ann.DataAsync("dialog-changed", c => c.GetProperty("kind").GetString() == "channel-moved")).GetProperty("conversationId").GetString());
        Assert.Equal(1, (await ann.DataAsync("operator", o => o.GetProperty("kind").GetString() == "channel-changed")).GetProperty("load").GetInt32());
        Assert.Equal(id, (await board.DataAsync("conversation-changed", c => c.GetProperty("kind").GetString() == "channel-moved")).GetProperty("conversationId").GetString());

        // The customer answers by e-mail: the same conversation, and ann sees it.
        var byMail = await world.Api.OkAsync(HttpMethod.Post, $"/v1/workspaces/{Ws}/messages", world.Channel,
            new { channel = "email", externalCustomerId = "kim@example.com", text = "got it" });
        Assert.Equal((id, false), (byMail.GetProperty("conversationId").GetString(), byMail.GetProperty("newConversation").GetBoolean()));
        Assert.Equal("got it", (await ann.DataAsync("message", m => m.GetProperty("author").GetString() == "customer" && m.GetProperty("text").GetString() == "got it"))
            .GetProperty("text").GetString());
    }

    [Fact]
    public async Task A_messenger_dialog_moved_to_the_private_site_chat_reaches_the_widget_of_that_visitor_and_their_messages_land_in_it()
    {
        await using var world = await DeskAsync();
        await using var ann = await world.OperatorSocketAsync("ann");
        await ann.OkAsync("status", new { status = "online" });
        var id = (await world.Api.OkAsync(HttpMethod.Post, $"/v1/workspaces/{Ws}/messages", world.Channel,
            new { channel = "messenger", externalCustomerId = "tg-7", text = "I want to pay by card" })).GetProperty("conversationId").GetString()!;
        await ann.DataAsync("dialog", d => d.GetProperty("conversation").GetProperty("conversationId").GetString() == id);
        // The private chat the operator sends them to: a widget of a visitor the engine has not seen yet.
        await using var widget = await world.CustomerSocketAsync(await world.CustomerTokenAsync("secure-visitor-7"));
        Assert.Equal(JsonValueKind.Null, (await widget.DataAsync("ready")).GetProperty("conversationId").ValueKind);

        var refused = await ann.CommandAsync("move-channel", new { conversationId = id, channel = "voice", externalCustomerId = "+4930123456" });
        Assert.Equal(("error", "voice-needs-callback"), (refused.GetProperty("type").GetString(), refused.GetProperty("code").GetString()));
        var unknown = await ann.CommandAsync("move-channel", new { conversationId = id, channel = "fax" });
        Assert.Equal("malformed-frame", unknown.GetProperty("code").GetString());
        await ann.OkAsync("move-channel", new { conversationId = id, channel = "chat", externalCustomerId = "secure-visitor-7" });

        var followed = await widget.DataAsync("messages", m => m.GetProperty("conversationId").GetString() == id);
        Assert.Equal(["customer", "system"], followed.GetProperty("messages").EnumerateArray().Select(m => m.GetProperty("author").GetString()));
        var sent = await widget.OkAsync("send", new { text = "card ends in 4242" });
        Assert.Equal((id, false), (sent.GetProperty("conversationId").GetString(), sent.GetProperty("newConversation").GetBoolean()));
        await ann.DataAsync("message", m => m.GetProperty("text").GetString() == "card ends in 4242");
        var timeline = await world.Api.GetJsonAsync($"/v1/workspaces/{Ws}/conversations/{id}/timeline", world.Supervisor);
        Assert.Single(timeline.EnumerateArray(), e => e.GetProperty("kind").GetString() == "channel-moved"); // the refused ones recorded nothing
    }

    private static async Task<RealtimeWorld> DeskAsync()
    {
        var world = await RealtimeWorld.StartAsync();
        await world.DepartmentAsync("support", new { name = "Support" });
        await world.OperatorAsync("ann", 2, "support");
        return world;
    }
}
