namespace Routing.Silo.Tests.Realtime;

/// <summary>
/// Reconnect with resume (R21): a client that comes back with its last seen sequence within the window gets exactly the
/// frames it missed; after the window, or as somebody else, it starts a fresh session from a snapshot that still holds
/// every stored message.
/// </summary>
public sealed class ResumeTests
{
    [Fact]
    public async Task A_customer_who_lost_the_network_resumes_and_gets_the_reply_sent_meanwhile_once()
    {
        await using var world = await RealtimeWorld.StartAsync();
        await world.DepartmentAsync("support", new { name = "Support" });
        await world.OperatorAsync("ann", 1, "support");
        await using var ann = await world.OperatorSocketAsync("ann");
        await ann.OkAsync("status", new { status = "online" });
        var token = await world.CustomerTokenAsync("visitor-7");

        var phone = await world.CustomerSocketAsync(token);
        var conversationId = (await phone.OkAsync("send", new { text = "On the train" })).GetProperty("conversationId").GetString()!;
        await phone.DataAsync("conversation", c => c.GetProperty("status").GetString() == "assigned");
        var (session, seen) = (phone.SessionId, phone.LastSeq);
        phone.Abort(); // a tunnel: no close handshake
        await phone.DisposeAsync();

        await ann.OkAsync("send", new { conversationId, text = "Reply while you were away" });
        await ann.OkAsync("send", new { conversationId, text = "And another" });

        await using var back = await world.CustomerSocketAsync(token, session, seen);
        Assert.True(back.Welcome.GetProperty("resumed").GetBoolean());
        Assert.Equal(session, back.SessionId);
        var first = await back.NextAsync("message");
        Assert.Equal(seen + 1, first.GetProperty("seq").GetInt64()); // the very next frame, nothing skipped
        Assert.Equal("Reply while you were away", first.GetProperty("data").GetProperty("text").GetString());
        Assert.Equal("And another", (await back.DataAsync("message")).GetProperty("text").GetString());
        var pong = await back.CommandAsync("ping");
        // Exactly the frames after the last one seen, each once, then the live ones.
        var expected = Enumerable.Range((int)seen + 1, (int)(pong.GetProperty("seq").GetInt64() - seen)).Select(s => (long)s);
        Assert.Equal(expected, back.Received);
        Assert.DoesNotContain(await back.FramesUnreadAsync(), f => f.GetProperty("type").GetString() == "message");
    }

    [Fact]
    public async Task After_the_resume_window_a_fresh_session_starts_from_a_snapshot_with_every_stored_message()
    {
        await using var world = await RealtimeWorld.StartAsync("--Realtime:ResumeWindow=00:01:00");
        await world.DepartmentAsync("support", new { name = "Support" });
        await world.OperatorAsync("ann", 1, "support");
        await using var ann = await world.OperatorSocketAsync("ann");
        await ann.OkAsync("status", new { status = "online" });
        var token = await world.CustomerTokenAsync("visitor-8");

        var phone = await world.CustomerSocketAsync(token);
        var conversationId = (await phone.OkAsync("send", new { text = "Hi" })).GetProperty("conversationId").GetString()!;
        var (session, seen) = (phone.SessionId, phone.LastSeq);
        await phone.DisposeAsync();
        await ann.OkAsync("send", new { conversationId, text = "Missed this" });

        world.Clock.Advance(TimeSpan.FromSeconds(70)); // past the window; the sweep drops the session
        await using var back = await world.CustomerSocketAsync(token, session, seen);
        Assert.False(back.Welcome.GetProperty("resumed").GetBoolean());
        Assert.Equal("unknown-or-expired", back.Welcome.GetProperty("resumeFailed").GetString());
        Assert.NotEqual(session, back.SessionId);
        Assert.Equal(conversationId, (await back.DataAsync("ready")).GetProperty("conversationId").GetString());
        var history = await back.DataAsync("messages");
        Assert.Equal(new[] { "Hi", "Missed this" }, history.GetProperty("messages").EnumerateArray().Select(m => m.GetProperty("text").GetString()!).ToArray());
    }

    [Fact]
    public async Task Only_the_sessions_own_principal_resumes_it()
    {
        await using var world = await RealtimeWorld.StartAsync();
        await world.DepartmentAsync("support", new { name = "Support" });
        var mine = await world.CustomerSocketAsync(await world.CustomerTokenAsync("visitor-9"));
        await mine.OkAsync("send", new { text = "private" });
        var (session, seen) = (mine.SessionId, mine.LastSeq);
        await mine.DisposeAsync();

        await using var thief = await world.CustomerSocketAsync(await world.CustomerTokenAsync("visitor-10"), session, seen);
        Assert.False(thief.Welcome.GetProperty("resumed").GetBoolean());
        Assert.NotEqual(session, thief.SessionId);
        Assert.Equal(System.Text.Json.JsonValueKind.Null, (await thief.DataAsync("ready")).GetProperty("conversationId").ValueKind);
    }

    [Fact]
    public async Task A_second_connection_resuming_a_session_supersedes_the_first()
    {
        await using var world = await RealtimeWorld.StartAsync();
        await world.OperatorAsync("ann", 1);
        await using var laptop = await world.OperatorSocketAsync("ann");
        await laptop.DataAsync("state");
        await using var tablet = await world.OperatorSocketAsync("ann", laptop.SessionId, laptop.LastSeq);
        Assert.True(tablet.Welcome.GetProperty("resumed").GetBoolean());
        Assert.Equal(4001, (int?)await laptop.ClosedAsync());
        await tablet.OkAsync("status", new { status = "away" });
    }
}
