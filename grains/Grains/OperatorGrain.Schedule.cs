using Routing.GrainInterfaces;
using Routing.GrainInterfaces.Model;
using Routing.Grains.Policies;
using Routing.Grains.State;
using Orleans.Concurrency;
using Routing.Storage.Orleans.Deadlines;

namespace Routing.Grains.Grains;

/// <summary>
/// Work schedules (R14). One durable deadline, "shift", at the schedule's next transition. When it fires, the shift the
/// operator was last put on (<see cref="OperatorShiftState.Current"/>) is compared with the schedule's answer for now, not
/// with the transition's kind, so a late delivery (after a crash) or a repeated one (at least once) applies each start
/// and end exactly once. A shift start puts them online unless they set themselves away since the last shift end; a
/// shift end takes them out of routing at once (offline, or wrapping up while they hold dialogs), and at the handover
/// (end + grace) asks for each remaining dialog to go back to the queue, again every 30 s while any is left, since that
/// request is one-way. The last dialog leaving ends the wrap-up: offline. "lateness" alerts supervisors.
/// </summary>
public sealed partial class OperatorGrain
{
    private const string ShiftDeadline = "shift";
    private const string HandOverDeadline = "handover";
    private const string LatenessDeadline = "lateness";
    // ReturnToQueue is one-way (lost in a crash, ignored while a move by hand is under way): re-asked this often.
    private static readonly TimeSpan HandOverRetry = TimeSpan.FromSeconds(30);

    public async Task<OperatorSnapshot> SetSchedule(WorkSchedule? schedule)
    {
        if (schedule?.Problem() is { } problem) throw new ArgumentException(problem, nameof(schedule));
        if (schedule is null)
        {
            // The status stays as it is; a wrap-up under way still hands over (its shift did end).
            S.Schedule = null;
            S.Shift.Current = null;
            await Commit(OperatorChangeKinds.Schedule, notifyRouter: false);
            await CancelDeadlineAsync(ShiftDeadline);
            await CancelDeadlineAsync(LatenessDeadline);
            await TellDepartmentsTheSchedule();
            return Snapshot();
        }
        // Armed before the schedule is stored: if the write fails, the deadline finds the old schedule and re-arms for it.
        await ArmNextTransition(schedule);
        S.Schedule = schedule;
        await Apply(schedule, alwaysCommit: true);
        await TellDepartmentsTheSchedule();
        return Snapshot();
    }

    /// <summary>
    /// The router hands the fresh snapshot to each department (one-way), which keeps it: the staffing gap reads the
    /// members' schedules there, in one call per department, instead of asking every operator.
    /// </summary>
    private Task TellDepartmentsTheSchedule() => TellRouter();

    public Task ReceiveDeadline(DeadlineTick tick) => tick.Name switch
    {
        ShiftDeadline => TransitionDue(),
        HandOverDeadline => HandOver(),
        LatenessDeadline => CheckLateness(),
        BlockedDeadline => ReturnBlockedDialogs(),
        _ => Task.CompletedTask,
    };

    private async Task TransitionDue()
    {
        if (S.Schedule is not { } schedule) return;
        await Apply(schedule, alwaysCommit: false);
        // Re-armed after the state is stored: if that failed, this delivery is retried rather than replaced.
        await ArmNextTransition(schedule);
    }

    private async Task ArmNextTransition(WorkSchedule schedule)
    {
        if (WorkSchedulePolicy.NextTransition(schedule, TimeProvider.GetUtcNow()) is { } next) await ScheduleDeadlineAsync(ShiftDeadline, next.At);
        else await CancelDeadlineAsync(ShiftDeadline);
    }

    /// <summary>Brings the operator's standing in line with the schedule now: starts or ends a shift, or notes its new edges.</summary>
    private async Task Apply(WorkSchedule schedule, bool alwaysCommit)
    {
        var now = TimeProvider.GetUtcNow();
        var current = WorkSchedulePolicy.CurrentShift(schedule, now);
        var applied = S.Shift.Current;
        if (current is not null && (applied is null || applied.End <= now))
            // applied.End <= now: the end of the last shift was missed (down across it), so its away no longer counts.
            await StartShift(schedule, current, awayStillCounts: applied is null);
        else if (current is null && applied is not null)
            // A new schedule may end the shift early: then it ends now, and the grace period runs from now.
            await EndShift(schedule, applied.End <= now ? applied : applied with { End = now });
        else if (alwaysCommit || current != applied)
        {
            S.Shift.Current = current; // the same shift with other edges (a new schedule), or still off shift
            await Commit(OperatorChangeKinds.Schedule, notifyRouter: false);
        }
    }

