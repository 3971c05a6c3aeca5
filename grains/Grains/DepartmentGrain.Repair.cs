using Microsoft.Extensions.Logging;
using Routing.GrainInterfaces;
using Routing.Grains.Policies;
using Routing.Grains.State;

namespace Routing.Grains.Grains;

/// <summary>
/// Crash repair (R23). A department flow writes to several grains in turn (operator reservation, conversation, own
/// journal), so a crash can cut it between two writes. Each write is durable, and the operator's reservation names the
/// department, so the next activation after an unclean stop finds every dialog that was in flight (reserved for this
/// department by a member, or offered) and settles it by what the conversation says: its operator's keeps it (an
/// accepted or re-opened offer), anyone else's reservation is released, and a dialog that waits here is placed again.
/// Dialogs that never reached the department (a crash between intake and enqueue) are re-driven by their coordinator:
/// intake's retry or the customer's next message (<see cref="CustomerGrain"/>), a transfer's retry.
/// </summary>
public sealed partial class DepartmentGrain
{
    private async Task Repair()
    {
        var inFlight = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal); // conversation → operators holding it for us
        foreach (var snapshot in _snapshots.All)
            foreach (var active in snapshot.Active)
                // A move by hand in flight is its control grain's to finish (it keeps a durable intent).
                if (active.DepartmentId == DepartmentId && !active.ByHand) Add(active.ConversationId, snapshot.OperatorId);
        foreach (var offer in S.Offers.Values.ToList()) Add(offer.Dialog.Id, offer.OperatorId);
        foreach (var (conversationId, operators) in inFlight)
            foreach (var operatorId in operators)
                await RepairDialog(conversationId, operatorId);
        if (inFlight.Count > 0)
            logger.LogInformation("Department {Department} checked {Count} dialog(s) in flight after an unclean stop", GetPrimaryKeyString(), inFlight.Count);

        void Add(string conversationId, string operatorId)
        {
            if (!inFlight.TryGetValue(conversationId, out var set)) inFlight[conversationId] = set = new HashSet<string>(StringComparer.Ordinal);
            set.Add(operatorId);
        }
    }

    private async Task RepairDialog(string conversationId, string operatorId)
    {
        var view = await Conversation(conversationId).Get();
        var op = Operator(operatorId);
        // A sticky target need not be a member: ask their grain then.
        var snapshot = _snapshots.TryGet(operatorId, out var known) ? known : await op.GetSnapshot();
        var holds = snapshot.Active.Any(a => a.ConversationId == conversationId);
        S.Offers.TryGetValue(conversationId, out var offer);
        if (view.OperatorId == operatorId && view.Status == ConversationStatus.Assigned)
        {
            await Forget(conversationId); // assigned or accepted; only our bookkeeping lagged
            return;
        }
        if (view.OperatorId == operatorId && view.Status == ConversationStatus.Offered)
        {
            if (!holds)
            {
                // The offer was being returned (the operator already released) when the stop came: finish returning it,
                // as an expiry if its time was up (the silent operator is marked not responding), else as a decline.
                var returning = offer?.OperatorId == operatorId ? offer : new PendingOffer(DialogOf(view, offer), operatorId, Now);
                await ReturnOffer(returning, expired: offer?.OperatorId == operatorId && offer.ExpiresAt <= Now);
                return;
            }
            if (IsWaiting(conversationId)) await Record(new DialogLeft(conversationId));
            if (offer?.OperatorId != operatorId) await Offer(DialogOf(view, offer), operatorId); // re-arms the accept deadline
            return;
        }
        // Not this operator's dialog (any more): give the capacity back. A reservation the conversation never heard of is
        // undone too rather than finished: it may be one a move by hand is about to release (a rescue back into this
        // department), and placing the dialog afresh is right in both cases.
        if (holds) Upsert(await op.Release(conversationId));
        var waitingHere = view.Status == ConversationStatus.Queued && view.DepartmentId == DepartmentId && view.OperatorId is null;
        if (!waitingHere)
        {
            // Closed or moved away: nothing of it stays here. With another of our operators: only a stale queue entry goes.
            if (view.Status == ConversationStatus.Closed || view.DepartmentId != DepartmentId) await Forget(conversationId);
            else if (IsWaiting(conversationId)) await Record(new DialogLeft(conversationId));
            return;
        }
        var dialog = DialogOf(view, offer);
        if (offer?.OperatorId == operatorId)
        {
            // Released already: the offer was being returned (declined or expired) when the stop came, so it goes on
            // without them. Still held: it was being opened, and is simply placed again.
            if (!holds) dialog = dialog with { SkippedOperators = [.. dialog.SkippedOperators.Append(operatorId).Distinct()] };
            await Record(new OfferEnded(conversationId));
            await CancelDeadlineAsync(OfferDeadline(conversationId));
        }
        if (!IsWaiting(conversationId) && !S.Offers.ContainsKey(conversationId)) await Place(dialog);
    }

    /// <summary>The dialog as it waited here, else as the offer kept it, else rebuilt from the conversation.</summary>
    private WaitingDialog DialogOf(ConversationView view, PendingOffer? offer)
    {
        if (_room.Queue.TryGet(view.ConversationId, out var queued) && queued is not null) return queued;
        if (_room.TryGetHeld(view.ConversationId, out var held)) return held.Dialog;
        return offer?.Dialog ?? new WaitingDialog(view.ConversationId, view.Priority, view.WaitingSince, view.Channel)
        {
            SkippedOperators = view.DroppedBy,
        };
    }
}
