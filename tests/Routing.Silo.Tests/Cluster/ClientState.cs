using System.Text.Json;
using Routing.Silo.Tests.Realtime;

namespace Routing.Silo.Tests.Cluster;

/// <summary>
/// What a console or widget holds, built only from server frames by the rules of REALTIME.md ("When the session's silo
/// dies"): a fresh session's snapshot replaces the dialogs and statuses, stored messages are kept and merged by their
/// conversation and sequence, and a hole in a conversation's sequences is read with `history`. It also checks what the
/// server promises per connection: a message arrives at most once on one connection, and never with other content.
/// </summary>
internal sealed class ClientState
{
    private readonly Dictionary<string, SortedDictionary<long, string>> _messages = new(StringComparer.Ordinal);
    private readonly HashSet<(string, long)> _onThisConnection = [];

    /// <summary>The dialogs an operator's console shows (from `dialog`, `dialog-removed`).</summary>
    public HashSet<string> Dialogs { get; } = new(StringComparer.Ordinal);

    /// <summary>Each conversation's last status (from `dialog`, `dialog-changed`, `conversation`).</summary>
    public Dictionary<string, string> Statuses { get; } = new(StringComparer.Ordinal);

    /// <summary>A conversation's messages as "sequence author text", in sequence order.</summary>
    public IReadOnlyList<string> Messages(string conversationId) =>
        _messages.TryGetValue(conversationId, out var messages) ? messages.Values.ToList() : [];

    /// <summary>The highest sequence held of a conversation (0: none).</summary>
    public long LastSequence(string conversationId) =>
        _messages.TryGetValue(conversationId, out var messages) && messages.Count > 0 ? messages.Keys.Max() : 0;

    /// <summary>A new connection: a fresh one (resume failed) drops the dialogs and statuses; the messages stay.</summary>
    public void Connected(bool resumed)
    {
        _onThisConnection.Clear();
        if (resumed) return;
        Dialogs.Clear();
        Statuses.Clear();
    }

    public void Apply(IEnumerable<JsonElement> frames)
    {
        foreach (var frame in frames) Apply(frame);
    }

    public void Apply(JsonElement frame)
    {
        var data = frame.TryGetProperty("data", out var d) ? d : default;
        switch (frame.GetProperty("type").GetString())
        {
            case "dialog":
                var conversation = data.GetProperty("conversation");
                var id = conversation.GetProperty("conversationId").GetString()!;
                Dialogs.Add(id);
                Statuses[id] = conversation.GetProperty("status").GetString()!;
                foreach (var message in data.GetProperty("messages").EnumerateArray()) Add(message, live: true);
                break;
            case "dialog-removed":
                Dialogs.Remove(data.GetProperty("conversationId").GetString()!);
                break;
            case "dialog-changed" or "conversation":
                Statuses[data.GetProperty("conversationId").GetString()!] = data.GetProperty("status").GetString()!;
                break;
            case "messages":
                foreach (var message in data.GetProperty("messages").EnumerateArray()) Add(message, live: true);
                break;
            case "message":
                Add(data, live: true);
                break;
        }
    }

    /// <summary>Whether a conversation's sequences held have a hole below the highest.</summary>
    public bool HasHoles(string conversationId) => LastSequence(conversationId) > Messages(conversationId).Count;

    /// <summary>Reads every hole in the sequences of <paramref name="conversationId"/> with `history` (as the pages do for older pages).</summary>
    public async Task FillHolesAsync(string conversationId, Func<long, int, Task<JsonElement>> history)
    {
        if (!_messages.TryGetValue(conversationId, out var messages) || messages.Count == 0) return;
        for (var sequence = 1L; sequence < messages.Keys.Max(); sequence++)
        {
            if (messages.ContainsKey(sequence)) continue;
            var next = messages.Keys.First(k => k > sequence);
            foreach (var message in (await history(sequence, (int)(next - sequence))).GetProperty("messages").EnumerateArray()) Add(message, live: false);
        }
    }

    /// <summary>The stored form the assertions compare: a message's sequence, author and text.</summary>
    public static string Describe(JsonElement message) =>
        $"{message.GetProperty("sequence").GetInt64()} {message.GetProperty("author").GetString()} {message.GetProperty("text").GetString()}";

    private void Add(JsonElement message, bool live)
    {
        var conversationId = message.GetProperty("conversationId").GetString()!;
        var sequence = message.GetProperty("sequence").GetInt64();
        if (live) Assert.True(_onThisConnection.Add((conversationId, sequence)), $"{conversationId} #{sequence} arrived twice on one connection");
        if (!_messages.TryGetValue(conversationId, out var messages)) _messages[conversationId] = messages = [];
        var described = Describe(message);
        if (messages.TryGetValue(sequence, out var known)) Assert.Equal(known, described);
        else messages[sequence] = described;
    }

    /// <summary>Feeds the frames a client received to the state until <paramref name="done"/> holds.</summary>
    public async Task ApplyUntil(WsClient client, Func<bool> done, string because) =>
        await Routing.Testing.Eventually.True(async () =>
        {
            Apply(client.Drain());
            if (done()) return true;
            await Task.Delay(20);
            return false;
        }, because);
}
