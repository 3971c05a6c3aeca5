using Routing.GrainInterfaces.Model;

namespace Routing.Grains.Policies;

/// <summary>
/// Sticky routing (R9): the personal manager first, else the last operator if the customer returns within
/// <see cref="RoutingSettings.StickyReturnWindow"/>. Offer now when they are online with room for the channel; wait for
/// them while they are online but full, or away on a break, until the dialog has waited
/// <see cref="RoutingSettings.MaxStickyWait"/> (exclusive); otherwise, or when offline, not responding or among those
/// who already dropped this dialog, the department routes it normally.
/// </summary>
/// <remarks>
/// Tiers and skills do not apply: the relationship is the point. The wait counts from the dialog's original enqueue
/// time, so re-deciding at <see cref="StickyDecision.WaitUntil"/> (a durable deadline) yields the department.
/// </remarks>
public static class StickyRoutingPolicy
{
    /// <summary>
    /// Settings for an operator's personal queue of dialogs held for them (<see cref="StickyAction.WaitForOperator"/>):
    /// every tier at once and skills dropped at once, so <see cref="WaitingQueue.FirstFor"/> checks only capacity.
    /// </summary>
    public static RoutingSettings PersonalQueueSettings { get; } = new() { SkillWideningAfter = TimeSpan.Zero };

    /// <summary>The operators to try, in order: whose snapshots the caller must fetch before <see cref="Decide"/>.</summary>
    public static IReadOnlyList<(string OperatorId, StickyReason Reason)> Targets(
        StickyContext customer, DateTimeOffset now, RoutingSettings settings)
    {
        var targets = new List<(string, StickyReason)>(2);
        if (!string.IsNullOrEmpty(customer.PersonalManagerId))
            targets.Add((customer.PersonalManagerId, StickyReason.PersonalManager));
        if (!string.IsNullOrEmpty(customer.LastOperatorId)
            && customer.LastOperatorId != customer.PersonalManagerId
            && customer.LastContactAt is { } lastContact
            && now - lastContact <= settings.StickyReturnWindow)
            targets.Add((customer.LastOperatorId, StickyReason.ReturningCustomer));
        return targets;
    }

    /// <param name="operatorState">The current snapshot of an operator, or null when unknown.</param>
    public static StickyDecision Decide(
        WaitingDialog dialog,
        StickyContext customer,
        Func<string, RoutingOperator?> operatorState,
        DateTimeOffset now,
        RoutingSettings settings)
    {
        (string Id, StickyReason Reason)? worthWaitingFor = null;
        foreach (var (operatorId, reason) in Targets(customer, now, settings))
        {
            if (dialog.Skips(operatorId) || operatorState(operatorId) is not { } op) continue;
            if (op.Status == OperatorStatus.Online && CapacityPolicy.CanTake(op, dialog.Channel))
                return new StickyDecision(StickyAction.OfferNow, operatorId, reason);
            if (worthWaitingFor is null && op.Status is OperatorStatus.Online or OperatorStatus.Away)
                worthWaitingFor = (operatorId, reason);
        }
        var waitUntil = dialog.WaitingSince + settings.MaxStickyWait;
        return worthWaitingFor is { } target && now < waitUntil
            ? new StickyDecision(StickyAction.WaitForOperator, target.Id, target.Reason, waitUntil)
            : StickyDecision.Department;
    }
}
