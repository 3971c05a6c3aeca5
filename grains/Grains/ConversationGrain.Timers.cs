using Routing.GrainInterfaces;
using Routing.Grains.Policies;
using Orleans.Concurrency;
using Routing.Storage.Orleans.Deadlines;

namespace Routing.Grains.Grains;

/// <summary>
/// The dialog's own clocks (R13), as durable deadlines on the conversation: rescue (warning, then the dialog leaves a
/// silent operator), the first-response SLA, and the close after customer inactivity. They are armed from the
/// difference between the persisted view and the new one, before the new one is written, so a stored clock always has
/// its deadline; a deadline that finds nothing to do (answered, moved, closed) does nothing.
/// </summary>
public sealed partial class ConversationGrain
{
    private const string RescueDeadline = "rescue";
    private const string SlaDeadline = "sla";
    private const string InactivityDeadline = "inactivity";

    // A rescue or an inactivity close is asked of the control grain one-way (it sits above us); until it happened we
    // ask again this often.
    private static readonly TimeSpan AskAgainAfter = TimeSpan.FromSeconds(30);

    public async Task AddOperatorMessage(string operatorId, string text, string? clientMessageId = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(operatorId);
        if (await Replayed(MessageAuthor.Operator, operatorId, clientMessageId)) return; // a resend after a lost answer (even once the dialog moved on)
        // One that does not exist is refused alike: an operator cannot tell another customer's conversation from none.
        if (state.State.View is not { Status: ConversationStatus.Assigned } view || view.OperatorId != operatorId)
            throw new RoutingRefusedException(RoutingRefusedException.NotAssigned, $"conversation '{Id}' is not assigned to operator '{operatorId}'"
                + (state.State.View?.DroppedBy.Contains(operatorId) == true ? " any more: it was rescued" : ""));
        ThrowIfInvalid(text, null);
        using var writes = PipelineWrites();
        var (message, stored) = StoreMessage(view.MessagesLength + 1, MessageAuthor.Operator, operatorId, text, null, clientMessageId);
        var now = TimeProvider.GetUtcNow();
        var first = view.FirstResponseAt is null;
        state.State.View = view with
        {
            Unanswered = false, LastOperatorMessageAt = now, FirstResponseAt = view.FirstResponseAt ?? now, MessagesLength = message.Sequence,
            LastRepliedBy = operatorId,
        };
        var remembered = Remember(MessageAuthor.Operator, operatorId, clientMessageId, message.Sequence);
        try
        {
            await Record(first ? ConversationChangeKinds.FirstResponse : ConversationChangeKinds.OperatorMessage, operatorId, view.DepartmentId, null, stored);
        }
        catch
        {
            Forget(remembered);
            throw;
        }
        PublishMessage(message);
        await ToChannel([OutboundEvent.OperatorMessage(message, view)]);
        await AskForRatingIfDue();
    }

    public async Task ReceiveDeadline(DeadlineTick tick)
    {
        if (state.State.View is not { Status: not ConversationStatus.Closed } view) return;
        switch (tick.Name)
        {
            case RescueDeadline: await RescueTick(view); break;
            case SlaDeadline: await SlaTick(view); break;
            case InactivityDeadline: await InactivityTick(view); break;
        }
    }

    private async Task RescueTick(ConversationView view)
    {
        var now = TimeProvider.GetUtcNow();
        var decision = RescuePolicy.Decide(view, now);
        switch (decision.Step)
        {
            case RescueStep.NotYet:
                await ScheduleDeadlineAsync(RescueDeadline, decision.At!.Value);
                break;
            case RescueStep.Warn:
                await ScheduleDeadlineAsync(RescueDeadline, decision.At!.Value);
                state.State.View = view with { RescueWarnedFor = view.AwaitingReplySince };
                await Record(ConversationChangeKinds.RescueWarning, view.OperatorId, view.DepartmentId, decision.At.Value.ToString("O"));
                PublishEvent(new RescueWarning(Id, view.OperatorId!, decision.At.Value), "operator:" + RoutingKeys.Operator(WorkspaceId, view.OperatorId!));
                break;
            case RescueStep.Rescue:
                await ScheduleDeadlineAsync(RescueDeadline, now + AskAgainAfter);
                await GrainFactory.GetGrain<IConversationControlGrain>(RoutingKeys.ConversationControl(WorkspaceId, Id))
                    .ReturnToQueue(view.OperatorId!, ReturnReason.Rescued);
                break;
        }
    }

