using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using Routing.Testing;

namespace Routing.Silo.Tests.Api;

/// <summary>
/// Issue 15 over REST against the real silo: an operator moves a chat to e-mail; replies reach the e-mail webhook, the
/// customer's e-mail lands in the same conversation, also after a restart; refusals and other workspaces change nothing.
/// </summary>
public sealed class ChannelMoveApiTests
{
    private const string W = "/v1/workspaces/acme";
    private const string Secret = "whsec-0123456789abcdef";
    private const string Mail = "kim@example.com";

    [Fact]
    public async Task After_a_move_to_email_replies_reach_the_email_webhook_and_the_customers_email_lands_in_the_same_conversation_across_a_restart()
    {
        await using var chatHook = await WebhookReceiver.StartAsync(_ => 200);
        await using var emailHook = await WebhookReceiver.StartAsync(_ => 200);
        await using var world = await ApiWorld.StartAsync("--Webhooks:AllowPrivateNetworks=true"); // the receivers are on loopback
        var (admin, channel, supervisor, ann, conversation) = await DeskAsync(world);
        await world.OkAsync(HttpMethod.Put, $"{W}/channels/chat/webhook", admin, new { url = chatHook.HookUrl.ToString(), secret = Secret });
        await world.OkAsync(HttpMethod.Put, $"{W}/channels/email/webhook", admin, new { url = emailHook.HookUrl.ToString(), secret = Secret });

        var moved = (await world.OkAsync(HttpMethod.Post, $"{W}/operator/conversations/{conversation}/move-to-channel", ann,
            new { channel = "email", externalCustomerId = Mail })).GetProperty("conversation");
        Assert.Equal(("email", Mail, "assigned", "ann"), (moved.GetProperty("channel").GetString(), moved.GetProperty("externalId").GetString(),
            moved.GetProperty("status").GetString(), moved.GetProperty("operatorId").GetString()));
        await Reply(world, ann, conversation, "the invoice comes by e-mail");

        await Eventually.True(() => emailHook.Received.Count >= 2 && chatHook.Received.Count >= 1, "the move and the reply delivered");
        Assert.Equal(["conversation.channel-moved", "operator.message"], emailHook.Received.Select(r => r.Headers["X-Routing-Event"]));
        var reply = JsonDocument.Parse(emailHook.Received[1].Body).RootElement;
        Assert.Equal(("the invoice comes by e-mail", Mail), (reply.GetProperty("text").GetString(), reply.GetProperty("externalCustomerId").GetString()));
        var left = JsonDocument.Parse(Assert.Single(chatHook.Received).Body).RootElement; // the chat hears where it went, and nothing after
        Assert.Equal(("conversation.channel-moved", "visitor-1", "Email"), (left.GetProperty("type").GetString(),
            left.GetProperty("externalCustomerId").GetString(), left.GetProperty("toChannel").GetString()));

        var byMail = await world.OkAsync(HttpMethod.Post, $"{W}/messages", channel, new { channel = "email", externalCustomerId = Mail, text = "thanks, here is my VAT id" });
        Assert.Equal((conversation, false), (byMail.GetProperty("conversationId").GetString(), byMail.GetProperty("newConversation").GetBoolean()));
        var timeline = await world.GetJsonAsync($"{W}/conversations/{conversation}/timeline", supervisor);
        var row = timeline.EnumerateArray().Single(e => e.GetProperty("kind").GetString() == "channel-moved");
        Assert.Equal(("ann", "Email"), (row.GetProperty("operatorId").GetString(), row.GetProperty("detail").GetString()));
        var history = await world.GetJsonAsync($"{W}/conversations/{conversation}/messages", supervisor);
        Assert.Contains(history.EnumerateArray(), m => m.GetProperty("author").GetString() == "system"
            && m.GetProperty("text").GetString()!.Contains("to e-mail", StringComparison.Ordinal));

        await world.RestartAsync();
        var after = (await world.GetJsonAsync($"{W}/conversations/{conversation}", supervisor)).GetProperty("conversation");
        Assert.Equal(("email", Mail), (after.GetProperty("channel").GetString(), after.GetProperty("externalId").GetString()));
        var late = await world.OkAsync(HttpMethod.Post, $"{W}/messages", channel, new { channel = "chat", externalCustomerId = "visitor-1", text = "still there?" });
        Assert.Equal((conversation, false), (late.GetProperty("conversationId").GetString(), late.GetProperty("newConversation").GetBoolean()));
        await Reply(world, ann, conversation, "yes, by e-mail");
        await Eventually.True(() => emailHook.Received.Count >= 3, "the reply after the restart reached the e-mail webhook");
        Assert.Equal(Mail, JsonDocument.Parse(emailHook.Received[2].Body).RootElement.GetProperty("externalCustomerId").GetString());
        Assert.Single(chatHook.Received);
        Assert.Equal(1, (await world.GetJsonAsync($"{W}/operator-states/ann", supervisor)).GetProperty("load").GetInt32());
    }

