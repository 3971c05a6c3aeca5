namespace Routing.Grains.Grains;

/// <summary>
/// Client message keys and where they were stored, the newest <c>capacity</c> of them: a conversation's ids older than the
/// window its state carries. A key used again (a connector's idempotency key a day later) points at its latest message.
/// </summary>
public sealed class ClientMessageIndex(int capacity)
{
    private readonly Dictionary<string, long> _sequences = new(StringComparer.Ordinal);
    private readonly Queue<(string Key, long Sequence)> _order = new();

    public void Add(string key, long sequence)
    {
        _sequences[key] = sequence;
        _order.Enqueue((key, sequence));
        while (_order.Count > capacity)
        {
            var (oldest, at) = _order.Dequeue();
            if (_sequences.TryGetValue(oldest, out var current) && current == at) _sequences.Remove(oldest);
        }
    }

    public long? Find(string key) => _sequences.TryGetValue(key, out var sequence) ? sequence : null;
}
