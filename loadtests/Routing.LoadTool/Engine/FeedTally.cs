namespace Routing.LoadTool.Engine;

/// <summary>What one change of the workspace feed was to the supervisor who got it.</summary>
public enum FeedSighting
{
    New,
    Duplicate,
    OutOfOrder,
}

/// <summary>
/// One supervisor's workspace feed as it arrived: the session's frame numbers (a gap is a frame the engine never
/// sent), and every conversation change by its conversation and timeline row (a row seen twice is a duplicate, a row
/// below one already seen of the same conversation arrived out of order). Thread-safe; frames of one socket arrive in order.
/// </summary>
public sealed class FeedTally
{
    private readonly Lock _gate = new();
    private readonly HashSet<(string Conversation, long Row)> _seen = [];
    private readonly Dictionary<string, long> _lastRow = new(StringComparer.Ordinal);
    private long _lastSeq;

    public int Gaps { get; private set; }
    public int Duplicates { get; private set; }
    public int OutOfOrder { get; private set; }
    public long Frames { get; private set; }

    /// <summary>Distinct changes seen.</summary>
    public int Changes
    {
        get { lock (_gate) return _seen.Count; }
    }

    /// <summary>A frame with session sequence <paramref name="seq"/>: a jump over numbers is a gap.</summary>
    public void Frame(long seq)
    {
        lock (_gate)
        {
            Frames++;
            if (_lastSeq != 0 && seq != _lastSeq + 1) Gaps++;
            _lastSeq = seq;
        }
    }

    /// <summary>A conversation change: its timeline row <paramref name="row"/> of <paramref name="conversationId"/>.</summary>
    public FeedSighting Change(string conversationId, long row)
    {
        lock (_gate)
        {
            if (!_seen.Add((conversationId, row)))
            {
                Duplicates++;
                return FeedSighting.Duplicate;
            }
            if (_lastRow.TryGetValue(conversationId, out var last) && row < last)
            {
                OutOfOrder++;
                return FeedSighting.OutOfOrder;
            }
            _lastRow[conversationId] = row;
            return FeedSighting.New;
        }
    }

    /// <summary>The changes seen so far (a copy: frames may still arrive).</summary>
    public IReadOnlySet<(string Conversation, long Row)> Seen()
    {
        lock (_gate) return new HashSet<(string, long)>(_seen);
    }

    /// <summary>
    /// How many changes of the union of <paramref name="views"/> (each supervisor's <see cref="Seen"/>, taken at one
    /// moment) each of them lacks.
    /// </summary>
    public static int[] Missing(IReadOnlyList<IReadOnlySet<(string Conversation, long Row)>> views)
    {
        var union = new HashSet<(string, long)>();
        foreach (var view in views) union.UnionWith(view);
        return [.. views.Select(view => union.Count - view.Count)];
    }
}