    [Fact]
    public async Task Refused_moves_and_other_workspaces_change_nothing()
    {
        await using var world = await ApiWorld.StartAsync();
        var (admin, channel, supervisor, ann, conversation) = await DeskAsync(world);
        await world.OkAsync(HttpMethod.Put, $"{W}/operators/bob", admin, new { capacity = 2, departments = new[] { new { departmentId = "support" } } });
        var bob = await Tokens.OperatorAsync(world, "acme", admin, "bob");
        await world.OkAsync(HttpMethod.Post, $"{W}/messages", channel, new { channel = "email", externalCustomerId = "taken@example.com", text = "another customer" });
        var otherAdmin = await world.CreateWorkspaceAsync("other");
        await world.OkAsync(HttpMethod.Put, "/v1/workspaces/other/operators/ann", otherAdmin, new { capacity = 2 });
        var otherAnn = await Tokens.OperatorAsync(world, "other", otherAdmin, "ann");
        var before = await StateAsync(world, supervisor, conversation);
        var move = $"{W}/operator/conversations/{conversation}/move-to-channel";

        var cases = new (string Path, string Key, object Body, HttpStatusCode Status, string Code)[]
        {
            (move, ann, new { channel = "voice", externalCustomerId = "+4930123456" }, HttpStatusCode.Conflict, "voice-needs-callback"),
            (move, ann, new { channel = "chat", externalCustomerId = "visitor-2" }, HttpStatusCode.Conflict, "same-channel"),
            (move, ann, new { channel = "social" }, HttpStatusCode.Conflict, "no-channel-identity"),
            (move, ann, new { channel = "email", externalCustomerId = "taken@example.com" }, HttpStatusCode.Conflict, "identity-in-use"),
            (move, ann, new { channel = "email", externalCustomerId = "kim(at)example.com" }, HttpStatusCode.BadRequest, "invalid-request"),
            (move, ann, new { channel = "pigeon" }, HttpStatusCode.BadRequest, "malformed-request"),
            (move, ann, new { externalCustomerId = Mail }, HttpStatusCode.BadRequest, "malformed-request"),
            (move, bob, new { channel = "email", externalCustomerId = Mail }, HttpStatusCode.Conflict, "not-assigned"),
            (move, otherAnn, new { channel = "email", externalCustomerId = Mail }, HttpStatusCode.Forbidden, "forbidden"),
            ($"/v1/workspaces/other/operator/conversations/{conversation}/move-to-channel", otherAnn, new { channel = "email", externalCustomerId = Mail },
                HttpStatusCode.Conflict, "not-assigned"),
            ($"{W}/conversations/{conversation}/move-to-channel", otherAdmin, new { channel = "email", externalCustomerId = Mail }, HttpStatusCode.Forbidden, "forbidden"),
            ($"/v1/workspaces/other/conversations/{conversation}/move-to-channel", otherAdmin, new { channel = "email", externalCustomerId = Mail },
                HttpStatusCode.NotFound, "not-found"),
        };
        foreach (var (path, key, body, status, code) in cases)
        {
            using var response = await world.SendAsync(HttpMethod.Post, path, key, body);
            await ApiWorld.AssertProblemAsync(response, status, code);
        }
        Assert.Equal(before, await StateAsync(world, supervisor, conversation));
        var identity = await world.GetJsonAsync($"{W}/identities/email/{Mail}", admin);
        Assert.Equal(JsonValueKind.Null, identity.GetProperty("customerId").ValueKind); // not linked by a refused move

        // Closed: a conflict for its operator and a supervisor alike.
        await world.OkAsync(HttpMethod.Post, $"{W}/operator/conversations/{conversation}/close", ann);
        using (var closed = await world.SendAsync(HttpMethod.Post, move, ann, new { channel = "email", externalCustomerId = Mail }))
            await ApiWorld.AssertProblemAsync(closed, HttpStatusCode.Conflict, "conflict");
        using (var closed = await world.SendAsync(HttpMethod.Post, $"{W}/conversations/{conversation}/move-to-channel", supervisor, new { channel = "email", externalCustomerId = Mail }))
            await ApiWorld.AssertProblemAsync(closed, HttpStatusCode.Conflict, "conflict");
    }

