using Routing.GrainInterfaces;
using Routing.GrainInterfaces.Model;

namespace Routing.Grains.Grains;

/// <summary>
/// Access (issue 15): an admin blocks an operator (a lost phone, a dismissal) or removes them. A blocked operator is
/// offline at once and stays out of routing; the dialogs they hold go back to their departments' queues by their original
/// wait (ahead of newer ones), asked one-way like a shift's handover, since this grain is a leaf, and asked again from
/// the durable "blocked" deadline every 30 s while any is left (a one-way call can be lost in a crash, or ignored while
/// a move by hand is under way).
/// </summary>
public sealed partial class OperatorGrain
{
    private const string BlockedDeadline = "blocked";

    /// <summary>Blocked or removed: never reserved, never online.</summary>
    private bool OutOfRouting => S.Blocked || S.Removed;

    public async Task<OperatorSnapshot> Block()
    {
        if (!S.Blocked)
        {
            // Stored before the block it finishes: a crash after the state still returns the dialogs.
            if (S.Active.Count > 0) await ScheduleDeadlineAsync(BlockedDeadline, TimeProvider.GetUtcNow() + HandOverRetry);
            var changed = S.Status != OperatorStatus.Offline;
            S.Blocked = true;
            S.Status = OperatorStatus.Offline; // even holding dialogs: they are on their way back to the queue
            S.Shift.WrapUp = null;             // the block's returns replace a shift's handover
            await Commit(OperatorChangeKinds.Blocked, notifyRouter: true, statusChanged: changed);
            await CancelDeadlineAsync(HandOverDeadline);
        }
        await ReturnDialogs(ReturnReason.OperatorBlocked); // a repeat asks again (idempotent on the control grain)
        return Snapshot();
    }

    public async Task<OperatorSnapshot> Unblock()
    {
        if (!S.Blocked) return Snapshot();
        S.Blocked = false;
        await Commit(OperatorChangeKinds.Unblocked, notifyRouter: false); // still offline: nothing to route
        await CancelDeadlineAsync(BlockedDeadline);
        return Snapshot();
    }

    public async Task<OperatorSnapshot> Remove()
    {
        if (S.Active.Count > 0)
            throw new InvalidOperationException(
                $"operator '{OperatorId}' holds {S.Active.Count} dialog(s); close or transfer them (or block the operator) before removing them");
        if (S.Removed) return Snapshot();
        var changed = S.Status != OperatorStatus.Offline;
        S.Removed = true;
        S.Blocked = false; // the block ends with the operator; a new operator of the same id starts unblocked
        S.Status = OperatorStatus.Offline;
        S.Shift.WrapUp = null;
        await Commit(OperatorChangeKinds.Removed, notifyRouter: true, statusChanged: changed);
        return Snapshot();
    }

    /// <summary>The "blocked" deadline: asks again for every dialog still held, and again in 30 s while any is left.</summary>
    private async Task ReturnBlockedDialogs()
    {
        if (!S.Blocked || S.Active.Count == 0) return;
        await ScheduleDeadlineAsync(BlockedDeadline, TimeProvider.GetUtcNow() + HandOverRetry);
        await ReturnDialogs(ReturnReason.OperatorBlocked);
    }
}
