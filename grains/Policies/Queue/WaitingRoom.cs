using System.Diagnostics.CodeAnalysis;
using Routing.GrainInterfaces.Model;

namespace Routing.Grains.Policies;

/// <summary>
/// Everyone who waits in a department: the shared <see cref="Queue"/> and the dialogs held for one operator by sticky
/// routing (R9), numbered together 1..n in the order the department would serve them if every operator became free:
/// <see cref="WaitingOrder"/> (priority, then the original wait, then arrival sequence). A held dialog takes the place
/// its priority and original wait give it, and a dialog some tiers or skills may not take yet counts too: this is the
/// place a waiting customer is shown (R16), with no gaps and no repeats.
/// </summary>
/// <remarks>
/// Holds have their own order-statistic tree, so a position is two rank queries, O(log n); every position at once is
/// one merged walk, O(n); a page of k places after a key is O(log n + k). Queued and held dialogs draw their sequence
/// from one counter (<see cref="NextSequence"/>), so no two waiting dialogs tie. Not thread-safe: the department
/// grain's turn owns it.
/// </remarks>
public sealed class WaitingRoom
{
    private readonly OrderStatisticTree<WaitingDialog> heldOrder = new(WaitingOrder.Instance);
    private readonly Dictionary<string, HeldDialog> held = new(StringComparer.Ordinal);
    private long lastHeldSequence;

    /// <summary>The shared queue: what any eligible operator takes.</summary>
    public WaitingQueue Queue { get; } = new();

    /// <summary>Dialogs waiting, queued and held.</summary>
    public int Count => Queue.Count + held.Count;

    public IReadOnlyCollection<HeldDialog> Held => held.Values;

    /// <summary>The sequence to give a dialog entering the queue or a hold: above every one handed out or restored.</summary>
    public long NextSequence => Math.Max(Queue.LastSequence, lastHeldSequence) + 1;

    public bool Contains(string dialogId) => Queue.Contains(dialogId) || held.ContainsKey(dialogId);

    public bool TryGetHeld(string dialogId, [NotNullWhen(true)] out HeldDialog? hold) => held.TryGetValue(dialogId, out hold);

    /// <summary>
    /// A new dialog joins the shared queue with the next sequence. Enter through the room rather than
    /// <see cref="WaitingQueue.Enqueue"/>, which knows nothing of the holds' sequences.
    /// </summary>
    public WaitingDialog Enqueue(WaitingDialog dialog) => EnterQueue(dialog with { Sequence = NextSequence });

    /// <summary>
    /// Puts a dialog into the shared queue with the sequence it carries (one read from storage, or a hold that ended and
    /// keeps its place), out of its hold if it was held.
    /// </summary>
    public WaitingDialog EnterQueue(WaitingDialog dialog)
    {
        Remove(dialog.Id);
        return Queue.Restore(dialog);
    }

    /// <summary>
    /// Holds a dialog for its operator, out of the shared queue if it waited there. A hold stored before holds had a
    /// sequence gets the next one.
    /// </summary>
    /// <returns>The hold as kept.</returns>
    public HeldDialog Hold(HeldDialog hold)
    {
        ArgumentException.ThrowIfNullOrEmpty(hold.Dialog.Id);
        Remove(hold.Dialog.Id);
        if (hold.Dialog.Sequence == 0) hold = hold with { Dialog = hold.Dialog with { Sequence = NextSequence } };
        if (!heldOrder.Add(hold.Dialog)) throw new InvalidOperationException($"sequence {hold.Dialog.Sequence} is already taken");
        held.Add(hold.Dialog.Id, hold);
        lastHeldSequence = Math.Max(lastHeldSequence, hold.Dialog.Sequence);
        return hold;
    }

    /// <summary>Takes a dialog out of the queue or its hold; false when it did not wait here.</summary>
    public bool Remove(string dialogId)
    {
        if (Queue.Remove(dialogId)) return true;
        if (!held.Remove(dialogId, out var hold)) return false;
        heldOrder.Remove(hold.Dialog);
        return true;
    }

