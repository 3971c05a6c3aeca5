using Routing.GrainInterfaces;
using Routing.GrainInterfaces.Model;
using Routing.Grains.Policies;
using Routing.Grains.State;
using Orleans.Concurrency;
using Routing.Storage.Orleans.Deadlines;

namespace Routing.Grains.Grains;

/// <summary>
/// One operator: status, profile and the dialogs they hold. THE authority on capacity: a reservation succeeds only
/// if <see cref="CapacityPolicy.CanTake(int, bool, int, Channel, ChannelCosts?)"/> allows it on this grain's own
/// persisted state, so departments racing for one operator can never push it over. A leaf: it calls nobody
/// synchronously, and tells its router one-way when it may take more work. Its work schedule (R14) is in
/// OperatorGrain.Schedule.cs.
/// </summary>
[GrainType("operator")]
public sealed partial class OperatorGrain(
    [PersistentState("operator")] IPersistentState<OperatorState> state) : RoutingGrain, IOperatorGrain, IDeadlineReceiver
{
    private OperatorState S => state.State;
    private string OperatorId => RoutingKeys.IdOf(GetPrimaryKeyString());

    public async Task<OperatorSnapshot> Configure(OperatorProfile profile)
    {
        ArgumentNullException.ThrowIfNull(profile);
        if (profile.Problem() is { } problem) throw new ArgumentException(problem, nameof(profile));
        S.Profile = profile;
        S.Removed = false; // configured again after a removal
        await Commit(OperatorChangeKinds.Configured, notifyRouter: false); // the workspace routes after it updated the departments
        return Snapshot();
    }

    public async Task<OperatorSnapshot> SetStatus(OperatorStatus status)
    {
        if (!Enum.IsDefined(status)) throw new ArgumentOutOfRangeException(nameof(status), status, "unknown status");
        if (status == OperatorStatus.WrappingUp) throw new ArgumentException("wrapping up is set by the work schedule only", nameof(status));
        if (status == S.Status) return Snapshot();
        if (S.Blocked && status is OperatorStatus.Online or OperatorStatus.Away)
            throw new RoutingRefusedException(RoutingRefusedException.OperatorBlocked, $"operator '{OperatorId}' is blocked; an admin must unblock them first");
        if (S.Removed && status is OperatorStatus.Online or OperatorStatus.Away)
            throw new InvalidOperationException($"operator '{OperatorId}' was removed from the workspace");
        if (status == OperatorStatus.Offline && S.Active.Count > 0)
            throw new InvalidOperationException(
                $"operator '{OperatorId}' holds {S.Active.Count} dialog(s); close or transfer them before going offline");
        // An offer that expired while they wrapped up a shift: someone off duty is not "not responding".
        if (status == OperatorStatus.NotResponding && S.Status == OperatorStatus.Offline) return Snapshot();
        // Online during a wrap-up is overtime: they keep their dialogs and take new ones (R14).
        var overtime = status == OperatorStatus.Online && S.Shift.WrapUp is not null;
        if (status == OperatorStatus.Online)
        {
            S.AvailableSince = TimeProvider.GetUtcNow();
            S.Shift.WrapUp = null;
        }
        S.Status = status;
        await Commit(OperatorChangeKinds.Status, notifyRouter: true, statusChanged: true);
        if (overtime) await CancelDeadlineAsync(HandOverDeadline);
        return Snapshot();
    }

    public Task<ReserveResult> TryReserve(string conversationId, Channel channel, string departmentId) =>
        Reserve(conversationId, channel, departmentId, force: false, byHand: false);

    public Task<ReserveResult> ReserveByHand(string conversationId, Channel channel, string departmentId, bool force) =>
        Reserve(conversationId, channel, departmentId, force, byHand: true);

    /// <summary>Within capacity and online, unless forced (then recorded as forced). Idempotent per dialog.</summary>
    private async Task<ReserveResult> Reserve(string conversationId, Channel channel, string departmentId, bool force, bool byHand)
    {
        if (S.Active.ContainsKey(conversationId)) return new ReserveResult(true, Snapshot());
        if (OutOfRouting) return new ReserveResult(false, Snapshot()); // blocked or removed: not even by force
        if (!force && (S.Status != OperatorStatus.Online || !CapacityPolicy.CanTake(Load, ActiveVoice, S.Profile.Capacity, channel, S.Profile.Costs)))
            return new ReserveResult(false, Snapshot());
        S.Active[conversationId] = new ActiveDialog(conversationId, departmentId, channel,
            CapacityPolicy.CostOf(channel, S.Profile.Capacity, S.Profile.Costs)) { Forced = force, ByHand = byHand };
        S.LastAssignedAt = TimeProvider.GetUtcNow();
        await Commit(byHand ? OperatorChangeKinds.ReservedByHand : OperatorChangeKinds.Reserved, notifyRouter: false);
        return new ReserveResult(true, Snapshot());
    }

    public async Task<OperatorSnapshot> Release(string conversationId)
    {
        if (!S.Active.Remove(conversationId)) return Snapshot();
        if (S.Active.Count == 0 && S.Shift.WrapUp is not null) await WrapUpEnded(); // their shift is over: offline now
        else await Commit(OperatorChangeKinds.Released, notifyRouter: true);
        if (S.Blocked && S.Active.Count == 0) await CancelDeadlineAsync(BlockedDeadline); // every dialog is back in a queue
        return Snapshot();
    }

    public async Task<bool> ChangeChannel(string conversationId, Channel channel, bool force)
    {
        if (!S.Active.TryGetValue(conversationId, out var dialog))
            throw new RoutingRefusedException(RoutingRefusedException.NotAssigned, $"operator '{OperatorId}' does not hold conversation '{conversationId}'");
        if (dialog.Channel == channel) return true;
        if (channel == Channel.Voice) throw new ArgumentException("a move to the phone is a callback request, not a channel move", nameof(channel));
        var cost = CapacityPolicy.CostOf(channel, S.Profile.Capacity, S.Profile.Costs);
        if (!force && !CapacityPolicy.CanChangeChannel(Load, dialog.Cost, cost, S.Profile.Capacity)) return false;
        S.Active[conversationId] = dialog with { Channel = channel, Cost = cost };
        // A cheaper channel frees room: the router may find them more work.
        await Commit(OperatorChangeKinds.ChannelChanged, notifyRouter: cost < dialog.Cost);
        return true;
    }

    public Task<OperatorSnapshot> GetSnapshot() => Task.FromResult(Snapshot());

    private int Load => S.Active.Values.Sum(d => d.Cost);
    private bool ActiveVoice => S.Active.Values.Any(d => d.Channel == Channel.Voice);

    private OperatorSnapshot Snapshot() => new(OperatorId)
    {
        Version = S.Version, Status = S.Status, Profile = S.Profile, Load = Load, ActiveVoice = ActiveVoice,
        AvailableSince = S.AvailableSince, LastAssignedAt = S.LastAssignedAt, Active = S.Active.Values.ToList(),
        Schedule = S.Schedule, ShiftEndsAt = S.Shift.Current?.End, HandOverAt = S.Shift.WrapUp?.HandOverAt, StatusSince = S.StatusSince,
        Blocked = S.Blocked,
    };

    /// <summary>Durable first, then the event, then (one-way) the router, which may find this operator new work.</summary>
    private async Task Commit(string kind, bool notifyRouter, bool statusChanged = false)
    {
        S.Version++;
        if (statusChanged) S.StatusSince = TimeProvider.GetUtcNow();
        await state.WriteStateAsync();
        var changed = new OperatorChanged(OperatorId, S.Status, Load, S.Profile.Capacity, kind) { StatusSince = S.StatusSince };
        PublishEvent(changed, "operator:" + GetPrimaryKeyString());
        PublishEvent(changed, "workspace:" + WorkspaceId);
        // Any status change reaches the departments (an operator leaving routing releases what was held for them);
        // freed capacity matters only while online.
        if (notifyRouter && (S.Status == OperatorStatus.Online || statusChanged))
            await TellRouter();
    }

    /// <summary>One-way, with the snapshot just committed: the router hands it to the departments without asking back.</summary>
    private Task TellRouter() =>
        GrainFactory.GetGrain<IOperatorRouterGrain>(RoutingKeys.OperatorRouter(WorkspaceId, OperatorId)).OperatorChanged(Snapshot());
}
