using Routing.GrainInterfaces;
using Routing.GrainInterfaces.Model;
using Routing.Grains.Policies;
using Routing.Grains.State;
using Routing.Runtime;

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

    public async Task<bool> AcceptOffer(string conversationId, string operatorId)
    {
        if (!S.Offers.TryGetValue(conversationId, out var offer) || offer.OperatorId != operatorId) return false;
        var accepted = await Conversation(conversationId).Assigned(operatorId, DepartmentId);
        if (!accepted) Upsert(await Operator(operatorId).Release(conversationId)); // closed meanwhile
        S.Offers.Remove(conversationId);
        await Save();
        await CancelDeadlineAsync(OfferDeadline(conversationId));
        if (accepted) Publish(conversationId, "accepted");
        return accepted;
    }

    public async Task<bool> DeclineOffer(string conversationId, string operatorId)
    {
        if (!S.Offers.TryGetValue(conversationId, out var offer) || offer.OperatorId != operatorId) return false;
        await EnsureOperators();
        await ReturnOffer(offer, notResponding: false);
        await CancelDeadlineAsync(OfferDeadline(conversationId));
        return true;
    }

    public async Task ReceiveDeadlineAsync(DeadlineTick tick)
    {
        if (tick.Name == WideningDeadline)
        {
            await Widen();
            return;
        }
        // At least once: an offer accepted, declined or re-offered since is simply not found (or not yet due).
        if (!tick.Name.StartsWith(OfferDeadlinePrefix, StringComparison.Ordinal)) return;
        var conversationId = tick.Name[OfferDeadlinePrefix.Length..];
        if (!S.Offers.TryGetValue(conversationId, out var offer) || offer.ExpiresAt > Now) return;
        await EnsureOperators();
        await ReturnOffer(offer, notResponding: true);
    }

    /// <summary>Offers a reserved dialog: the deadline is stored first, so a stored offer always has its deadline.</summary>
    private async Task<ReserveOutcome> Offer(WaitingDialog dialog, string operatorId)
    {
        var expiresAt = Now + S.Config.AcceptTimeout;
        await ScheduleDeadlineAsync(OfferDeadline(dialog.Id), expiresAt, dialog.Id);
        if (!await Conversation(dialog.Id).Offered(operatorId, DepartmentId))
        {
            Upsert(await Operator(operatorId).Release(dialog.Id));
            await CancelDeadlineAsync(OfferDeadline(dialog.Id));
            return ReserveOutcome.ConversationClosed;
        }
        S.Offers[dialog.Id] = new PendingOffer(dialog, operatorId, expiresAt);
        await Save();
        Publish(dialog.Id, "offered");
        return ReserveOutcome.Assigned;
    }

    /// <summary>Frees the operator, then places the dialog again with its original wait, skipping this operator.</summary>
    private async Task ReturnOffer(PendingOffer offer, bool notResponding)
    {
        var op = Operator(offer.OperatorId);
        S.Offers.Remove(offer.Dialog.Id);
        await Save();
        Upsert(await op.Release(offer.Dialog.Id));
        if (notResponding) Upsert(await op.SetStatus(OperatorStatus.NotResponding));
        var reason = notResponding ? "offer-expired" : "offer-declined";
        if (!await Conversation(offer.Dialog.Id).Requeued(DepartmentId, reason)) return; // closed meanwhile
        var dialog = offer.Dialog with { SkippedOperators = [.. offer.Dialog.SkippedOperators, offer.OperatorId] };
        await Place(dialog);
    }

    private static string OfferDeadline(string conversationId) => OfferDeadlinePrefix + conversationId;
}
