using Routing.GrainInterfaces.Model;

namespace Routing.Grains.Policies;

/// <summary>The queue's side of matching: an operator looking for work, and dialogs whose operator pool has widened.</summary>
public sealed partial class WaitingQueue
{
    /// <summary>
    /// The first dialog in queue order that <paramref name="op"/> is eligible for (<see cref="EligibilityPolicy"/>), or null:
    /// what an operator who frees capacity or comes online takes. O(lanes × priorities × log n), plus one step per
    /// dialog that skips this operator.
    /// </summary>
    public WaitingDialog? FirstFor(RoutingOperator op, DateTimeOffset now, RoutingSettings settings)
    {
        if (op.Status != OperatorStatus.Online) return null;
        WaitingDialog? best = null;
        foreach (var lane in lanes.Values)
        {
            if (!CapacityPolicy.CanTake(op, lane.Channel)) continue;
            if (EligibilityPolicy.MinimumWait(op, lane.RequiredSkills, settings) is not { } minimumWait) continue;
            best = lane.FirstFor(op.Id, minimumWait, now, best) ?? best;
        }
        return best;
    }

    /// <summary>
    /// When the next waiting dialog widens (a tier step or the skill widening passes), or null: the one durable deadline
    /// a department needs to re-route dialogs whose pool grew. O(delays × priorities × log n).
    /// </summary>
    public DateTimeOffset? NextWidening(DateTimeOffset now, RoutingSettings settings)
    {
        DateTimeOffset? next = null;
        foreach (var delay in EligibilityPolicy.WideningDelays(settings))
        {
            // The oldest dialog of each priority that has not yet waited this long widens first.
            var notYet = now - delay;
            foreach (var priority in countByPriority.Keys)
            {
                var probe = new WaitingDialog("", priority, notYet) { Sequence = long.MaxValue };
                if (!order.TryGetFirstFrom(probe, inclusive: false, out var dialog) || dialog.Priority != priority) continue;
                var at = dialog.WaitingSince + delay;
                if (next is null || at < next) next = at;
            }
        }
        return next;
    }

    /// <summary>
    /// Dialogs that started waiting after <paramref name="afterExclusive"/> and up to <paramref name="untilInclusive"/>,
    /// in queue order: on a widening deadline at T for delay d, the dialogs with a start in (previous T − d, T − d]
    /// just widened and should be routed again. A copy, so the caller may assign (remove) them while going through it.
    /// O(priorities × log n + k).
    /// </summary>
    public IReadOnlyList<WaitingDialog> WaitingSinceBetween(DateTimeOffset afterExclusive, DateTimeOffset untilInclusive)
    {
        var dialogs = new List<WaitingDialog>();
        foreach (var priority in countByPriority.Keys)
        {
            var probe = new WaitingDialog("", priority, afterExclusive) { Sequence = long.MaxValue };
            foreach (var dialog in order.From(probe, inclusive: false))
            {
                if (dialog.Priority != priority || dialog.WaitingSince > untilInclusive) break;
                dialogs.Add(dialog);
            }
        }
        return dialogs;
    }
}
