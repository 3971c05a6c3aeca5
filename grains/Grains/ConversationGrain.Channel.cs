using Routing.GrainInterfaces;
using Routing.GrainInterfaces.Model;
using Routing.Grains.State;

namespace Routing.Grains.Grains;

/// <summary>
/// Moving the dialog to another of the customer's channels (issue 15). The conversation keeps its id, history and
/// operator; from the move on, replies go to the new channel's outbox with the customer's identity there. The customer
/// owns one open conversation whatever identity they write from, so their messages on the new channel, and late ones on
/// the old, land here.
/// </summary>
public sealed partial class ConversationGrain
{
    public async Task<ConversationView> MoveChannel(ConversationChannelMove move)
    {
        ArgumentNullException.ThrowIfNull(move);
        ArgumentException.ThrowIfNullOrWhiteSpace(move.ExternalId);
        ArgumentException.ThrowIfNullOrWhiteSpace(move.MoveId);
        var before = View;
        if (before.LastMoveId == move.MoveId)
        {
            // A resumed move: hands the events over again, should a crash have kept them from the outboxes (they dedupe).
            if (state.State.LastChannelMove is { } left) await TellChannels(before, before with { Channel = left.Channel, ExternalId = left.ExternalId }, left.TimelineSequence);
            return before;
        }
        if (before.Status == ConversationStatus.Closed) throw new InvalidOperationException($"conversation '{Id}' is closed");
        if (move.Channel == before.Channel) throw new InvalidOperationException($"conversation '{Id}' runs in {move.Channel} already");
        // The system message is what every party sees in the history: the customer in the widget, the operator, a supervisor.
        // Stored under the move's id: one a crash left past the state was adopted, and is not written twice.
        var adopted = await AdoptedSystemMessage(before, move.MoveId);
        using var writes = PipelineWrites();
        var (message, stored) = adopted is not null ? (adopted, Task.CompletedTask)
            : StoreMessage(before.MessagesLength + 1, MessageAuthor.System, null, Announcement(before.Channel, move.Channel), null, move.MoveId);
        state.State.View = before with
        {
            Channel = move.Channel, ExternalId = move.ExternalId, LastMoveId = move.MoveId, MessagesLength = Math.Max(before.MessagesLength, message.Sequence),
        };
        state.State.LastChannelMove = new(before.Channel, before.ExternalId, before.TimelineLength + 1); // the row Record writes
        await Record(ConversationChangeKinds.ChannelMoved, before.OperatorId, before.DepartmentId, move.Channel.ToString(), stored);
        PublishMessage(message);
        PublishEvent(new ConversationChannelMoved(Id, before.Channel, move.Channel, before.OperatorId, TimeProvider.GetUtcNow(), View.TimelineLength),
            "conversation:" + GetPrimaryKeyString());
        // A widget session of the new identity (a private chat for card details) follows the conversation from now on.
        PublishEvent(new ConversationOpened(before.CustomerId, Id), RoutingTopics.Identity(RoutingKeys.Identity(WorkspaceId, move.Channel, move.ExternalId)));
        await TellChannels(View, before, View.TimelineLength);
        return View;
    }

    /// <summary>Both channels hear of the move: the old one may tell the customer where the dialog went, the new one starts its thread.</summary>
    private async Task TellChannels(ConversationView after, ConversationView before, long timelineSequence)
    {
        var text = Announcement(before.Channel, after.Channel);
        var at = TimeProvider.GetUtcNow();
        await ToChannel(before.Channel, [OutboundEvent.ForChannelMove(before, after, text, timelineSequence, at, toNewChannel: false)]);
        await ToChannel(after.Channel, [OutboundEvent.ForChannelMove(before, after, text, timelineSequence, at, toNewChannel: true)]);
    }

    private static string Announcement(Channel from, Channel to) =>
        $"The conversation moved from {ChannelName(from)} to {ChannelName(to)}; replies now come by {ChannelName(to)}.";

    private static string ChannelName(Channel channel) => channel switch
    {
        Channel.Chat => "site chat",
        Channel.Messenger => "messenger",
        Channel.Social => "social network",
        Channel.Email => "e-mail",
        _ => "phone",
    };
}
