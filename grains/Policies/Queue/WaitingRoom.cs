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
/// A dialog may be claimed by a decision in flight (<see cref="Claim"/>): see WaitingRoom.Claims.cs.
/// </remarks>
public sealed partial class WaitingRoom
{
    private readonly OrderStatisticTree<WaitingDialog> heldOrder = new(WaitingOrder.Instance);
    private readonly Dictionary<string, HeldDialog> held = new(StringComparer.Ordinal);
    private long lastHeldSequence;

    /// <summary>The shared queue: what any eligible operator takes.</summary>
    public WaitingQueue Queue { get; } = new();

    /// <summary>Dialogs waiting, queued, held and claimed.</summary>
    public int Count => Queue.Count + held.Count + claimed.Count;

    /// <summary>The holds a decision may serve (not the claimed ones).</summary>
    public IReadOnlyCollection<HeldDialog> Held => held.Values;

    /// <summary>The sequence to give a dialog entering the queue or a hold: above every one handed out or restored.</summary>
    public long NextSequence => Math.Max(Queue.LastSequence, lastHeldSequence) + 1;

    /// <summary>Whether it waits here: queued, held, or claimed by a decision in flight.</summary>
    public bool Contains(string dialogId) => Queue.Contains(dialogId) || held.ContainsKey(dialogId) || claimed.ContainsKey(dialogId);

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
        if (Reclaim(dialog.Id, dialog, null)) return dialog; // claimed: this is the place it returns to
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
        if (hold.Dialog.Sequence == 0) hold = hold with { Dialog = hold.Dialog with { Sequence = NextSequence } };
        if (Reclaim(hold.Dialog.Id, hold.Dialog, hold)) return hold;
        Remove(hold.Dialog.Id);
        if (!heldOrder.Add(hold.Dialog)) throw new InvalidOperationException($"sequence {hold.Dialog.Sequence} is already taken");
        held.Add(hold.Dialog.Id, hold);
        lastHeldSequence = Math.Max(lastHeldSequence, hold.Dialog.Sequence);
        return hold;
    }

    /// <summary>Takes a dialog out of the queue, its hold or its claim; false when it did not wait here.</summary>
    public bool Remove(string dialogId)
    {
        if (Queue.Remove(dialogId)) return true;
        if (claimed.Remove(dialogId, out var claim))
        {
            claimedOrder.Remove(claim.Dialog);
            return true;
        }
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
        if (claimed.TryGetValue(dialogId, out var claim))
        {
            var changed = claim.Dialog with { Priority = priority };
            return Reclaim(dialogId, changed, claim.Held is null ? null : claim.Held with { Dialog = changed });
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
            foreach (var claim in claimed.Values)
                if (oldest is null || claim.Dialog.WaitingSince < oldest) oldest = claim.Dialog.WaitingSince;
            return oldest;
        }
    }

    /// <summary>The 1-based place of a waiting dialog, queued, held or claimed (1 = served next), or null. O(log n).</summary>
    public int? PositionOf(string dialogId)
    {
        if (Queue.TryGet(dialogId, out var queued)) return PositionOf(queued!);
        if (claimed.TryGetValue(dialogId, out var claim)) return PositionOf(claim.Dialog);
        return held.TryGetValue(dialogId, out var hold) ? PositionOf(hold.Dialog) : null;
    }

    /// <summary>Every waiting dialog with its place, 1..n in serving order: one O(n) walk for a position broadcast.</summary>
    public IEnumerable<WaitingPlace> Places()
    {
        var position = 0;
        foreach (var (dialog, source) in Merge(Queue.InOrder(), heldOrder, claimedOrder)) yield return PlaceOf(dialog, source, ++position);
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
        var dialogs = after is null
            ? Merge(Queue.InOrder(), heldOrder, claimedOrder)
            : Merge(Queue.After(after), heldOrder.From(after, inclusive: false), claimedOrder.From(after, inclusive: false));
        var page = new List<WaitingPlace>(Math.Min(limit, Count));
        foreach (var (dialog, source) in dialogs)
        {
            if (page.Count == limit) break;
            page.Add(PlaceOf(dialog, source, page.Count == 0 ? PositionOf(dialog) : page[^1].Position + 1));
        }
        return page;
    }

    private int PositionOf(WaitingDialog dialog) => Queue.CountBefore(dialog) + heldOrder.CountBefore(dialog) + claimedOrder.CountBefore(dialog) + 1;

    private enum Source { Queued, Held, Claimed }

    private WaitingPlace PlaceOf(WaitingDialog dialog, Source source, int position) => source switch
    {
        Source.Held => new(dialog, held[dialog.Id], position),
        Source.Claimed => new(dialog, claimed[dialog.Id].Held, position),
        _ => new(dialog, null, position),
    };

    /// <summary>The queue, the holds and the claims, each sorted by <see cref="WaitingOrder"/>, as one.</summary>
    private static IEnumerable<(WaitingDialog Dialog, Source Source)> Merge(IEnumerable<WaitingDialog> queued, IEnumerable<WaitingDialog> holds, IEnumerable<WaitingDialog> claims)
    {
        using var q = queued.GetEnumerator();
        using var h = holds.GetEnumerator();
        using var c = claims.GetEnumerator();
        var hasQ = q.MoveNext();
        var hasH = h.MoveNext();
        var hasC = c.MoveNext();
        while (hasQ || hasH || hasC)
        {
            var source = hasQ ? Source.Queued : hasH ? Source.Held : Source.Claimed;
            var first = source switch { Source.Queued => q.Current, Source.Held => h.Current, _ => c.Current };
            if (hasH && source != Source.Held && WaitingOrder.Instance.Compare(h.Current, first) < 0) (source, first) = (Source.Held, h.Current);
            if (hasC && source != Source.Claimed && WaitingOrder.Instance.Compare(c.Current, first) < 0) (source, first) = (Source.Claimed, c.Current);
            yield return (first, source);
            if (source == Source.Queued) hasQ = q.MoveNext();
            else if (source == Source.Held) hasH = h.MoveNext();
            else hasC = c.MoveNext();
        }
    }
}
