using System.Diagnostics.CodeAnalysis;

namespace Routing.Grains.Policies;

/// <summary>
/// Claims. A decision that asks other grains outside the department's turn (the operator's reservation, the
/// conversation's assignment) claims its dialog first: out of the queue or hold, so no other decision meanwhile picks
/// it (<see cref="WaitingQueue.FirstFor"/>, <see cref="Held"/> and the lookups by id do not see it), yet still waiting
/// for everyone who reads or changes the room: its place, the count, the pages, a priority change, a removal, and the
/// snapshot (<see cref="StoredQueue"/>, <see cref="StoredHolds"/>: until its leaving is journaled, it waits). Ended by
/// <see cref="Unclaim"/> (back to its exact place, same sequence) or <see cref="Remove"/> (it left).
/// </summary>
public sealed partial class WaitingRoom
{
    private readonly Dictionary<string, ClaimedDialog> claimed = new(StringComparer.Ordinal);
    private readonly OrderStatisticTree<WaitingDialog> claimedOrder = new(WaitingOrder.Instance);

    /// <summary>Dialogs claimed by decisions in flight.</summary>
    public int ClaimedCount => claimed.Count;

    public bool IsClaimed(string dialogId) => claimed.ContainsKey(dialogId);

    public bool TryGetClaimed(string dialogId, [NotNullWhen(true)] out ClaimedDialog? claim) => claimed.TryGetValue(dialogId, out claim);

    /// <summary>Claims a queued or held dialog for one decision; false when it is neither (or already claimed).</summary>
    public bool Claim(string dialogId)
    {
        ClaimedDialog claim;
        if (Queue.Remove(dialogId, out var queued)) claim = new ClaimedDialog(queued!, null);
        else if (held.Remove(dialogId, out var hold))
        {
            heldOrder.Remove(hold.Dialog);
            claim = new ClaimedDialog(hold.Dialog, hold);
        }
        else return false;
        claimed.Add(dialogId, claim);
        claimedOrder.Add(claim.Dialog);
        return true;
    }

    /// <summary>Ends a claim whose decision did not take the dialog: it returns to the place it has (with any priority change made meanwhile).</summary>
    /// <returns>The claim as it returned, or null when it was not claimed any more (it left meanwhile).</returns>
    public ClaimedDialog? Unclaim(string dialogId)
    {
        if (!claimed.Remove(dialogId, out var claim)) return null;
        claimedOrder.Remove(claim.Dialog);
        if (claim.Held is { } hold) Hold(hold);
        else Queue.Restore(claim.Dialog);
        return claim;
    }

    /// <summary>The queue as storage must keep it: claimed dialogs that return to the queue included.</summary>
    public IEnumerable<WaitingDialog> StoredQueue =>
        Queue.InOrder().Concat(claimed.Values.Where(c => c.Held is null).Select(c => c.Dialog));

    /// <summary>The holds as storage must keep them: claimed ones included.</summary>
    public IEnumerable<HeldDialog> StoredHolds => held.Values.Concat(claimed.Values.Select(c => c.Held).OfType<HeldDialog>());

    /// <summary>A claimed dialog's place changed (entered the queue, held, re-prioritized): it stays claimed and returns there.</summary>
    private bool Reclaim(string dialogId, WaitingDialog dialog, HeldDialog? hold)
    {
        if (!claimed.TryGetValue(dialogId, out var claim)) return false;
        claimedOrder.Remove(claim.Dialog);
        if (!claimedOrder.Add(dialog)) throw new InvalidOperationException($"sequence {dialog.Sequence} is already taken");
        claimed[dialogId] = new ClaimedDialog(dialog, hold);
        if (hold is not null) lastHeldSequence = Math.Max(lastHeldSequence, dialog.Sequence);
        return true;
    }
}
