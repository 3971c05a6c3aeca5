namespace Routing.Silo.Tests.Realtime;

/// <summary>Issue 15: the operator's console sees a dialog's terms (priority, first-response target and its source) in the dialog frame.</summary>
public sealed class TopicTermsRealtimeTests
{
    [Fact]
    public async Task The_dialog_frame_carries_the_priority_and_first_response_target_its_topics_rule_set()
    {
        await using var world = await RealtimeWorld.StartAsync();
        await world.DepartmentAsync("support", new { name = "Support", firstResponseTarget = "00:05:00" });
        await world.OperatorAsync("ann", 2, "support");
        await world.Api.OkAsync(HttpMethod.Put, $"/v1/workspaces/{RealtimeWorld.Ws}/entry-routing", world.Admin, new
        {
            defaultDepartmentId = "support",
            rules = new object[] { new { departmentId = "support", topics = new[] { "outage" }, priority = "urgent", firstResponseTarget = "00:00:20" } },
        });
        await using var ann = await world.OperatorSocketAsync("ann");
        await ann.OkAsync("status", new { status = "online" });

        var sent = await world.Api.OkAsync(HttpMethod.Post, $"/v1/workspaces/{RealtimeWorld.Ws}/messages", world.Channel,
            new { channel = "chat", externalCustomerId = "visitor-1", text = "everything is down", topic = "outage" });
        var conversationId = sent.GetProperty("conversationId").GetString();

        var dialog = await ann.DataAsync("dialog", d => d.GetProperty("conversation").GetProperty("conversationId").GetString() == conversationId);
        var conversation = dialog.GetProperty("conversation");
        Assert.Equal(("urgent", "00:00:20", "entryRule"), (conversation.GetProperty("priority").GetString(),
            conversation.GetProperty("firstResponseTarget").GetString(), conversation.GetProperty("firstResponseTargetSource").GetString()));
        Assert.Equal(TimeSpan.FromSeconds(20), conversation.GetProperty("slaDueAt").GetDateTimeOffset() - conversation.GetProperty("createdAt").GetDateTimeOffset());
    }
}
