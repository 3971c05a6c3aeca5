using Routing.GrainInterfaces.Model;

namespace Routing.Grains.Policies;

/// <summary>
/// The waiting dialogs of one queue that share a channel and a skill requirement set, in queue order.
/// Whether an operator may take such a dialog then depends only on the dialog's wait (tier and skill widening) and
/// its skip list, so within one priority the dialogs an operator may take form a prefix of the lane (oldest first):
/// finding an operator's first dialog looks at one dialog per priority plus the dialogs that skip them.
/// </summary>
internal sealed class WaitingLane(WaitingLaneKey key, Channel channel, IReadOnlyList<SkillRequirement> requiredSkills)
{
    public WaitingLaneKey Key { get; } = key;
    public Channel Channel { get; } = channel;
    public IReadOnlyList<SkillRequirement> RequiredSkills { get; } = requiredSkills;
    public OrderStatisticTree<WaitingDialog> Dialogs { get; } = new(WaitingOrder.Instance);

    /// <summary>
    /// The first dialog of this lane in queue order that an operator may take, given the wait from which the tier and
    /// skill rules allow them; null if none, or none that sorts before <paramref name="mustBeat"/>.
    /// </summary>
    public WaitingDialog? FirstFor(string operatorId, TimeSpan minimumWait, DateTimeOffset now, WaitingDialog? mustBeat)
    {
        if (Dialogs.Count == 0) return null;
        var dialog = Dialogs.Min!;
        while (true)
        {
            if (mustBeat is not null && WaitingOrder.Instance.Compare(dialog, mustBeat) >= 0) return null;
            bool found;
            if (EligibilityPolicy.Waited(dialog.WaitingSince, now) < minimumWait)
            {
                // The oldest of this priority is too new, so is the rest of it: jump to the next priority.
                found = Dialogs.TryGetFirstFrom(WaitingQueue.EndOfPriority(dialog.Priority), inclusive: false, out dialog);
            }
            else if (dialog.Skips(operatorId))
            {
                found = Dialogs.TryGetFirstFrom(dialog, inclusive: false, out dialog);
            }
            else
            {
                return dialog;
            }
            if (!found) return null;
        }
    }
}