    private async Task SlaTick(ConversationView view)
    {
        if (view.FirstResponseAt is not null || view.SlaBreached || view.SlaDueAt is not { } due) return;
        if (due > TimeProvider.GetUtcNow())
        {
            await ScheduleDeadlineAsync(SlaDeadline, due);
            return;
        }
        state.State.View = view with { SlaBreached = true };
        await Record(ConversationChangeKinds.SlaBreached, view.OperatorId, view.DepartmentId, due.ToString("O"));
        PublishEvent(new SupervisorAlert("sla-breached", Id, view.OperatorId, view.DepartmentId, $"no first response by {due:O}"), "workspace:" + WorkspaceId);
    }

    /// <summary>
    /// Closes a dialog whose customer went quiet after the operator's reply (<see cref="InactivityPolicy"/>), never one
    /// whose customer waits for us. The close is the control grain's (above us): asked one-way, and asked again until done.
    /// </summary>
    private async Task InactivityTick(ConversationView view)
    {
        if (view.Timers?.InactivityCloseAfter is not { } quiet) return;
        var now = TimeProvider.GetUtcNow();
        if (InactivityPolicy.CloseAt(view) is not { } closeAt) await ScheduleDeadlineAsync(InactivityDeadline, now + quiet); // look again later
        else if (closeAt > now) await ScheduleDeadlineAsync(InactivityDeadline, closeAt);
        else
        {
            await ScheduleDeadlineAsync(InactivityDeadline, now + AskAgainAfter);
            await GrainFactory.GetGrain<IConversationControlGrain>(RoutingKeys.ConversationControl(WorkspaceId, Id)).CloseForInactivity();
        }
    }

    /// <summary>
    /// Arms what the new view needs and the persisted one did not have (before the new view is written): issued together,
    /// so they join the caller's pipeline ahead of the view.
    /// </summary>
    private Task ArmDeadlines(ConversationView? before, ConversationView after)
    {
        if (after.Status == ConversationStatus.Closed) return Task.CompletedTask;
        var arming = new List<Task>(3);
        if (after.AwaitingReplySince != before?.AwaitingReplySince && RescuePolicy.FirstCheck(after) is { } check)
            arming.Add(ScheduleDeadlineAsync(RescueDeadline, check));
        if (after.SlaDueAt is { } due && after.FirstResponseAt is null && !after.SlaBreached && before?.SlaDueAt != due)
            arming.Add(ScheduleDeadlineAsync(SlaDeadline, due));
        if (after.Timers?.InactivityCloseAfter is { } quiet && before?.Timers?.InactivityCloseAfter is null)
            arming.Add(ScheduleDeadlineAsync(InactivityDeadline, TimeProvider.GetUtcNow() + quiet));
        return Task.WhenAll(arming);
    }

    /// <summary>
    /// Cancels the clocks the new view stopped, issued together behind its write in the caller's pipeline (so they commit
    /// only after it: a crash cannot lose a needed one).
    /// </summary>
    private Task CancelDeadlines(ConversationView? before, ConversationView after)
    {
        var closed = after.Status == ConversationStatus.Closed;
        var cancelling = new List<Task>(3);
        if (before?.AwaitingReplySince is not null && (closed || after.AwaitingReplySince is null)) cancelling.Add(CancelDeadlineAsync(RescueDeadline));
        if (before is { SlaDueAt: not null, FirstResponseAt: null, SlaBreached: false } && (closed || after.FirstResponseAt is not null))
            cancelling.Add(CancelDeadlineAsync(SlaDeadline));
        if (closed && before?.Timers?.InactivityCloseAfter is not null) cancelling.Add(CancelDeadlineAsync(InactivityDeadline));
        return Task.WhenAll(cancelling);
    }

}
