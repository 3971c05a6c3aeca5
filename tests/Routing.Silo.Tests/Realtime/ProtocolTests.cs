using System.Net.WebSockets;
using System.Text;

namespace Routing.Silo.Tests.Realtime;

/// <summary>
/// Every kind of bad frame gets an error frame with a stable code (its ref echoed when it had one), changes nothing and
/// leaves the session working; bad connections are refused before the upgrade.
/// </summary>
public sealed class ProtocolTests
{
    [Fact]
    public async Task Bad_frames_get_error_frames_with_stable_codes_and_the_session_goes_on()
    {
        await using var world = await RealtimeWorld.StartAsync();
        await world.OperatorAsync("ann", 1);
        await using var ann = await world.OperatorSocketAsync("ann");
        Assert.Equal("routing.v1", ann.NegotiatedProtocol);
        Assert.Equal(1, ann.Welcome.GetProperty("version").GetInt32());
        await ann.DataAsync("state");

        await ann.SendRawAsync("{not json");
        Assert.Equal("malformed-frame", (await ann.NextAsync("error")).GetProperty("code").GetString());
        await ann.SendRawAsync("[1,2]");
        Assert.Equal("malformed-frame", (await ann.NextAsync("error")).GetProperty("code").GetString());
        await ann.SendRawAsync("""{"ref":"a1"}""");
        var noType = await ann.NextAsync("error");
        Assert.Equal(("malformed-frame", "a1"), (noType.GetProperty("code").GetString(), noType.GetProperty("ref").GetString()));
        await ann.SendRawAsync($$"""{"type":"ping","ref":"{{new string('x', 65)}}"}""");
        Assert.Equal("malformed-frame", (await ann.NextAsync("error")).GetProperty("code").GetString());
        await ann.SendRawAsync("""{"type":"ping","data":[]}""");
        Assert.Equal("malformed-frame", (await ann.NextAsync("error")).GetProperty("code").GetString());
        await ann.SendRawAsync(Encoding.UTF8.GetBytes("""{"type":"ping"}"""), WebSocketMessageType.Binary);
        Assert.Equal("malformed-frame", (await ann.NextAsync("error")).GetProperty("code").GetString());

        var unknown = await ann.CommandAsync("dance");
        Assert.Equal("unknown-type", unknown.GetProperty("code").GetString());
        var badEnum = await ann.CommandAsync("status", new { status = "busy" });
        Assert.Equal("malformed-frame", badEnum.GetProperty("code").GetString());
        var badShape = await ann.CommandAsync("send", new { conversationId = 42, text = "x" });
        Assert.Equal("malformed-frame", badShape.GetProperty("code").GetString());
        var notHers = await ann.CommandAsync("accept", new { conversationId = "c-Chat-nobody-1" });
        Assert.Equal("not-assigned", notHers.GetProperty("code").GetString());
        var empty = await ann.CommandAsync("send", new { conversationId = "c-Chat-nobody-1", text = " " });
        Assert.Equal("invalid-request", empty.GetProperty("code").GetString());

        // Nothing changed: she is still offline, and the session still answers.
        Assert.Equal("offline", (await world.Api.GetJsonAsync($"/v1/workspaces/{RealtimeWorld.Ws}/operator-states/ann", world.Supervisor)).GetProperty("status").GetString());
        await ann.OkAsync("ping");
    }

    [Fact]
    public async Task A_customer_without_a_conversation_or_with_bad_input_is_refused_and_nothing_is_created()
    {
        await using var world = await RealtimeWorld.StartAsync();
        await world.DepartmentAsync("support", new { name = "Support" });
        await using var customer = await world.CustomerSocketAsync(await world.CustomerTokenAsync("visitor-11"));
        await customer.DataAsync("ready");
        Assert.Equal("no-conversation", (await customer.CommandAsync("rate", new { score = 5 })).GetProperty("code").GetString());
        Assert.Equal("no-conversation", (await customer.CommandAsync("typing")).GetProperty("code").GetString());
        Assert.Equal("invalid-request", (await customer.CommandAsync("send", new { text = "" })).GetProperty("code").GetString());
        Assert.Equal("invalid-request", (await customer.CommandAsync("send", new { text = new string('x', 20_001) })).GetProperty("code").GetString());
        Assert.Equal("invalid-request", (await customer.CommandAsync("send", new { text = "hi", clientMessageId = "tab\there" })).GetProperty("code").GetString());
        Assert.Equal("unknown-type", (await customer.CommandAsync("accept", new { conversationId = "x" })).GetProperty("code").GetString());

        var queues = await world.Api.GetJsonAsync($"/v1/workspaces/{RealtimeWorld.Ws}/queues", world.Supervisor);
        Assert.Equal(0, queues[0].GetProperty("depth").GetInt32());
    }

