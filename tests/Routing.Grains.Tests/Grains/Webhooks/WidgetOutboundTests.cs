using Routing.GrainInterfaces;

namespace Routing.Grains.Tests.Grains.Webhooks;

/// <summary>Issue 15 for connector channels: a page the operator sends and the in-dialog rating prompt reach the channel's webhook, each once.</summary>
public sealed class WidgetOutboundTests : IDisposable
{
    private readonly TempDatabase _database = new();

    public void Dispose() => _database.Dispose();

    [Fact]
    public async Task A_page_and_the_prompt_at_the_fifth_message_go_to_the_webhook_and_the_close_does_not_ask_again()
    {
        var world = await OutboxWorld.StartAsync(_database.DatabasePath);
        await using var silo = world.Silo;
        var routing = world.Routing;
        await routing.Workspace.ConfigureDepartment("support", new DepartmentConfig { RatingScale = 5 });
        routing.Departments.Add("support");
        await routing.Workspace.SetEntryRouting(new EntryRouting("support"));
        await routing.AddOperator("ann", 2, "support");
        await routing.Online("ann");
        await world.Outbox(Channel.Messenger).ConfigureWebhook(new ChannelWebhook(OutboxWorld.Url, OutboxWorld.Secret));
        var dialog = await routing.Intake("v1", "hello", channel: Channel.Messenger);
        var id = dialog.ConversationId;
        var conversation = routing.Conversation(id);

        var navigation = await conversation.Navigate(MessageAuthor.Operator, "ann", "https://shop.example/pay");
        await conversation.AddOperatorMessage("ann", "pay here");
        await routing.Intake("v1", "done", channel: Channel.Messenger);
        await routing.Intake("v1", "paid", channel: Channel.Messenger);
        await routing.Intake("v1", "thanks", channel: Channel.Messenger); // the 5th message (a navigation is no message)
        await routing.Close(id, "operator");
        for (var i = 0; i < 6; i++) await world.Step(TimeSpan.Zero, Channel.Messenger);

        var sent = world.Sender.Sent;
        Assert.Equal([OutboundEventTypes.Navigate, OutboundEventTypes.OperatorMessage, OutboundEventTypes.RatingRequested, OutboundEventTypes.ConversationClosed],
            sent.Select(s => s.Type));
        Assert.Equal($"{id}:navigate:{navigation.TimelineSequence}", sent[0].DeliveryId);
        Assert.Equal(("https://shop.example/pay", "ann", "operator", "v1"), (sent[0].Json.GetProperty("url").GetString(),
            sent[0].Json.GetProperty("operatorId").GetString(), sent[0].Json.GetProperty("author").GetString(), sent[0].Json.GetProperty("externalCustomerId").GetString()));
        Assert.Equal((5, "ann"), (sent[2].Json.GetProperty("ratingScale").GetInt32(), sent[2].Json.GetProperty("operatorId").GetString()));
    }
}
