using Routing.GrainInterfaces;
using Routing.GrainInterfaces.Model;
using Routing.Grains.Policies;

namespace Routing.Grains.Grains;

/// <summary>
/// Sticky routing (R9) on entry: the personal manager, or the operator who served a returning customer within the
/// department's window, gets the dialog when they can take it now (<see cref="StickyRoutingPolicy.Decide"/>).
/// Not yet done: <see cref="StickyAction.WaitForOperator"/> (holding the dialog for them for a bounded time) is
/// treated as routing through the department.
/// </summary>
public sealed partial class DepartmentGrain
{
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
        if (decision is not { Action: StickyAction.OfferNow, OperatorId: { } chosen }) return null;
        var outcome = await Reserve(dialog, chosen);
        return outcome switch
        {
            ReserveOutcome.Assigned => new Placement(dialog.Id, chosen, null) { Offered = S.Config.OfferMode },
            ReserveOutcome.ConversationClosed => new Placement(dialog.Id, null, null),
            _ => null,
        };
    }
}
