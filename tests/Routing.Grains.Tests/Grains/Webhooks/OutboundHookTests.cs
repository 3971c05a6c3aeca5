using Microsoft.Extensions.DependencyInjection;
using Routing.GrainInterfaces;
using Routing.Storage;

namespace Routing.Grains.Tests.Grains.Webhooks;

/// <summary>A conversation hands its operator messages, its close and its rating prompt to its channel's outbox.</summary>
public sealed class OutboundHookTests : IDisposable
{
    private readonly TempDatabase _database = new();

    public void Dispose() => _database.Dispose();

    /// <summary>"support" asks for a rating on a scale of 5 after 2 messages; "ann" works there.</summary>
    private static async Task<RoutingWorld> Support(OutboxWorld world)
    {
        var routing = world.Routing;
        await routing.Workspace.ConfigureDepartment("support", new DepartmentConfig { RatingScale = 5, RatingPromptAfterMessages = 2 });
        routing.Departments.Add("support");
        await routing.Workspace.SetEntryRouting(new EntryRouting("support"));
        await routing.AddOperator("ann", 2, "support");
        await routing.Online("ann");
        return routing;
    }

    [Fact]
    public async Task An_operator_message_then_the_close_and_rating_prompt_reach_the_channels_webhook_in_order()
    {
        var world = await OutboxWorld.StartAsync(_database.DatabasePath);
        await using var silo = world.Silo;
        var routing = await Support(world);
        await world.Outbox(Channel.Messenger).ConfigureWebhook(new ChannelWebhook(OutboxWorld.Url, OutboxWorld.Secret));
        var dialog = await routing.Intake("v1", "hello", channel: Channel.Messenger);
        var conversation = routing.Conversation(dialog.ConversationId);

        await conversation.AddOperatorMessage("ann", "hi, how can I help?");
        var accepted = await world.Outbox(Channel.Messenger).GetStatus();
        Assert.Equal(1, accepted.Pending + accepted.Delivered); // in the outbox (durable) when the call returned; it may be out already
        await routing.Close(dialog.ConversationId, "operator");
        for (var i = 0; i < 3; i++) await world.Step(TimeSpan.Zero, Channel.Messenger); // one event of a conversation per turn

        var sent = world.Sender.Sent;
        Assert.Equal([OutboundEventTypes.OperatorMessage, OutboundEventTypes.ConversationClosed, OutboundEventTypes.RatingRequested], sent.Select(s => s.Type));
        var id = dialog.ConversationId;
        Assert.Equal([$"{id}:message:2", $"{id}:closed", $"{id}:rating-requested"], sent.Select(s => s.DeliveryId));
        var message = sent[0].Json;
        Assert.Equal((id, dialog.CustomerId, 2L, "ann", "hi, how can I help?"), (message.GetProperty("conversationId").GetString(),
            message.GetProperty("customerId").GetString(), message.GetProperty("sequence").GetInt64(), message.GetProperty("operatorId").GetString(),
            message.GetProperty("text").GetString()));
        Assert.Equal("v1", message.GetProperty("externalCustomerId").GetString()); // where the connector sends the reply
        Assert.Equal("operator", message.GetProperty("author").GetString());
        Assert.All(sent, s => Assert.Equal("v1", s.Json.GetProperty("externalCustomerId").GetString()));
        Assert.Equal("operator", sent[1].Json.GetProperty("closedBy").GetString());
        Assert.Equal(5, sent[2].Json.GetProperty("ratingScale").GetInt32());

        await routing.Close(dialog.ConversationId, "operator"); // a retried close offers the same delivery ids again: nothing is sent twice
        Assert.Equal((0, 3L), ((await world.Outbox(Channel.Messenger).GetStatus()).Pending, (await world.Outbox(Channel.Messenger).GetStatus()).Delivered));
    }

    [Fact]
    public async Task A_channel_without_a_webhook_gets_nothing_stored()
    {
        var world = await OutboxWorld.StartAsync(_database.DatabasePath);
        await using var silo = world.Silo;
        var routing = await Support(world);
        await world.Outbox(Channel.Messenger).ConfigureWebhook(new ChannelWebhook(OutboxWorld.Url, OutboxWorld.Secret)); // another channel's
        var dialog = await routing.Intake("v1", "hello");

        await routing.Conversation(dialog.ConversationId).AddOperatorMessage("ann", "hi");
        await routing.Close(dialog.ConversationId, "operator");

        var key = RoutingKeys.ChannelOutbox(routing.WorkspaceId, Channel.Chat);
        Assert.Equal(0, await silo.Services.GetRequiredService<IDurableStore>().GetLastSequenceAsync(new GrainLogKey("channel-outbox", key, "changes")));
        Assert.Equal(0, (await world.Outbox(Channel.Messenger).GetStatus()).Pending);
    }
}
