using System.Collections.Concurrent;

namespace Routing.LoadTests.Realtime;

/// <summary>
/// One customer's dialog as both ends of a round trip see it: the conversation, who holds it, and the one message each
/// end is waiting for. Texts name the dialog ("c12 …" from customer 12, "r12 …" replies to it), so a frame is matched
/// to its dialog even when it arrives before the client learnt the conversation id.
/// </summary>
public sealed class Dialog(int index)
{
    private readonly ConcurrentDictionary<string, (int Count, long FirstAt)> _replies = new(StringComparer.Ordinal);
    private Expected? _atOperator;
    private Expected? _atCustomer;

    public int Index => index;
    public string? ConversationId { get; set; }
    public string? OperatorId { get; set; }
    public RealtimeClient? CustomerSocket { get; set; }
    public RealtimeClient? OperatorSocket { get; set; }

    /// <summary>The console got the dialog before the conversation said assigned, and no change saying so yet.</summary>
    public bool AwaitsAssigned { get; set; }

    /// <summary>Which consoles were given or lost the dialog, in order: explains a stall.</summary>
    public ConcurrentQueue<string> Trace { get; } = new();

    public static string CustomerText(int index, string tag) => $"c{index} {tag}";
    public static string ReplyText(int index, string tag) => $"r{index} {tag}";

    /// <summary>The dialog index a text of <see cref="CustomerText"/> or <see cref="ReplyText"/> names; -1 for others.</summary>
    public static int IndexOf(string? text)
    {
        var space = text?.IndexOf(' ') ?? -1;
        return space > 1 && int.TryParse(text.AsSpan(1, space - 1), out var index) ? index : -1;
    }

    /// <summary>Arms the wait for this text at the operator's end (before it is sent, so its arrival cannot be missed).</summary>
    public Task<long> ExpectAtOperator(string text) => Arm(ref _atOperator, text);

    public Task<long> ExpectAtCustomer(string text) => Arm(ref _atCustomer, text);

    public void SeenAtOperator(string text, long arrivedAt) => Volatile.Read(ref _atOperator)?.Seen(text, arrivedAt);

    public void SeenAtCustomer(string text, long arrivedAt)
    {
        _replies.AddOrUpdate(text, (1, arrivedAt), (_, seen) => (seen.Count + 1, seen.FirstAt));
        Volatile.Read(ref _atCustomer)?.Seen(text, arrivedAt);
    }

    /// <summary>How many times the customer's end received this reply, and when first (Stopwatch timestamp).</summary>
    public (int Count, long FirstAt) Reply(string text) => _replies.TryGetValue(text, out var seen) ? seen : (0, 0);

    private static Task<long> Arm(ref Expected? slot, string text)
    {
        var expected = new Expected(text);
        Volatile.Write(ref slot, expected);
        return expected.Arrival.Task;
    }

    private sealed class Expected(string text)
    {
        public TaskCompletionSource<long> Arrival { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void Seen(string seen, long arrivedAt)
        {
            if (seen == text) Arrival.TrySetResult(arrivedAt);
        }
    }
}