    /// <summary>Changes a waiting dialog's priority, queued or held; it keeps its wait and sequence. False when it does not wait here.</summary>
    public bool ChangePriority(string dialogId, Priority priority)
    {
        if (Queue.Contains(dialogId))
        {
            Queue.ChangePriority(dialogId, priority);
            return true;
        }
        if (!held.TryGetValue(dialogId, out var hold)) return false;
        Hold(hold with { Dialog = hold.Dialog with { Priority = priority } });
        return true;
    }

    /// <summary>The earliest original wait among queued and held dialogs (who waited longest), or null.</summary>
    public DateTimeOffset? OldestWaitingSince
    {
        get
        {
            var oldest = Queue.OldestWaitingSince;
            foreach (var hold in held.Values)
                if (oldest is null || hold.Dialog.WaitingSince < oldest) oldest = hold.Dialog.WaitingSince;
            return oldest;
        }
    }

    /// <summary>The 1-based place of a waiting dialog, queued or held (1 = served next), or null. O(log n).</summary>
    public int? PositionOf(string dialogId)
    {
        if (Queue.TryGet(dialogId, out var queued)) return PositionOf(queued!);
        return held.TryGetValue(dialogId, out var hold) ? PositionOf(hold.Dialog) : null;
    }

    /// <summary>Every waiting dialog with its place, 1..n in serving order: one O(n) walk for a position broadcast.</summary>
    public IEnumerable<WaitingPlace> Places()
    {
        var position = 0;
        foreach (var (dialog, isHeld) in Merge(Queue.InOrder(), heldOrder)) yield return PlaceOf(dialog, isHeld, ++position);
    }

    /// <summary>
    /// At most <paramref name="limit"/> places of the dialogs that sort after <paramref name="after"/> (a key in
    /// <see cref="WaitingOrder"/>, which need not wait here any more; null: from the head), in serving order, each with
    /// its place now. Keyed rather than counted, so reading page after page while dialogs leave skips nobody who still
    /// waits behind the key. O(log n + limit).
    /// </summary>
    public IReadOnlyList<WaitingPlace> PlacesAfter(WaitingDialog? after, int limit)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        var dialogs = after is null ? Merge(Queue.InOrder(), heldOrder) : Merge(Queue.After(after), heldOrder.From(after, inclusive: false));
        var page = new List<WaitingPlace>(Math.Min(limit, Count));
        foreach (var (dialog, isHeld) in dialogs)
        {
            if (page.Count == limit) break;
            page.Add(PlaceOf(dialog, isHeld, page.Count == 0 ? PositionOf(dialog) : page[^1].Position + 1));
        }
        return page;
    }

    private int PositionOf(WaitingDialog dialog) => Queue.CountBefore(dialog) + heldOrder.CountBefore(dialog) + 1;

    private WaitingPlace PlaceOf(WaitingDialog dialog, bool isHeld, int position) =>
        new(dialog, isHeld ? held[dialog.Id] : null, position);

    /// <summary>Two sequences each sorted by <see cref="WaitingOrder"/>, as one.</summary>
    private static IEnumerable<(WaitingDialog Dialog, bool Held)> Merge(IEnumerable<WaitingDialog> queued, IEnumerable<WaitingDialog> holds)
    {
        using var q = queued.GetEnumerator();
        using var h = holds.GetEnumerator();
        var hasQ = q.MoveNext();
        var hasH = h.MoveNext();
        while (hasQ || hasH)
        {
            if (hasQ && (!hasH || WaitingOrder.Instance.Compare(q.Current, h.Current) < 0))
            {
                yield return (q.Current, false);
                hasQ = q.MoveNext();
            }
            else
            {
                yield return (h.Current, true);
                hasH = h.MoveNext();
            }
        }
    }
}
