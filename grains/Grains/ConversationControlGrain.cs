using Routing.GrainInterfaces;
using Routing.GrainInterfaces.Model;
using Routing.Grains.Policies;
using Routing.Grains.State;
using Orleans.Concurrency;
using Routing.Storage;
using Routing.Storage.Orleans.Deadlines;

namespace Routing.Grains.Grains;

/// <summary>
/// Moves and closes one conversation. Every move first makes sure the target can take it (nothing changes otherwise),
/// then records the move in the conversation (which from then on refuses its old department's assignments), then
/// detaches it from where it was (its department's queue or offers, then its operator), then places it. A close is the
/// same shape: the conversation says closed first, then it is detached.
/// </summary>
/// <remarks>
/// A move touches several grains, so it is recorded as an intent (<see cref="PendingMove"/>) with a durable resume
/// deadline before its first step, and cleared after its last (R23): a crash in between is finished by the deadline, or
/// sooner by the next request (every request first finishes the pending move). Every step is idempotent, and a resumed
/// move skips what the conversation shows was already done. The last finished move is remembered, so a client's retry
/// of a request that took effect (its answer lost) gets the same answer instead of a refusal or a second move.
/// </remarks>
[GrainType("conversation-control")]
public sealed partial class ConversationControlGrain(
    [PersistentState("conversation-control")] IPersistentState<ConversationControlState> state,
    IDurableStore storage) : RoutingGrain, IConversationControlGrain, IDeadlineReceiver
{
    private const string ResumeDeadline = "resume";
    private static readonly TimeSpan ResumeAfter = TimeSpan.FromSeconds(30);
    private const string ClosingPrefix = "close:"; // the resume deadline's payload while a close is under way

    /// <summary>
    /// The resume deadline of a close, written by the conversation ahead of its closed state in the same commit
    /// (<see cref="ConversationGrain.MarkClosed"/>): a crash after the close is stored always leaves the deadline that
    /// finishes its steps, and the close waits for one commit fewer than with a deadline stored before it.
    /// </summary>
    internal static Task ArmCloseResume(IGrainBase conversation, GrainId control, string by, DateTimeOffset now) =>
        conversation.ScheduleDeadlineOfAsync(control, ResumeDeadline, now + ResumeAfter, ClosingPrefix + by);

    private string ConversationId => RoutingKeys.IdOf(GetPrimaryKeyString());
    private IConversationGrain Conversation => GrainFactory.GetGrain<IConversationGrain>(RoutingKeys.Conversation(WorkspaceId, ConversationId));

    public Task<Placement> TransferToDepartment(string departmentId, string note) => ToDepartment(departmentId, note, requestedBy: null);

    private async Task<Placement> ToDepartment(string departmentId, string note, string? requestedBy)
    {
        var departments = await GrainFactory.GetGrain<IWorkspaceGrain>(RoutingKeys.Workspace(WorkspaceId)).GetDepartments();
        if (!departments.ContainsKey(departmentId)) throw new ArgumentException($"unknown department '{departmentId}'", nameof(departmentId));
        await FinishPending();
        var view = await Conversation.Get();
        if (IsRepeat(MoveKind.ToDepartment, departmentId, requestedBy, view)) return await PlacementOf(view);
        return await Run(NewMove(MoveKind.ToDepartment, departmentId, note, Open(view)) with { RequestedBy = requestedBy });
    }

    public Task TransferToOperator(string operatorId, string note) => ToOperator(operatorId, force: false, ConversationChangeKinds.Transferred, note, requestedBy: null);

    public async Task TransferHeld(string heldBy, string? departmentId, string? toOperatorId, string note)
    {
        if (departmentId is null && toOperatorId is null) throw new ArgumentException("a department or an operator is required");
        await FinishPending();
        var view = await Conversation.Get();
        if (!IsRepeat(departmentId is null ? MoveKind.ToOperator : MoveKind.ToDepartment, departmentId ?? toOperatorId!, heldBy, view))
            // Assigned only (an offer is accepted first): an assignment changes only through this grain, so the check
            // holds for the move below, while an offer may expire and go to another operator in between.
            RequireAssigned(view, heldBy);
        if (departmentId is not null) await ToDepartment(departmentId, note, heldBy);
        else await ToOperator(toOperatorId!, force: false, ConversationChangeKinds.Transferred, note, heldBy);
    }

    public Task AssignByHand(string operatorId, bool force, string note) =>
        ToOperator(operatorId, force, force ? ConversationChangeKinds.AssignedByHandForced : ConversationChangeKinds.AssignedByHand, note, requestedBy: null);

    public async Task Close(string by, string? heldBy)
    {
        ArgumentException.ThrowIfNullOrEmpty(by);
        await FinishPending();
        var view = await Conversation.Get();
        if (view.Status == ConversationStatus.Closed)
        {
            // Closed already (a retry whose first answer was lost, or a second closer): the same answer; the repeated steps
            // are idempotent and hand the close events to the channel again should a crash have kept them from it.
            if (heldBy is not null && view.OperatorId != heldBy) RequireAssigned(view, heldBy);
            await CloseSteps(by);
            return;
        }
        if (heldBy is not null) RequireAssigned(view, heldBy);
        await CloseUnderIntent(by);
    }

    public async Task CloseForInactivity()
    {
        await FinishPending();
        var view = await Conversation.Find();
        if (view is null || !(InactivityPolicy.CloseAt(view) <= TimeProvider.GetUtcNow())) return; // they wrote meanwhile, or it moved
        await CloseUnderIntent("inactivity");
    }

    /// <summary>
    /// A close's intent is its resume deadline alone, the closer in its payload: the conversation saying closed is the
    /// close's own record, so no intent state is written or cleared (two writes fewer per close than a move). A new close
    /// has the conversation write it with the closed state (<see cref="ArmCloseResume"/>); a close resumed by it arms it
    /// again here first, as the conversation is closed already. A crash anywhere after the deadline is finished by it; a
    /// retry finds the conversation closed and repeats the steps.
    /// </summary>
    private async Task CloseUnderIntent(string by)
    {
        await CloseSteps(by);
        await CancelDeadlineAsync(ResumeDeadline);
    }

    /// <summary>A close a crash cut short, finished by its deadline: armed again first, as the closed conversation will not write it.</summary>
    private async Task ResumeClose(string by)
    {
        await ScheduleDeadlineAsync(ResumeDeadline, TimeProvider.GetUtcNow() + ResumeAfter, ClosingPrefix + by);
        await CloseUnderIntent(by);
    }

    public async Task ChangePriority(Priority priority)
    {
        if (!Enum.IsDefined(priority)) throw new ArgumentOutOfRangeException(nameof(priority), priority, "unknown priority");
        var view = await OpenView();
        if (view.Status is ConversationStatus.Queued or ConversationStatus.Offered) await Department(view.DepartmentId).ChangePriority(ConversationId, priority);
        await Conversation.SetPriority(priority);
    }

    public async Task<Placement> HandOverFromBot(string note)
    {
        await FinishPending();
        var view = Open(await Conversation.Get());
        if (IsRepeat(MoveKind.BotHandover, view.DepartmentId, null, view)) return await PlacementOf(view);
        if (view.Status != ConversationStatus.Bot)
            throw new InvalidOperationException($"conversation '{ConversationId}' is {view.Status}, not with the bot");
        return await Run(NewMove(MoveKind.BotHandover, view.DepartmentId, note, view));
    }

    public async Task ReturnToQueue(string operatorId, ReturnReason reason)
    {
        await FinishPending();
        var view = await Conversation.Find();
        if (view is not { Status: ConversationStatus.Assigned or ConversationStatus.Offered } || view.OperatorId != operatorId) return;
        var now = TimeProvider.GetUtcNow();
        if (reason == ReturnReason.Rescued && !(view.RescueDueAt() <= now)) return; // they replied meanwhile
        var target = view.DepartmentId;
        var rescue = view.Timers?.Rescue;
        var limitReached = reason == ReturnReason.Rescued && rescue is not null && view.RescueCount >= rescue.RetryLimit;
        if (limitReached && rescue!.FallbackDepartmentId is { } fallback) target = fallback;
        var kind = reason switch
        {
            ReturnReason.Rescued => ConversationChangeKinds.Rescued,
            ReturnReason.OperatorBlocked => ConversationChangeKinds.OperatorBlocked,
            _ => ConversationChangeKinds.ShiftEnded,
        };
        await Run(NewMove(MoveKind.ToDepartment, target, $"from {operatorId}", view) with
        {
            TimelineKind = kind, Rescue = reason == ReturnReason.Rescued,
        });
        if (limitReached)
            PublishEvent(new SupervisorAlert("rescue-limit", ConversationId, operatorId, target,
                $"rescued {view.RescueCount + 1} times; now in '{target}'"), "workspace:" + WorkspaceId);
    }

    public async Task<Placement?> EnsureQueued(EnqueueRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        await FinishPending();
        var view = await Conversation.Find();
        if (view is not { Status: ConversationStatus.Queued }) return null;
        return await Department(view.DepartmentId).Enqueue(request with
        {
            Priority = view.Priority, Channel = view.Channel, WaitingSince = view.WaitingSince, SkippedOperators = view.DroppedBy,
        });
    }

    public async Task ReceiveDeadline(DeadlineTick tick)
    {
        if (tick.Name == ResumeDeadline && tick.Payload is { } payload && payload.StartsWith(ClosingPrefix, StringComparison.Ordinal))
        {
            await ResumeClose(payload[ClosingPrefix.Length..]); // a close a crash cut short
            return;
        }
        if (tick.Name != ResumeDeadline || state.State.Pending is null) return;
        await ScheduleDeadlineAsync(ResumeDeadline, TimeProvider.GetUtcNow() + ResumeAfter); // again, should this attempt fail too
        await FinishPending();
    }

    /// <summary>
    /// Finishes a move a crash (or a failure) left half done, before anything else happens to the conversation. A move
    /// refused on resume is dropped (it changed nothing); any other failure keeps it for the resume deadline.
    /// </summary>
    private async Task FinishPending()
    {
        if (state.State.Pending is not { } pending) return;
        if ((await Conversation.Find())?.Status is null or ConversationStatus.Closed)
        {
            await Clear(); // closed meanwhile: the close detached it
            return;
        }
        try
        {
            await Run(pending, resuming: true);
        }
        catch (RoutingRefusedException)
        {
            // Run dropped it: the target could no longer take it, and nothing had moved.
        }
    }

    private async Task ToOperator(string operatorId, bool force, string kind, string note, string? requestedBy)
    {
        var operators = await GrainFactory.GetGrain<IWorkspaceGrain>(RoutingKeys.Workspace(WorkspaceId)).GetOperators();
        if (!operators.ContainsKey(operatorId)) throw new ArgumentException($"unknown operator '{operatorId}'", nameof(operatorId));
        await FinishPending();
        var view = Open(await Conversation.Get());
        if (view.OperatorId == operatorId && view.Status == ConversationStatus.Assigned) return;
        await Run(NewMove(MoveKind.ToOperator, operatorId, note, view) with { Force = force, TimelineKind = kind, RequestedBy = requestedBy });
    }

    private static PendingMove NewMove(MoveKind kind, string target, string note, ConversationView from) =>
        new(kind, target, false, note, Guid.NewGuid().ToString("N"), from.DepartmentId, from.OperatorId);

    /// <summary>
    /// The same request as the last finished move (same kind, target and requester), with nothing moved by hand since:
    /// a client's retry after a lost answer.
    /// </summary>
    private bool IsRepeat(MoveKind kind, string target, string? requestedBy, ConversationView view) =>
        state.State.Done is { } done && done.Kind == kind && done.Target == target && done.RequestedBy == requestedBy
        && view.LastMoveId == done.MoveId;

    private async Task<Placement> PlacementOf(ConversationView view) =>
        view.Status == ConversationStatus.Queued
            ? new Placement(ConversationId, null, await Department(view.DepartmentId).PositionOf(ConversationId))
            : new Placement(ConversationId, view.OperatorId, null) { Offered = view.Status == ConversationStatus.Offered };

    private void RequireAssigned(ConversationView view, string operatorId)
    {
        if (view.Status != ConversationStatus.Assigned || view.OperatorId != operatorId)
            throw new RoutingRefusedException(RoutingRefusedException.NotAssigned,
                $"conversation '{ConversationId}' is not assigned to operator '{operatorId}' (an offer is accepted or declined first)");
    }

    /// <summary>
    /// Intent and resume deadline first, then the steps, then the intent cleared. A refusal (always before the first
    /// change) clears it too; any other failure keeps it, so the resume deadline finishes the move.
    /// </summary>
    private async Task<Placement> Run(PendingMove move, bool resuming = false)
    {
        if (!resuming)
        {
            state.State.Pending = move;
            using (PipelineWrites(storage)) // the deadline commits before the intent, in one group commit
                await WritePipeline.WhenAll(ScheduleDeadlineAsync(ResumeDeadline, TimeProvider.GetUtcNow() + ResumeAfter), state.WriteStateAsync());
        }
        try
        {
            var placement = move.Kind switch
            {
                MoveKind.ToDepartment => await ToDepartmentSteps(move, resuming),
                MoveKind.ToOperator => await ToOperatorSteps(move),
                MoveKind.BotHandover => await BotHandoverSteps(move),
                MoveKind.ToChannel => await ToChannelSteps(move),
                _ => throw new InvalidOperationException($"unknown move {move.Kind}"),
            };
            await Clear(done: move);
            return placement;
        }
        catch (RoutingRefusedException)
        {
            await Clear();
            throw;
        }
    }

    /// <param name="resuming">A move resumed after a crash reads where the conversation is; a new one has no step done yet, so it need not.</param>
    private async Task<Placement> ToDepartmentSteps(PendingMove move, bool resuming)
    {
        var view = resuming ? await OpenView() : null;
        if (view is null || view.LastMoveId != move.MoveId)
        {
            var departments = await GrainFactory.GetGrain<IWorkspaceGrain>(RoutingKeys.Workspace(WorkspaceId)).GetDepartments();
            view = await MoveThenDetach(new ConversationMove(ConversationStatus.Queued, move.Target, null, move.TimelineKind ?? ConversationChangeKinds.Transferred, move.Note)
            {
                Timers = departments.GetValueOrDefault(move.Target)?.Timers(), Rescued = move.Rescue, MoveId = move.MoveId,
            });
        }
        else if (view.Status == ConversationStatus.Queued)
            await DetachFrom(move.FromDepartment, move.FromOperator, keep: null); // resumed after the move: finish its steps
        if (view.Status != ConversationStatus.Queued) return new Placement(ConversationId, view.OperatorId, null) { Offered = view.Status == ConversationStatus.Offered };
        // The original wait goes with it: it queues ahead of dialogs that arrived after it.
        return await Department(move.Target).Enqueue(new EnqueueRequest(ConversationId, view.Priority, view.Channel, view.WaitingSince)
        {
            SkippedOperators = view.DroppedBy,
        });
    }

    private async Task<Placement> ToOperatorSteps(PendingMove move)
    {
        var view = await OpenView();
        if (view.LastMoveId == move.MoveId)
        {
            await DetachFrom(move.FromDepartment, move.FromOperator, keep: move.Target); // resumed after the move
            return new Placement(ConversationId, move.Target, null);
        }

        // Reserve on the target first: if it has no room (and this is not forced), nothing has moved yet.
        var target = GrainFactory.GetGrain<IOperatorGrain>(RoutingKeys.Operator(WorkspaceId, move.Target));
        var reserved = await target.ReserveByHand(ConversationId, view.Channel, view.DepartmentId, move.Force);
        if (!reserved.Reserved)
            throw new RoutingRefusedException(RoutingRefusedException.OperatorUnavailable, $"operator '{move.Target}' cannot take conversation '{ConversationId}' now (status {reserved.Operator.Status}, load {reserved.Operator.Load}/{reserved.Operator.Profile.Capacity})");
        try
        {
            await MoveThenDetach(new ConversationMove(ConversationStatus.Assigned, view.DepartmentId, move.Target, move.TimelineKind ?? ConversationChangeKinds.Transferred, move.Note)
            {
                MoveId = move.MoveId,
            });
        }
        catch
        {
            // Closed meanwhile (or the move failed): the target must not keep a slot for a dialog that is not theirs.
            if ((await Conversation.Find())?.OperatorId != move.Target) await target.Release(ConversationId);
            throw;
        }
        return new Placement(ConversationId, move.Target, null);
    }

    /// <summary>
    /// Closed first (no department can place it from then on), then out of its queue or offer, then off the operator it
    /// had when it closed: a department may have assigned or offered a waiting dialog since the close was asked for.
    /// </summary>
    private async Task CloseSteps(string by)
    {
        var closed = await Conversation.MarkClosed(by);
        await DetachFrom(closed.DepartmentId, closed.OperatorId, keep: null);
    }

    private async Task<Placement> BotHandoverSteps(PendingMove move)
    {
        var view = await OpenView();
        if (view.Status == ConversationStatus.Bot && view.LastMoveId != move.MoveId)
            // The customer starts waiting for a human now.
            view = (await Conversation.Move(new ConversationMove(ConversationStatus.Queued, view.DepartmentId, null, ConversationChangeKinds.BotHandover, move.Note)
            {
                WaitingSince = TimeProvider.GetUtcNow(), MoveId = move.MoveId,
            })).After;
        if (view.Status != ConversationStatus.Queued) return new Placement(ConversationId, view.OperatorId, null) { Offered = view.Status == ConversationStatus.Offered };
        return await Department(view.DepartmentId).Enqueue(new EnqueueRequest(ConversationId, view.Priority, view.Channel, view.WaitingSince));
    }

    /// <summary>
    /// The conversation moves first, so its old department can no longer place it (the conversation refuses), nor can a
    /// re-driven enqueue put it back there; then it leaves that department's queue or offers, and its old operator.
    /// </summary>
    private async Task<ConversationView> MoveThenDetach(ConversationMove move)
    {
        var (before, after) = await Conversation.Move(move);
        await DetachFrom(before.DepartmentId, before.OperatorId, keep: move.OperatorId);
        return after;
    }

    /// <summary>Out of a department's queue or offers, then off its operator unless that is <paramref name="keep"/>. Idempotent.</summary>
    private async Task DetachFrom(string departmentId, string? operatorId, string? keep)
    {
        await Department(departmentId).Detach(ConversationId);
        if (operatorId is { } holder && holder != keep)
            await GrainFactory.GetGrain<IOperatorGrain>(RoutingKeys.Operator(WorkspaceId, holder)).Release(ConversationId);
    }

    /// <summary>Drops the intent; with <paramref name="done"/>, remembers the finished move for retries (one write for both).</summary>
    private async Task Clear(PendingMove? done = null)
    {
        if (state.State.Pending is null) return;
        state.State.Pending = null;
        if (done is not null) state.State.Done = done;
        using (PipelineWrites(storage)) // the deadline goes only after the intent did, in one group commit
            await WritePipeline.WhenAll(state.WriteStateAsync(), CancelDeadlineAsync(ResumeDeadline));
    }

    private async Task<ConversationView> OpenView() => Open(await Conversation.Get());

    private ConversationView Open(ConversationView view) =>
        view.Status == ConversationStatus.Closed ? throw new InvalidOperationException($"conversation '{ConversationId}' is closed") : view;

    private IDepartmentGrain Department(string id) => GrainFactory.GetGrain<IDepartmentGrain>(RoutingKeys.Department(WorkspaceId, id));
}
