using Routing.GrainInterfaces;
using Routing.Grains.State;

namespace Routing.Grains.Grains;

/// <summary>
/// Messages are idempotent by the writer's client message id (an operator's or supervisor's reply id, the connector's
/// idempotency key for a customer's message): a resend after a lost answer is not stored again, but is handed again to
/// subscribers and, for replies, the channel (both drop what they already have), so a first attempt that stored the row
/// and failed after it still reaches its readers.
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
        if (state.State.RecentClientMessages.FindLast(r => r.Key == key) is not { } known) return false;
        if ((await GetMessages(known.Sequence, 1)).FirstOrDefault() is { } stored)
        {
            // A connector's idempotency key is its own for a day: used again later, it is a new message.
            if (author == MessageAuthor.Customer && stored.At + IntakeIdempotency.Retention <= TimeProvider.GetUtcNow()) return false;
            PublishMessage(stored);
            if (author != MessageAuthor.Customer) await ToChannel([OutboundEvent.OperatorMessage(stored, View)]); // the customer's own words do not go back to them
        }
        return true;
    }

    /// <summary>
    /// The system message stored under <paramref name="id"/> already (remembered, or adopted after a crash cut the state
    /// write that followed it), or null: a resumed step that writes one must not write it twice.
    /// </summary>
    private async Task<ConversationMessage?> AdoptedSystemMessage(ConversationView view, string id) =>
        state.State.RecentClientMessages.FindLast(r => r.Key == ClientKey(MessageAuthor.System, view.CustomerId, id)) is { } known
            ? (await GetMessages(known.Sequence, 1)).FirstOrDefault()
            : null;

    /// <summary>Who a stored message's client id is scoped to: the operator or supervisor who wrote it, or the customer.</summary>
    private string WriterOf(ConversationMessage message) => message.OperatorId ?? View.CustomerId;

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
