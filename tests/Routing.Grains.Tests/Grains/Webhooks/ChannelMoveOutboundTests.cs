using Routing.GrainInterfaces;

namespace Routing.Grains.Tests.Grains.Webhooks;

/// <summary>Issue 15: after a channel move, the dialog's events go to the new channel's webhook, addressed to the customer's identity there.</summary>
public sealed class ChannelMoveOutboundTests : IDisposable
{
    private const string MessengerHook = "https://messenger.example/hooks/routing";
    private const string EmailHook = "https://mail.example/hooks/routing";
    private readonly TempDatabase _database = new();

    public void Dispose() => _database.Dispose();

    [Fact]
    public async Task Both_channels_hear_of_the_move_and_replies_from_then_on_go_to_the_new_channels_webhook()
    {
        var world = await OutboxWorld.StartAsync(_database.DatabasePath);
        await using var silo = world.Silo;
        var routing = world.Routing;
        await routing.AddDepartment("support");
        await routing.AddOperator("ann", 2, "support");
        await routing.Online("ann");
        await world.Outbox(Channel.Messenger).ConfigureWebhook(new ChannelWebhook(MessengerHook, OutboxWorld.Secret));
        await world.Outbox(Channel.Email).ConfigureWebhook(new ChannelWebhook(EmailHook, OutboxWorld.Secret));
        var id = (await routing.Intake("tg-7", "my card was charged twice", channel: Channel.Messenger)).ConversationId;
        var conversation = routing.Conversation(id);

        await conversation.AddOperatorMessage("ann", "let us continue by e-mail");
        await routing.Control(id).MoveToChannel(new ChannelMoveRequest(Channel.Email, "payer@example.com", "ann"));
        await conversation.AddOperatorMessage("ann", "please send the statement");
        await routing.Close(id, "operator");
        for (var i = 0; i < 3; i++)
        {
            await world.Step(TimeSpan.Zero, Channel.Messenger);
            await world.Step(TimeSpan.Zero, Channel.Email);
        }

        var row = (await conversation.GetTimeline()).Single(e => e.Kind == ConversationChangeKinds.ChannelMoved).Sequence;
        var toMessenger = world.Sender.Sent.Where(s => s.Url.ToString() == MessengerHook).ToList();
        var toEmail = world.Sender.Sent.Where(s => s.Url.ToString() == EmailHook).ToList();
        Assert.Equal([OutboundEventTypes.OperatorMessage, OutboundEventTypes.ChannelMoved], toMessenger.Select(s => s.Type));
        Assert.Equal([OutboundEventTypes.ChannelMoved, OutboundEventTypes.OperatorMessage, OutboundEventTypes.ConversationClosed], toEmail.Select(s => s.Type));
        Assert.Equal(($"{id}:channel-moved:{row}:from", "tg-7", "Messenger", "Email"), (toMessenger[1].DeliveryId,
            toMessenger[1].Json.GetProperty("externalCustomerId").GetString(), toMessenger[1].Json.GetProperty("fromChannel").GetString(),
            toMessenger[1].Json.GetProperty("toChannel").GetString()));
        Assert.Equal(($"{id}:channel-moved:{row}:to", "payer@example.com"), (toEmail[0].DeliveryId, toEmail[0].Json.GetProperty("externalCustomerId").GetString()));
        Assert.Equal(("please send the statement", "payer@example.com"),
            (toEmail[1].Json.GetProperty("text").GetString(), toEmail[1].Json.GetProperty("externalCustomerId").GetString()));
    }
}
