using Routing.GrainInterfaces.Model;
using Routing.Grains.Policies;

namespace Routing.Grains.Grains;

/// <summary>
/// Claims: a waiting dialog chosen for an operator (the router's <see cref="Serve"/>, a <see cref="Take"/>) is
/// claimed in the room, then its reservation and assignment are asked outside the turn, so the department decides for
/// other operators meanwhile and none of them picks it; a <see cref="Detach"/> of it waits for the claim to end
/// (<see cref="AfterClaim"/>). The operator counts the reservation as pending meanwhile
/// (<see cref="WhilePending{T}"/>). Taken: its DialogLeft row is journaled as before. Refused: it returns to its exact
/// place. Closed meanwhile: it is forgotten. The writes and their order are those of a decision in the turn, so crash
/// repair (<see cref="Repair"/>: the reservation names this department) covers every cut the same way.
/// </summary>
public sealed partial class DepartmentGrain
{
    // Claims in flight, by conversation: done once the decision has ended (assigned, returned or forgotten).
    private readonly Dictionary<string, Task> _claims = new(StringComparer.Ordinal);

    private async Task<ReserveOutcome> ReserveClaimed(WaitingDialog dialog, string operatorId, bool taken = false)
    {
        if (!_room.Claim(dialog.Id)) throw new InvalidOperationException($"dialog '{dialog.Id}' does not wait here to be claimed");
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _claims[dialog.Id] = done.Task;
        try
        {
            ReserveOutcome outcome;
            try
            {
                outcome = await Reserve(dialog, operatorId, outsideTurn: true, taken);
            }
            catch
            {
                _room.Unclaim(dialog.Id);
                throw;
            }
            if (_room.Unclaim(dialog.Id) is { } back) await Returned(back);
            return outcome;
        }
        finally
        {
            _claims.Remove(dialog.Id);
            done.SetResult();
        }
    }

    /// <summary>
    /// Lets a decision in flight on this dialog end first, as if it had kept the turn. A detach is followed by its
    /// caller's release and re-placing elsewhere (a transfer, a close): if it overtook the claim, the claim's "conversation
    /// moved" release could take back the reservation the new department has just made for the same operator.
    /// </summary>
    private async Task AfterClaim(string conversationId)
    {
        while (_claims.TryGetValue(conversationId, out var claim))
            await OutsideTurn(async () =>
            {
                await claim;
                return true;
            });
    }

    /// <summary>
    /// A claimed dialog back at its place: what it missed while out is done now. A hold whose time ended or whose operator
    /// left joins the queue (the hold deadline and <see cref="ReleaseHolds"/> did not see it). A queued one goes to the
    /// best operator with room, if any: one who freed capacity meanwhile was not offered it (their router found it
    /// claimed), nor was a widening or a change back from pull distribution that ran meanwhile.
    /// </summary>
    private async Task Returned(ClaimedDialog back)
    {
        if (back.Held is { } hold)
        {
            var awaited = S.Members.ContainsKey(hold.OperatorId) && _snapshots.TryGet(hold.OperatorId, out var op)
                && op.Status is OperatorStatus.Online or OperatorStatus.Away;
            if (!awaited || hold.Until <= Now) await ReleaseHold(hold);
            else if (_room.Held.All(h => h.Until >= hold.Until)) await ScheduleDeadlineAsync(StickyDeadline, hold.Until);
            return;
        }
        await TryAssignQueued(back.Dialog);
    }
}
