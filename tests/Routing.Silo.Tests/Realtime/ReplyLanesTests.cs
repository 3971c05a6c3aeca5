using System.Text.Json;

namespace Routing.Silo.Tests.Realtime;

/// <summary>
/// A console's replies run beside its session's loop (one lane per conversation): sent without waiting for answers,
/// replies to one dialog are stored in the order sent, every command is answered once, and a command outside the
/// lanes (close) runs after the replies sent before it.
/// </summary>
public sealed class ReplyLanesTests
{
    [Fact]
    public async Task Replies_sent_without_waiting_are_stored_in_order_per_dialog_and_a_close_after_them_comes_last()
    {
        await using var world = await RealtimeWorld.StartAsync();
        await world.DepartmentAsync("support", new { name = "Support" });
        await world.OperatorAsync("ann", 2, "support");
        await using var ann = await world.OperatorSocketAsync("ann");
        await ann.OkAsync("status", new { status = "online" });
        await using var first = await world.CustomerSocketAsync(await world.CustomerTokenAsync("visitor-lanes-1"));
        await using var second = await world.CustomerSocketAsync(await world.CustomerTokenAsync("visitor-lanes-2"));
        var one = (await first.OkAsync("send", new { text = "one" })).GetProperty("conversationId").GetString()!;
        var two = (await second.OkAsync("send", new { text = "two" })).GetProperty("conversationId").GetString()!;
        await ann.DataAsync("dialog", d => d.GetProperty("conversation").GetProperty("conversationId").GetString() == one);
        await ann.DataAsync("dialog", d => d.GetProperty("conversation").GetProperty("conversationId").GetString() == two);

        string[] commands =
        [
            Frame("q1", "send", new { conversationId = one, text = "1a" }),
            Frame("q2", "send", new { conversationId = two, text = "2a" }),
            Frame("q3", "send", new { conversationId = one, text = "1b" }),
            Frame("q4", "send", new { conversationId = one, text = "1c" }),
            Frame("q5", "send", new { conversationId = two, text = "2b" }),
            Frame("q6", "close", new { conversationId = one }),
        ];
        foreach (var command in commands) await ann.SendRawAsync(command);
        foreach (var reference in new[] { "q1", "q2", "q3", "q4", "q5", "q6" })
        {
            var answer = await ann.NextAsync(null, f => f.TryGetProperty("ref", out var r) && r.GetString() == reference);
            Assert.True(answer.GetProperty("type").GetString() == "reply", $"{reference}: {answer}");
        }

        Assert.Equal(["one", "1a", "1b", "1c"], await StoredTexts(world, one));
        Assert.Equal(["two", "2a", "2b"], await StoredTexts(world, two));
        Assert.Equal("closed", (await first.DataAsync("conversation", c => c.GetProperty("status").GetString() == "closed")).GetProperty("status").GetString());
    }

    private static string Frame(string reference, string type, object data) =>
        JsonSerializer.Serialize(new { type, @ref = reference, data }, new JsonSerializerOptions(JsonSerializerDefaults.Web));

    /// <summary>The conversation's stored messages by sequence (read as a supervisor), the customer's and the operator's.</summary>
    private static async Task<string[]> StoredTexts(RealtimeWorld world, string conversationId)
    {
        var messages = await world.Api.OkAsync(HttpMethod.Get, $"/v1/workspaces/{RealtimeWorld.Ws}/conversations/{conversationId}/messages", world.Supervisor);
        return [.. messages.EnumerateArray().OrderBy(m => m.GetProperty("sequence").GetInt64())
            .Where(m => m.GetProperty("author").GetString() is "customer" or "operator").Select(m => m.GetProperty("text").GetString()!)];
    }
}
