namespace Routing.ClientApi.Realtime.Sessions;

/// <summary>
/// The last frames of a session by sequence number, bounded by count and bytes, so a client that reconnects can get
/// what it missed (R21: a flaky network loses nothing within the window). Sequences are contiguous from 1, so frame
/// <c>s</c> lives in slot <c>s % capacity</c>. Not thread-safe: the session locks around it.
/// </summary>
public sealed class ReplayBuffer
{
    private readonly byte[]?[] _slots;
    private readonly long _maxBytes;
    private long _bytes;

    public ReplayBuffer(int capacity, long maxBytes)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBytes, 1);
        _slots = new byte[capacity][];
        _maxBytes = maxBytes;
    }

    /// <summary>The sequence of the newest frame (0 before the first).</summary>
    public long LastSeq { get; private set; }

    /// <summary>The oldest sequence still kept (LastSeq + 1 when empty).</summary>
    public long FirstSeq { get; private set; } = 1;

    /// <summary>Adds the frame <paramref name="build"/> makes for the next sequence; drops the oldest beyond the bounds.</summary>
    public long Append(Func<long, byte[]> build)
    {
        var seq = LastSeq + 1;
        var frame = build(seq);
        if (seq - FirstSeq >= _slots.Length) Drop();
        _slots[seq % _slots.Length] = frame;
        LastSeq = seq;
        _bytes += frame.Length;
        while (_bytes > _maxBytes && FirstSeq < LastSeq) Drop();
        return seq;
    }

    /// <summary>Whether every frame after <paramref name="seq"/> is still kept (and <paramref name="seq"/> was sent at all).</summary>
    public bool CanReplayAfter(long seq) => seq >= FirstSeq - 1 && seq <= LastSeq;

    /// <summary>Copies up to <paramref name="max"/> frames after <paramref name="seq"/>; false when some were dropped already.</summary>
    public bool TryRead(long seq, int max, List<byte[]> into)
    {
        if (!CanReplayAfter(seq)) return false;
        for (var s = seq + 1; s <= LastSeq && into.Count < max; s++) into.Add(_slots[s % _slots.Length]!);
        return true;
    }

    private void Drop()
    {
        var slot = FirstSeq % _slots.Length;
        _bytes -= _slots[slot]!.Length;
        _slots[slot] = null;
        FirstSeq++;
    }
}
