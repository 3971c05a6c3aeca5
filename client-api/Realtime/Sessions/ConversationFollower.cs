using Routing.ClientApi.Realtime.Protocol;
using Routing.GrainInterfaces;
using Orleans;

namespace Routing.ClientApi.Realtime.Sessions;

/// <summary>
/// The conversations a session follows, and the last message sequence it sent of each. It subscribes before it reads
/// the history, so a message stored in between arrives as an event too, and is sent once by its sequence.
/// </summary>
internal sealed class ConversationFollower(RealtimeSession session)
{
    public const int HistoryPage = 100;

    private readonly Dictionary<string, long> _lastSent = new(StringComparer.Ordinal);

    public IReadOnlyCollection<string> Followed => _lastSent.Keys;

    public bool Follows(string conversationId) => _lastSent.ContainsKey(conversationId);

    /// <summary>Subscribes and answers the conversation with its last page of messages (sent as sent).</summary>
    public async Task<(ConversationView View, IReadOnlyList<ConversationMessage> Messages)> FollowAsync(string conversationId)
    {
        var topic = RoutingTopics.Conversation(Key(conversationId));
        var followedBefore = _lastSent.ContainsKey(conversationId);
        var watchedBefore = session.IsSubscribed(topic);
        session.Subscribe(topic);
        _lastSent.TryAdd(conversationId, 0);
        try
        {
            var grain = Grain(conversationId);
            var view = await grain.Get();
            var from = Math.Max(_lastSent[conversationId] + 1, Math.Max(1, view.MessagesLength - HistoryPage + 1));
            var messages = view.MessagesLength >= from ? await grain.GetMessages(from, HistoryPage) : [];
            if (messages.Count > 0) _lastSent[conversationId] = Math.Max(_lastSent[conversationId], messages[^1].Sequence);
            return (view, messages);
        }
        catch when (!followedBefore)
        {
            // Not followed unless its snapshot was read: the next try starts afresh (a watch from before stays).
            _lastSent.Remove(conversationId);
            if (!watchedBefore) session.Unsubscribe(topic);
            throw;
        }
    }

    public void Unfollow(string conversationId)
    {
        if (_lastSent.Remove(conversationId)) session.Unsubscribe(RoutingTopics.Conversation(Key(conversationId)));
    }

    /// <summary>Subscribes to a conversation's changes without following it yet (nothing of it is sent); idempotent.</summary>
    public void Watch(string conversationId) => session.Subscribe(RoutingTopics.Conversation(Key(conversationId)));

    /// <summary>Stops following a conversation but keeps watching it (its changes still arrive; nothing of it is sent).</summary>
    public void Demote(string conversationId) => _lastSent.Remove(conversationId);

    /// <summary>Stops watching a conversation that was never followed.</summary>
    public void Unwatch(string conversationId)
    {
        if (!_lastSent.ContainsKey(conversationId)) session.Unsubscribe(RoutingTopics.Conversation(Key(conversationId)));
    }

    /// <summary>Whether a message event is new to this session (and now counted as sent).</summary>
    public bool IsNew(ConversationMessage message)
    {
        if (!_lastSent.TryGetValue(message.ConversationId, out var last) || message.Sequence <= last) return false;
        _lastSent[message.ConversationId] = message.Sequence;
        return true;
    }

    public IConversationGrain Grain(string conversationId) =>
        session.Grains.GetGrain<IConversationGrain>(RoutingKeys.Conversation(session.Principal.WorkspaceId, conversationId));

    public void PublishTyping(string conversationId, MessageAuthor author, string? operatorId) =>
        session.Publish(RoutingTopics.Conversation(Key(conversationId)), new TypingIndicator(conversationId, author, operatorId));

    private string Key(string conversationId) => RoutingKeys.Conversation(session.Principal.WorkspaceId, conversationId);
}
