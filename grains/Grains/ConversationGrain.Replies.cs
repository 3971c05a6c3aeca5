using System.Text.Json;
using Routing.GrainInterfaces;
using Routing.Grains.State;

namespace Routing.Grains.Grains;

/// <summary>
/// Messages are idempotent by the writer's client message id (an operator's or supervisor's reply id, the connector's
/// idempotency key for a customer's message): a resend after a lost answer is not stored again, but is handed again to
/// subscribers and, for replies, the channel (both drop what they already have), so a first attempt that stored the row
/// and failed after it still reaches its readers. The state carries the last ids, so the common lookup reads nothing;
/// a busy dialog pushes ids out of it while a client is away, and those are read back from the message log, once per
/// activation, when a lookup first misses the window.
/// </summary>
public sealed partial class ConversationGrain
{
    /// <summary>How many client message ids the state carries (written with every message: kept small).</summary>
    private const int RecentClientMessageCount = 64;

    /// <summary>
    /// How many messages back a resend is still recognised: a client resends what was unanswered when it reconnects,
    /// however busy the dialog was meanwhile, but not a thousand messages later.
    /// </summary>
    private const int ClientMessageHorizon = 1_000;

    /// <summary>Ids older than the state's window, read from the log when a lookup first needs them; null until then.</summary>
    private ClientMessageIndex? _olderClientMessages;

    /// <summary>True when this writer stored a message with this id already; it is then published and handed over again.</summary>
    private async Task<bool> Replayed(MessageAuthor author, string writerId, string? clientMessageId)
    {
        if (clientMessageId is null) return false;
        if (await StoredSequenceOf(ClientKey(author, writerId, clientMessageId)) is not { } sequence) return false;
        if ((await GetMessages(sequence, 1)).FirstOrDefault() is { } stored)
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
        await StoredSequenceOf(ClientKey(MessageAuthor.System, view.CustomerId, id)) is { } sequence
            ? (await GetMessages(sequence, 1)).FirstOrDefault()
            : null;

    /// <summary>Where the message stored under this client key is, looking past the state's window when it pushed ids out.</summary>
    private async Task<long?> StoredSequenceOf(string key)
    {
        var recent = state.State.RecentClientMessages;
        if (recent.FindLast(r => r.Key == key) is { } known) return known.Sequence;
        if (ForgottenThrough() is not (> 0 and var forgotten)) return null;
        _olderClientMessages ??= await ReadClientMessages(Math.Max(1, forgotten - ClientMessageHorizon + 1), forgotten);
        return _olderClientMessages.Find(key);
    }

    /// <summary>The last sequence the window pushed out; a state written before it was counted only knows its window was full.</summary>
    private long ForgottenThrough()
    {
        var recent = state.State.RecentClientMessages;
        return state.State.ClientMessagesForgottenThrough is > 0 and var through ? through
            : recent.Count >= RecentClientMessageCount ? recent[0].Sequence - 1 : 0;
    }

    private async Task<ClientMessageIndex> ReadClientMessages(long from, long through)
    {
        var index = new ClientMessageIndex(ClientMessageHorizon);
        foreach (var entry in await storage.ReadLogAsync(MessagesKey, from, (int)(through - from + 1)))
        {
            var message = JsonSerializer.Deserialize(entry.Payload, GrainStateJsonContext.Default.ConversationMessage)!;
            if (message.ClientMessageId is { } id) index.Add(ClientKey(message.Author, WriterOf(message), id), message.Sequence);
        }
        return index;
    }

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
        if (recent.Count > RecentClientMessageCount)
        {
            var pushedOut = recent[0];
            recent.RemoveAt(0);
            state.State.ClientMessagesForgottenThrough = pushedOut.Sequence; // ids enter in sequence order: the oldest leaves first
            _olderClientMessages?.Add(pushedOut.Key, pushedOut.Sequence);
        }
        return key;
    }

    private void Forget(string? key)
    {
        if (key is not null) state.State.RecentClientMessages.RemoveAll(r => r.Key == key);
    }

    // Scoped by writer: two consoles numbering their ids 1, 2, 3 never collide.
    private static string ClientKey(MessageAuthor author, string writerId, string clientMessageId) => $"{author}:{writerId}:{clientMessageId}";
}
