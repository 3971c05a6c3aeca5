using Routing.GrainInterfaces;
using Routing.GrainInterfaces.Model;
using Routing.Grains.Policies;
using Routing.Grains.State;

namespace Routing.Grains.Grains;

/// <summary>
/// Offer mode (R11): a dialog offered to an operator holds their capacity until they accept, decline, or the durable
/// accept deadline passes. A declined or expired offer goes to the next operator (the silent one on the skip list,
/// keeping the original wait); an expired one also marks the operator not responding, which takes them out of routing
/// until they set themselves online again.
/// </summary>
public sealed partial class DepartmentGrain
{
    private const string OfferDeadlinePrefix = "offer:";

    public Task<bool> AcceptOffer(string conversationId, string operatorId) => InTurn(async () =>
    {
        await Ready();
        if (!S.Offers.TryGetValue(conversationId, out var offer) || offer.OperatorId != operatorId) return false;
        var accepted = await Conversation(conversationId).Accepted(operatorId, DepartmentId);
        if (!accepted) Upsert(await Operator(operatorId).Release(conversationId)); // closed or moved meanwhile
        await Record(new OfferEnded(conversationId));
        await CancelDeadlineAsync(OfferDeadline(conversationId));
        if (accepted)
        {
            _assignmentRate.Record(Now); // an offer counts for the expected wait once accepted
            Publish(conversationId, "accepted");
        }
        return accepted;
    });

    public Task<bool> DeclineOffer(string conversationId, string operatorId) => InTurn(async () =>
    {
        await Ready();
        if (!S.Offers.TryGetValue(conversationId, out var offer) || offer.OperatorId != operatorId) return false;
        await ReturnOffer(offer, expired: false);
        // Only this offer's deadline: placing it again may have offered it to the next operator under the same name.
        if (!S.Offers.ContainsKey(conversationId)) await CancelDeadlineAsync(OfferDeadline(conversationId));
        return true;
    });

    /// <summary>At least once: an offer accepted, declined or re-offered since is simply not found (or not yet due).</summary>
    private async Task OfferExpired(string conversationId)
    {
        await Ready();
        if (!S.Offers.TryGetValue(conversationId, out var offer) || offer.ExpiresAt > Now) return;
        await ReturnOffer(offer, expired: true);
    }

    /// <summary>
    /// Offers a reserved dialog. The deadline is stored first and the offer is journaled before the conversation hears of
    /// it, so after a crash at any step the deadline finds the offer and finishes or returns it.
    /// </summary>
    private async Task<ReserveOutcome> Offer(WaitingDialog dialog, string operatorId, RoundRobinMoved? cursor = null)
    {
        var expiresAt = Now + S.Config.AcceptTimeout;
        await ScheduleDeadlineAsync(OfferDeadline(dialog.Id), expiresAt, dialog.Id);
        var opened = new OfferOpened(new PendingOffer(dialog, operatorId, expiresAt));
        await Record(cursor is null ? [opened] : [opened, cursor]);
        if (!await Conversation(dialog.Id).Offered(operatorId, DepartmentId, expiresAt))
        {
            Upsert(await Operator(operatorId).Release(dialog.Id));
            await Forget(dialog.Id);
            return ReserveOutcome.ConversationClosed;
        }
        Publish(dialog.Id, "offered");
        return ReserveOutcome.Assigned;
    }

    /// <summary>
    /// Frees the operator, then places the dialog again with its original wait, skipping this operator. Safe to run again
    /// after a crash: it reads where the conversation is first and only moves it if it is still this offer's.
    /// </summary>
    private async Task ReturnOffer(PendingOffer offer, bool expired)
    {
        var id = offer.Dialog.Id;
        var op = Operator(offer.OperatorId);
        var view = await Conversation(id).Get();
        var accepted = view.Status == ConversationStatus.Assigned && view.OperatorId == offer.OperatorId;
        var offeredNow = view.Status == ConversationStatus.Offered && view.OperatorId == offer.OperatorId;
        var waitingHere = view.Status == ConversationStatus.Queued && view.DepartmentId == DepartmentId && view.OperatorId is null;
        if (!accepted) Upsert(await op.Release(id));
        if (!offeredNow && !waitingHere)
        {
            await Record(new OfferEnded(id)); // accepted, closed or moved meanwhile
            return;
        }
        if (offeredNow)
        {
            if (expired) Upsert(await op.SetStatus(OperatorStatus.NotResponding));
            if (!await Conversation(id).Requeued(DepartmentId, expired ? ConversationChangeKinds.OfferExpired : ConversationChangeKinds.OfferDeclined))
            {
                await Record(new OfferEnded(id));
                return;
            }
        }
        // Placing it journals a new offer or its place in the queue, either of which replaces this offer.
        await Place(offer.Dialog with { SkippedOperators = [.. offer.Dialog.SkippedOperators, offer.OperatorId] });
        if (S.Offers.TryGetValue(id, out var left) && left.OperatorId == offer.OperatorId) await Record(new OfferEnded(id));
    }

    private static string OfferDeadline(string conversationId) => OfferDeadlinePrefix + conversationId;
}
