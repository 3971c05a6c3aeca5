using Routing.GrainInterfaces;
using Routing.Grains.State;

namespace Routing.Grains.Grains;

/// <summary>
/// Operator and supervisor replies are idempotent by the writer's client message id: a resend after a lost answer is not
/// stored again, but is handed again to subscribers and the channel (both drop what they already have), so a first
/// attempt that stored the row and failed after it still reaches the customer.
/// </summary>
public sealed partial class ConversationGrain
{
    /// <summary>How many client message ids a conversation remembers (a resend comes within seconds, not hundreds of messages).</summary>
    private const int RecentClientMessageCount = 64;

    /// <summary>True when this writer stored a message with this id already; it is then published and handed over again.</summary>
    private async Task<bool> Replayed(MessageAuthor author, string writerId, string? clientMessageId)
    {
        if (clientMessageId is null) return false;
        var key = ClientKey(author, writerId, clientMessageId);
        if (state.State.RecentClientMessages.Find(r => r.Key == key) is not { } known) return false;
        if ((await GetMessages(known.Sequence, 1)).FirstOrDefault() is { } stored)
        {
            PublishMessage(stored);
            await ToChannel([OutboundEvent.OperatorMessage(stored, View)]);
        }
        return true;
    }

    /// <summary>
    /// Remembers a stored message's client id with the state the caller writes next; the caller forgets it when that
    /// write fails (memory must not claim what storage does not have: a queued resend may reach this activation first).
    /// </summary>
    private string? Remember(MessageAuthor author, string writerId, string? clientMessageId, long sequence)
    {
        if (clientMessageId is null) return null;
        var key = ClientKey(author, writerId, clientMessageId);
        var recent = state.State.RecentClientMessages;
        recent.Add(new RecentClientMessage(key, sequence));
        if (recent.Count > RecentClientMessageCount) recent.RemoveAt(0);
        return key;
    }

    private void Forget(string? key)
    {
        if (key is not null) state.State.RecentClientMessages.RemoveAll(r => r.Key == key);
    }

    // Scoped by writer: two consoles numbering their ids 1, 2, 3 never collide.
    private static string ClientKey(MessageAuthor author, string writerId, string clientMessageId) => $"{author}:{writerId}:{clientMessageId}";
}