    [Fact]
    public async Task A_frame_over_the_limit_is_refused_and_closes_the_connection_with_1009()
    {
        await using var world = await RealtimeWorld.StartAsync("--Realtime:MaxFrameBytes=2048");
        await world.OperatorAsync("ann", 1);
        await using var ann = await world.OperatorSocketAsync("ann");
        await ann.SendRawAsync($$$"""{"type":"ping","data":{"pad":"{{{new string('x', 4096)}}}"}}""");
        Assert.Equal("frame-too-large", (await ann.NextAsync("error")).GetProperty("code").GetString());
        Assert.Equal(WebSocketCloseStatus.MessageTooBig, await ann.ClosedAsync());
    }

    [Fact]
    public async Task A_connection_sending_faster_than_its_limit_gets_rate_limited_error_frames_for_the_excess()
    {
        await using var world = await RealtimeWorld.StartAsync("--Realtime:FramesPerSecond=1", "--Realtime:FrameBurst=2");
        await world.OperatorAsync("ann", 1);
        await using var ann = await world.OperatorSocketAsync("ann");
        for (var i = 0; i < 10; i++) await ann.SendRawAsync($$"""{"type":"ping","ref":"p{{i}}"}""");
        var answers = new List<string>();
        for (var i = 0; i < 10; i++) answers.Add((await ann.NextAsync(null, f => f.TryGetProperty("ref", out _))).GetProperty("type").GetString()!);
        Assert.Contains("reply", answers);
        Assert.True(answers.Count(a => a == "error") >= 5, string.Join(",", answers)); // 2 at once, then about 1 per second
    }

    [Fact]
    public async Task Connections_are_refused_before_the_upgrade_for_wrong_roles_workspaces_and_protocols()
    {
        await using var world = await RealtimeWorld.StartAsync();
        await world.OperatorAsync("ann", 1);
        var http = world.Api.Silo.Http.BaseAddress!;
        var customerToken = await world.CustomerTokenAsync("visitor-12");
        var operatorToken = await Api.Tokens.OperatorAsync(world.Api, RealtimeWorld.Ws, world.Admin, "ann");

        await AssertRefused(403, () => WsClient.ConnectAsync(http, RealtimeWorld.Ws, "operator", customerToken));
        await AssertRefused(403, () => WsClient.ConnectAsync(http, RealtimeWorld.Ws, "supervisor", operatorToken));
        await AssertRefused(403, () => WsClient.ConnectAsync(http, RealtimeWorld.Ws, "customer", world.Supervisor));
        await AssertRefused(403, () => WsClient.ConnectAsync(http, "other", "operator", operatorToken));
        await AssertRefused(401, () => WsClient.ConnectAsync(http, RealtimeWorld.Ws, "operator", "rt1.forged.token"));
        await AssertRefused(400, () => WsClient.ConnectAsync(http, RealtimeWorld.Ws, "operator", operatorToken, subProtocol: "routing.v9"));
        await AssertRefused(400, () => WsClient.ConnectAsync(http, RealtimeWorld.Ws, "operator", operatorToken, resume: "abc", lastSeq: -1));

        await using (var plain = await WsClient.ConnectAsync(http, RealtimeWorld.Ws, "operator", operatorToken, subProtocol: null))
            Assert.Null(plain.NegotiatedProtocol); // a client that names no subprotocol still speaks v1

        using var notUpgraded = await world.Api.SendAsync(HttpMethod.Get, $"/v1/workspaces/{RealtimeWorld.Ws}/ws/operator", operatorToken);
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, notUpgraded.StatusCode);
        Assert.Equal("websocket-required", (await Api.ApiWorld.JsonAsync(notUpgraded)).GetProperty("code").GetString());
    }

    private static async Task AssertRefused(int status, Func<Task<WsClient>> connect)
    {
        var refused = await Assert.ThrowsAsync<WebSocketException>(async () => await (await connect()).DisposeAsync());
        Assert.Contains($"'{status}'", refused.Message);
    }
}
