namespace Routing.Grains.Policies;

/// <summary>
/// The order of a waiting queue (R8): higher priority first, then the longest wait (earliest original enqueue time),
/// then the lower sequence number, which makes it a strict FIFO for equal times.
/// </summary>
public sealed class WaitingOrder : IComparer<WaitingDialog>
{
    public static WaitingOrder Instance { get; } = new();

    private WaitingOrder()
    {
    }

    public int Compare(WaitingDialog? x, WaitingDialog? y)
    {
        if (ReferenceEquals(x, y)) return 0;
        if (x is null) return -1;
        if (y is null) return 1;
        var byPriority = ((int)y.Priority).CompareTo((int)x.Priority);
        if (byPriority != 0) return byPriority;
        var byWait = x.WaitingSince.UtcTicks.CompareTo(y.WaitingSince.UtcTicks);
        return byWait != 0 ? byWait : x.Sequence.CompareTo(y.Sequence);
    }
}
