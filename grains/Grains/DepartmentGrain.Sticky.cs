using Routing.GrainInterfaces;
using Routing.GrainInterfaces.Model;
using Routing.Grains.Policies;
using Routing.Grains.State;

namespace Routing.Grains.Grains;

/// <summary>
/// Sticky routing (R9) on entry: the personal manager, or the operator who served a returning customer within the
/// department's window, gets the dialog when they can take it now (<see cref="StickyRoutingPolicy.Decide"/>). When they
/// are busy or on a break, the dialog is held for them alone (a <see cref="HeldDialog"/>) until the policy's bounded wait
/// ends; they take it as soon as they free capacity. At the end of the wait (one durable deadline for the earliest hold),
/// or at once when they go offline or stop responding, it joins the department's queue with its original wait.
/// A hold needs the operator to be a member of the department: only members' routers ask it for work.
/// </summary>
public sealed partial class DepartmentGrain
{
    private const string StickyDeadline = "sticky";

    private async Task<Placement?> TryStickyOperator(WaitingDialog dialog, EnqueueRequest request)
    {
        var context = new StickyContext
        {
            PersonalManagerId = request.PersonalManagerId, LastOperatorId = request.LastOperatorId, LastContactAt = request.LastContactAt,
        };
        var targets = StickyRoutingPolicy.Targets(context, Now, Settings);
        if (targets.Count == 0) return null;

        // Targets need not be members of this department: read them from their grains.
        var fresh = new Dictionary<string, RoutingOperator>();
        foreach (var (operatorId, _) in targets)
        {
            var snapshot = await Operator(operatorId).GetSnapshot();
            fresh[operatorId] = ToRouting(snapshot, S.Members.GetValueOrDefault(operatorId, 1));
        }
        var decision = StickyRoutingPolicy.Decide(dialog, context, id => fresh.GetValueOrDefault(id), Now, Settings);
        if (decision is { Action: StickyAction.WaitForOperator, OperatorId: { } awaited, WaitUntil: { } until } && S.Members.ContainsKey(awaited))
            return await Hold(new HeldDialog(dialog, awaited, until));
        if (decision is not { Action: StickyAction.OfferNow, OperatorId: { } chosen }) return null;
        var outcome = await Reserve(dialog, chosen);
        return outcome switch
        {
            ReserveOutcome.Assigned => new Placement(dialog.Id, chosen, null) { Offered = S.Config.OfferMode },
            ReserveOutcome.ConversationClosed => new Placement(dialog.Id, null, null),
            _ => null,
        };
    }

    private async Task<Placement> Hold(HeldDialog held)
    {
        var earliest = _room.Held.Select(h => (DateTimeOffset?)h.Until).Min();
        // The deadline is stored before the hold, so a stored hold always ends.
        if (earliest is null || held.Until < earliest) await ScheduleDeadlineAsync(StickyDeadline, held.Until);
        // A held dialog is numbered like a queued one: its sequence orders it among dialogs with the same wait.
        await Record(new DialogHeld(held with { Dialog = held.Dialog with { Sequence = _room.NextSequence } }));
        Publish(held.Dialog.Id, "held");
        return new Placement(held.Dialog.Id, null, _room.PositionOf(held.Dialog.Id));
    }

    /// <summary>The deadline: every hold that ended joins the queue (or an operator now), then the next hold's end is armed.</summary>
    private async Task HoldsEnded()
    {
        await Ready();
        var now = Now;
        foreach (var ended in _room.Held.Where(h => h.Until <= now).OrderBy(h => h.Dialog, WaitingOrder.Instance).ToList())
            await ReleaseHold(ended);
        if (_room.Held.Count > 0) await ScheduleDeadlineAsync(StickyDeadline, _room.Held.Min(h => h.Until));
    }

    /// <summary>An operator who left (offline, not responding, no longer a member) is not waited for any more.</summary>
    private async Task ReleaseHolds(string operatorId)
    {
        foreach (var held in _room.Held.Where(h => h.OperatorId == operatorId).OrderBy(h => h.Dialog, WaitingOrder.Instance).ToList())
            await ReleaseHold(held);
    }

    private async Task ReleaseHold(HeldDialog held)
    {
        var view = await Conversation(held.Dialog.Id).Get();
        if (view.Status != ConversationStatus.Queued || view.DepartmentId != DepartmentId)
        {
            await Forget(held.Dialog.Id);
            return;
        }
        // Place journals the dialog into the queue at the place it held (which ends the hold), or hands it to an operator
        // (Reserve ends it).
        await Place(held.Dialog, keepSequence: true);
    }

    /// <summary>The first dialog held for this operator that they can take now, in queue order.</summary>
    private WaitingDialog? FirstHeldFor(RoutingOperator op)
    {
        if (_room.Held.Count == 0 || op.Status != OperatorStatus.Online) return null;
        WaitingDialog? first = null;
        foreach (var held in _room.Held)
            if (held.OperatorId == op.Id && EligibilityPolicy.Availability(op, held.Dialog.Channel) == Eligibility.Eligible) first = Earlier(first, held.Dialog);
        return first;
    }
}
