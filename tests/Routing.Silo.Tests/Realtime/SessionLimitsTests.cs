using System.Net;

namespace Routing.Silo.Tests.Realtime;

/// <summary>
/// What bounds a session (R25): its credential is checked again while it lives, a principal keeps a few sessions, a bad
/// resume never ends a live one, and a supervisor monitors a bounded number of dialogs.
/// </summary>
public sealed class SessionLimitsTests
{
    [Fact]
    public async Task Rotating_the_signing_key_or_revoking_a_key_closes_open_sockets_at_the_next_check()
    {
        await using var world = await RealtimeWorld.StartAsync("--Realtime:CredentialRecheckInterval=00:00:30", "--Realtime:ResumeWindow=00:10:00");
        await world.OperatorAsync("ann", 1);
        await using var ann = await world.OperatorSocketAsync("ann");
        await ann.DataAsync("state");
        await using var board = await world.SupervisorSocketAsync();
        await board.DataAsync("operators");

        world.Clock.Advance(TimeSpan.FromSeconds(30)); // a check with nothing revoked changes nothing
        await ann.OkAsync("ping");
        await board.OkAsync("ping");

        using (var rotated = await world.Api.SendAsync(HttpMethod.Post, $"/v1/workspaces/{RealtimeWorld.Ws}/token-signing-key/rotate", world.Admin))
            Assert.Equal(HttpStatusCode.NoContent, rotated.StatusCode);
        var keyId = (await world.Api.GetJsonAsync($"/v1/workspaces/{RealtimeWorld.Ws}/me", world.Supervisor)).GetProperty("keyId").GetString();
        using (var revoked = await world.Api.SendAsync(HttpMethod.Delete, $"/v1/workspaces/{RealtimeWorld.Ws}/api-keys/{keyId}", world.Admin))
            Assert.Equal(HttpStatusCode.NoContent, revoked.StatusCode);

        world.Clock.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal(4003, (int?)await ann.ClosedAsync());
        Assert.Equal(4003, (int?)await board.ClosedAsync());
    }

    [Fact]
    public async Task A_principal_keeps_a_bounded_number_of_sessions_and_reconnecting_in_a_loop_replaces_its_own()
    {
        await using var world = await RealtimeWorld.StartAsync("--Realtime:MaxSessionsPerPrincipal=2", "--Realtime:MaxSessions=3");
        await world.OperatorAsync("ann", 1);
        var token = await world.CustomerTokenAsync("visitor-13");
        var sessions = new List<(string Id, long Seq)>();
        for (var i = 0; i < 4; i++)
        {
            var widget = await world.CustomerSocketAsync(token);
            await widget.DataAsync("ready");
            sessions.Add((widget.SessionId, widget.LastSeq));
            await widget.DisposeAsync();
        }

        // The visitor's loop used only their own share: an operator still gets a session.
        await using var ann = await world.OperatorSocketAsync("ann");
        await ann.DataAsync("state");
        await using (var newest = await world.CustomerSocketAsync(token, sessions[3].Id, sessions[3].Seq))
            Assert.True(newest.Welcome.GetProperty("resumed").GetBoolean());
        await using var oldest = await world.CustomerSocketAsync(token, sessions[0].Id, sessions[0].Seq);
        Assert.Equal("unknown-or-expired", oldest.Welcome.GetProperty("resumeFailed").GetString());
    }

    [Fact]
    public async Task When_all_of_a_principals_sessions_are_connected_another_is_refused_instead_of_closing_one_of_them()
    {
        await using var world = await RealtimeWorld.StartAsync("--Realtime:MaxSessionsPerPrincipal=2");
        var token = await world.CustomerTokenAsync("visitor-21");
        await using var first = await world.CustomerSocketAsync(token);
        await using var second = await world.CustomerSocketAsync(token);
        await first.DataAsync("ready");
        await second.DataAsync("ready");
        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => world.CustomerSocketAsync(token));
        Assert.Contains("1013", refused.Message);
        await first.OkAsync("ping"); // both tabs still work
        await second.OkAsync("ping");
    }

    [Fact]
    public async Task A_resume_naming_a_sequence_never_sent_gets_a_fresh_session_and_leaves_the_live_one_alone()
    {
        await using var world = await RealtimeWorld.StartAsync();
        await world.OperatorAsync("ann", 1);
        await using var laptop = await world.OperatorSocketAsync("ann");
        await laptop.DataAsync("state");
        await using var confused = await world.OperatorSocketAsync("ann", laptop.SessionId, 999_999);
        Assert.Equal("missed-too-much", confused.Welcome.GetProperty("resumeFailed").GetString());
        Assert.NotEqual(laptop.SessionId, confused.SessionId);
        await laptop.OkAsync("ping"); // still attached and answering
    }

    [Fact]
    public async Task A_supervisor_monitors_at_most_the_configured_number_of_dialogs()
    {
        await using var world = await RealtimeWorld.StartAsync("--Realtime:MaxMonitored=1");
        await world.DepartmentAsync("support", new { name = "Support" });
        var ids = new List<string>();
        foreach (var visitor in new[] { "visitor-14", "visitor-15" })
        {
            await using var widget = await world.CustomerSocketAsync(await world.CustomerTokenAsync(visitor));
            ids.Add((await widget.OkAsync("send", new { text = "hello" })).GetProperty("conversationId").GetString()!);
        }
        await using var board = await world.SupervisorSocketAsync();
        await board.OkAsync("monitor", new { conversationId = ids[0] });
        Assert.Equal("too-many-monitored", (await board.CommandAsync("monitor", new { conversationId = ids[1] })).GetProperty("code").GetString());
        await board.OkAsync("unmonitor", new { conversationId = ids[0] });
        await board.OkAsync("monitor", new { conversationId = ids[1] });
        Assert.Equal("not-found", (await board.CommandAsync("monitor", new { conversationId = "c-Chat-nobody-1" })).GetProperty("code").GetString());
    }

    [Fact]
    public async Task Stopping_the_silo_closes_open_sockets_with_1001_so_clients_reconnect()
    {
        await using var world = await RealtimeWorld.StartAsync();
        await world.OperatorAsync("ann", 1);
        await using var ann = await world.OperatorSocketAsync("ann");
        await ann.DataAsync("state");
        var stopping = world.Api.Silo.StopAsync();
        Assert.Equal(System.Net.WebSockets.WebSocketCloseStatus.EndpointUnavailable, await ann.ClosedAsync());
        await stopping;
    }
}