    /// <summary>
    /// Online, unless they are already or set themselves away since the last shift end (that wins until the next shift
    /// end). An offline set by hand does not: off shift everyone is offline, so it says nothing about this shift.
    /// </summary>
    private async Task StartShift(WorkSchedule schedule, ShiftInterval shift, bool awayStillCounts)
    {
        // Stored before the shift, so a started shift always gets its check; a stray one finds another shift or none.
        if (WorkSchedulePolicy.LatenessAlertAt(schedule, shift) is { } alertAt) await ScheduleDeadlineAsync(LatenessDeadline, alertAt);
        var wasWrappingUp = S.Shift.WrapUp is not null;
        S.Shift.Current = shift;
        S.Shift.WrapUp = null; // the next shift came before the handover: they keep their dialogs
        var goOnline = S.Status != OperatorStatus.Online && !(S.Status == OperatorStatus.Away && awayStillCounts) && !OutOfRouting;
        if (goOnline)
        {
            S.Status = OperatorStatus.Online;
            S.AvailableSince = TimeProvider.GetUtcNow();
        }
        await Commit(OperatorChangeKinds.ShiftStart, notifyRouter: true, statusChanged: goOnline);
        if (wasWrappingUp) await CancelDeadlineAsync(HandOverDeadline);
    }

    /// <summary>
    /// The schedule wins over any status: no new dialogs from now. Holding none, they are offline; otherwise they wrap up
    /// until the handover (<see cref="WorkSchedulePolicy.HandOverAt"/>), at once when there is no grace period.
    /// </summary>
    private async Task EndShift(WorkSchedule schedule, ShiftInterval ended)
    {
        var now = TimeProvider.GetUtcNow();
        var before = S.Status;
        S.Shift.Current = null;
        if (S.Active.Count == 0 || OutOfRouting) // blocked: offline already, their dialogs are on their way back
        {
            S.Shift.WrapUp = null;
            S.Status = OperatorStatus.Offline;
            await Commit(OperatorChangeKinds.ShiftEnd, notifyRouter: true, statusChanged: before != S.Status);
        }
        else
        {
            var handOverAt = WorkSchedulePolicy.HandOverAt(schedule, ended);
            // Stored before the wrap-up it finishes; when the handover is due already, it is the first re-check.
            if (handOverAt is { } at) await ScheduleDeadlineAsync(HandOverDeadline, at > now ? at : now + HandOverRetry);
            S.Shift.WrapUp = new WrapUp(ended.End, handOverAt);
            S.Status = OperatorStatus.WrappingUp;
            await Commit(OperatorChangeKinds.ShiftEnd, notifyRouter: true, statusChanged: before != S.Status);
            if (handOverAt <= now) await ReturnDialogs(ReturnReason.ShiftEnded);
        }
        await CancelDeadlineAsync(LatenessDeadline);
    }

    /// <summary>At the handover, then every 30 s while any dialog is left: each is asked to go back to the queue.</summary>
    private async Task HandOver()
    {
        if (S.Shift.WrapUp is not { HandOverAt: { } at }) return; // over, overtime, or the next shift came first
        var now = TimeProvider.GetUtcNow();
        if (at > now)
        {
            await ScheduleDeadlineAsync(HandOverDeadline, at);
            return;
        }
        if (S.Active.Count == 0)
        {
            await WrapUpEnded();
            return;
        }
        await ScheduleDeadlineAsync(HandOverDeadline, now + HandOverRetry);
        await ReturnDialogs(ReturnReason.ShiftEnded);
    }

    /// <summary>One-way, so this grain stays a leaf; each return releases the dialog here, and the last release ends the wrap-up.</summary>
    private async Task ReturnDialogs(ReturnReason reason)
    {
        foreach (var dialog in S.Active.Values.ToList())
            await GrainFactory.GetGrain<IConversationControlGrain>(RoutingKeys.ConversationControl(WorkspaceId, dialog.ConversationId))
                .ReturnToQueue(OperatorId, reason);
    }

    /// <summary>They hold nothing after a shift end: offline, whatever they set during the wrap-up (overtime excepted, which ended it).</summary>
    private async Task WrapUpEnded()
    {
        S.Shift.WrapUp = null;
        var changed = S.Status != OperatorStatus.Offline;
        S.Status = OperatorStatus.Offline;
        await Commit(OperatorChangeKinds.WrappedUp, notifyRouter: true, statusChanged: changed);
        await CancelDeadlineAsync(HandOverDeadline);
    }

    /// <summary>Supervisors hear of an operator not online <see cref="WorkSchedule.LatenessAlertAfter"/> into their shift.</summary>
    private async Task CheckLateness()
    {
        if (S.Schedule is not { } schedule || S.Shift.Current is not { } shift || S.Status == OperatorStatus.Online || OutOfRouting) return;
        if (WorkSchedulePolicy.LatenessAlertAt(schedule, shift) is not { } at) return;
        if (at > TimeProvider.GetUtcNow())
        {
            await ScheduleDeadlineAsync(LatenessDeadline, at); // a new schedule moved the shift's start
            return;
        }
        var alert = new SupervisorAlert("late", null, OperatorId, null,
            $"not online {schedule.LatenessAlertAfter:g} into the shift that started at {shift.Start:u} (status {S.Status})");
        PublishEvent(alert, "workspace:" + WorkspaceId);
        PublishEvent(alert, "operator:" + GetPrimaryKeyString());
    }
}