    [Fact]
    public async Task A_supervisor_moves_a_dialog_and_a_dearer_channel_the_operator_has_no_room_for_is_refused()
    {
        await using var world = await ApiWorld.StartAsync();
        var (admin, channel, supervisor, _, first) = await DeskAsync(world, capacity: 2, costs: new { chat = 1, messenger = 1, social = 1, email = 2 });
        var second = (await world.OkAsync(HttpMethod.Post, $"{W}/messages", channel, new { channel = "chat", externalCustomerId = "visitor-2", text = "me too" }))
            .GetProperty("conversationId").GetString()!;
        var before = await StateAsync(world, supervisor, first);

        using (var full = await world.SendAsync(HttpMethod.Post, $"{W}/conversations/{first}/move-to-channel", supervisor, new { channel = "email", externalCustomerId = Mail }))
            await ApiWorld.AssertProblemAsync(full, HttpStatusCode.Conflict, "no-capacity");
        Assert.Equal(before, await StateAsync(world, supervisor, first));

        await world.OkAsync(HttpMethod.Post, $"{W}/conversations/{second}/close", supervisor); // room for the dearer e-mail now
        var moved = (await world.OkAsync(HttpMethod.Post, $"{W}/conversations/{first}/move-to-channel", admin, new { channel = "email", externalCustomerId = Mail }))
            .GetProperty("conversation");
        Assert.Equal("email", moved.GetProperty("channel").GetString());
        Assert.Equal(2, (await world.GetJsonAsync($"{W}/operator-states/ann", supervisor)).GetProperty("load").GetInt32());
    }

    [Fact]
    public async Task Statistics_count_what_follows_a_move_in_the_new_channel()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.Zero));
        await using var world = await ApiWorld.StartAsync(builder => builder.Services.UseFakeClockForGrains(clock));
        var (_, _, supervisor, ann, conversation) = await DeskAsync(world);
        clock.Advance(TimeSpan.FromSeconds(20));
        await Reply(world, ann, conversation, "let us switch to e-mail");
        await world.OkAsync(HttpMethod.Post, $"{W}/operator/conversations/{conversation}/move-to-channel", ann, new { channel = "email", externalCustomerId = Mail });
        clock.Advance(TimeSpan.FromSeconds(20));
        await Reply(world, ann, conversation, "sent");
        await world.OkAsync(HttpMethod.Post, $"{W}/operator/conversations/{conversation}/close", ann);

        var report = await world.GetJsonAsync($"{W}/stats?from=2026-03-02&to=2026-03-03&groupBy=channel", supervisor);
        var byChannel = report.GetProperty("current").GetProperty("groups").EnumerateArray()
            .ToDictionary(g => g.GetProperty("group").GetProperty("channel").GetString() ?? "", g => g.GetProperty("figures"));
        long L(string channel, string measure) => byChannel[channel].GetProperty(measure).GetInt64();
        Assert.Equal((1L, 1L, 1L, 1L, 0L), (L("Chat", "offered"), L("Chat", "assigned"), L("Chat", "answered"), L("Chat", "operatorMessages"), L("Chat", "closed")));
        Assert.Equal((0L, 1L, 1L), (L("Email", "offered"), L("Email", "operatorMessages"), L("Email", "closed")));
    }

    /// <summary>A workspace whose operator ann (online) holds visitor-1's chat.</summary>
    private static async Task<(string Admin, string Channel, string Supervisor, string Ann, string Conversation)> DeskAsync(ApiWorld world, int capacity = 2,
        object? costs = null)
    {
        var admin = await world.CreateWorkspaceAsync("acme");
        var channel = await world.CreateKeyAsync("acme", admin, "channel");
        var supervisor = await world.CreateKeyAsync("acme", admin, "supervisor");
        await world.OkAsync(HttpMethod.Put, $"{W}/departments/support", admin, new { name = "Support" });
        await world.OkAsync(HttpMethod.Put, $"{W}/operators/ann", admin,
            new { capacity, departments = new[] { new { departmentId = "support" } }, costs = costs ?? new { chat = 1, messenger = 1, social = 1, email = 1 } });
        await world.OkAsync(HttpMethod.Put, $"{W}/operators/ann/status", admin, new { status = "online" });
        var opened = await world.OkAsync(HttpMethod.Post, $"{W}/messages", channel, new { channel = "chat", externalCustomerId = "visitor-1", text = "I need an invoice" });
        Assert.Equal("ann", opened.GetProperty("operatorId").GetString());
        return (admin, channel, supervisor, await Tokens.OperatorAsync(world, "acme", admin, "ann"), opened.GetProperty("conversationId").GetString()!);
    }

    private static async Task Reply(ApiWorld world, string token, string conversation, string text)
    {
        using var replied = await world.SendAsync(HttpMethod.Post, $"{W}/operator/conversations/{conversation}/messages", token, new { text });
        Assert.Equal(HttpStatusCode.Accepted, replied.StatusCode);
    }

    /// <summary>What a refused move must leave alone: the conversation, its timeline and messages, and ann's load.</summary>
    private static async Task<string> StateAsync(ApiWorld world, string supervisor, string conversation) =>
        string.Join("\n", (await world.GetJsonAsync($"{W}/conversations/{conversation}", supervisor)).ToString(),
            (await world.GetJsonAsync($"{W}/conversations/{conversation}/timeline", supervisor)).ToString(),
            (await world.GetJsonAsync($"{W}/conversations/{conversation}/messages", supervisor)).ToString(),
            (await world.GetJsonAsync($"{W}/operator-states/ann", supervisor)).ToString());
}
