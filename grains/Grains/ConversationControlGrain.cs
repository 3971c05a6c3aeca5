using Routing.GrainInterfaces;
using Routing.GrainInterfaces.Model;
using Routing.Grains.State;
using Routing.Runtime;

namespace Routing.Grains.Grains;

/// <summary>
/// Moves one conversation by hand. Every move first makes sure the target can take it (nothing changes otherwise),
/// then records the move in the conversation (which from then on refuses its old department's assignments), then
/// detaches it from where it was (its department's queue or offers, then its operator), then places it.
/// </summary>
/// <remarks>
/// A move touches several grains, so it is recorded as an intent (<see cref="PendingMove"/>) with a durable resume
/// deadline before its first step, and cleared after its last (R23): a crash in between is finished by the deadline.
/// Every step is idempotent, and a resumed move skips what the conversation shows was already done.
/// </remarks>
[GrainType("conversation-control")]
public sealed class ConversationControlGrain(
    [PersistentState("conversation-control")] IPersistentState<ConversationControlState> state) : Grain, IConversationControlGrain, IDeadlineReceiver
{
    private const string ResumeDeadline = "resume";
    private static readonly TimeSpan ResumeAfter = TimeSpan.FromSeconds(30);

    private string ConversationId => RoutingKeys.IdOf(GetPrimaryKeyString());
    private IConversationGrain Conversation => GrainFactory.GetGrain<IConversationGrain>(RoutingKeys.Conversation(WorkspaceId, ConversationId));

    public async Task<Placement> TransferToDepartment(string departmentId, string note)
    {
        var departments = await GrainFactory.GetGrain<IWorkspaceGrain>(RoutingKeys.Workspace(WorkspaceId)).GetDepartments();
        if (!departments.ContainsKey(departmentId)) throw new ArgumentException($"unknown department '{departmentId}'", nameof(departmentId));
        var view = await OpenView();
        return await Run(new PendingMove(MoveKind.ToDepartment, departmentId, false, note, view.TimelineLength));
    }

    public Task TransferToOperator(string operatorId, string note) => ToOperator(operatorId, force: false, "transferred", note);

    public Task AssignByHand(string operatorId, bool force, string note) =>
        ToOperator(operatorId, force, force ? "assigned-by-hand-forced" : "assigned-by-hand", note);

    public async Task ChangePriority(Priority priority)
    {
        if (!Enum.IsDefined(priority)) throw new ArgumentOutOfRangeException(nameof(priority), priority, "unknown priority");
        var view = await OpenView();
        if (view.Status is ConversationStatus.Queued or ConversationStatus.Offered) await Department(view.DepartmentId).ChangePriority(ConversationId, priority);
        await Conversation.SetPriority(priority);
    }

    public async Task<Placement> HandOverFromBot(string note)
    {
        var view = await OpenView();
        if (view.Status != ConversationStatus.Bot)
            throw new InvalidOperationException($"conversation '{ConversationId}' is {view.Status}, not with the bot");
        return await Run(new PendingMove(MoveKind.BotHandover, view.DepartmentId, false, note, view.TimelineLength));
    }

    public async Task ReturnToQueue(string operatorId, ReturnReason reason)
    {
        if (state.State.Pending is not null) return; // a move is being finished; the caller re-asks if it still matters
        var view = await Conversation.Find();
        if (view is not { Status: ConversationStatus.Assigned or ConversationStatus.Offered } || view.OperatorId != operatorId) return;
        var now = TimeProvider.GetUtcNow();
        if (reason == ReturnReason.Rescued && !(view.RescueDueAt() <= now)) return; // they replied meanwhile
        var target = view.DepartmentId;
        var rescue = view.Timers?.Rescue;
        var limitReached = reason == ReturnReason.Rescued && rescue is not null && view.RescueCount >= rescue.RetryLimit;
        if (limitReached && rescue!.FallbackDepartmentId is { } fallback) target = fallback;
        var kind = reason == ReturnReason.Rescued ? "rescued" : "shift-ended";
        await Run(new PendingMove(MoveKind.ToDepartment, target, false, $"from {operatorId}", view.TimelineLength)
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
        if (state.State.Pending is not null) return null; // a move is being finished; it places the dialog itself
        var view = await Conversation.Find();
        if (view is not { Status: ConversationStatus.Queued }) return null;
        return await Department(view.DepartmentId).Enqueue(request with
        {
            Priority = view.Priority, Channel = view.Channel, WaitingSince = view.WaitingSince, SkippedOperators = view.DroppedBy,
        });
    }

    public async Task ReceiveDeadlineAsync(DeadlineTick tick)
    {
        if (tick.Name != ResumeDeadline || state.State.Pending is not { } pending) return;
        if ((await Conversation.Find())?.Status is null or ConversationStatus.Closed)
        {
            await Clear();
            return;
        }
        await Run(pending, resuming: true);
    }

    private async Task ToOperator(string operatorId, bool force, string kind, string note)
    {
        var operators = await GrainFactory.GetGrain<IWorkspaceGrain>(RoutingKeys.Workspace(WorkspaceId)).GetOperators();
        if (!operators.ContainsKey(operatorId)) throw new ArgumentException($"unknown operator '{operatorId}'", nameof(operatorId));
        var view = await OpenView();
        if (view.OperatorId == operatorId && view.Status == ConversationStatus.Assigned) return;
        await Run(new PendingMove(MoveKind.ToOperator, operatorId, force, note, view.TimelineLength) { TimelineKind = kind });
    }

    /// <summary>Intent and resume deadline first, then the steps, then the intent cleared (also when a step refuses).</summary>
    private async Task<Placement> Run(PendingMove move, bool resuming = false)
    {
        if (!resuming)
        {
            await ScheduleDeadlineAsync(ResumeDeadline, TimeProvider.GetUtcNow() + ResumeAfter);
            state.State.Pending = move;
            await state.WriteStateAsync();
        }
        try
        {
            return move.Kind switch
            {
                MoveKind.ToDepartment => await ToDepartmentSteps(move),
                MoveKind.ToOperator => await ToOperatorSteps(move),
                MoveKind.BotHandover => await BotHandoverSteps(move),
                _ => throw new InvalidOperationException($"unknown move {move.Kind}"),
            };
        }
        finally
        {
            await Clear();
        }
    }

    private async Task<Placement> ToDepartmentSteps(PendingMove move)
    {
        var view = await OpenView();
        if (view.TimelineLength <= move.TimelineLength || view.DepartmentId != move.Target)
        {
            var departments = await GrainFactory.GetGrain<IWorkspaceGrain>(RoutingKeys.Workspace(WorkspaceId)).GetDepartments();
            view = await MoveThenDetach(new ConversationMove(ConversationStatus.Queued, move.Target, null, move.TimelineKind ?? "transferred", move.Note)
            {
                Timers = departments.GetValueOrDefault(move.Target)?.Timers(), Rescued = move.Rescue,
            });
        }
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
        if (view.OperatorId == move.Target && view.Status == ConversationStatus.Assigned) return new Placement(ConversationId, move.Target, null);

        // Reserve on the target first: if it has no room (and this is not forced), nothing has moved yet.
        var target = GrainFactory.GetGrain<IOperatorGrain>(RoutingKeys.Operator(WorkspaceId, move.Target));
        var reserved = await target.ReserveByHand(ConversationId, view.Channel, view.DepartmentId, move.Force);
        if (!reserved.Reserved)
            throw new InvalidOperationException($"operator '{move.Target}' cannot take conversation '{ConversationId}' now (status {reserved.Operator.Status}, load {reserved.Operator.Load}/{reserved.Operator.Profile.Capacity})");
        await MoveThenDetach(new ConversationMove(ConversationStatus.Assigned, view.DepartmentId, move.Target, move.TimelineKind ?? "transferred", move.Note));
        return new Placement(ConversationId, move.Target, null);
    }

    private async Task<Placement> BotHandoverSteps(PendingMove move)
    {
        var view = await OpenView();
        if (view.Status == ConversationStatus.Bot)
            // The customer starts waiting for a human now.
            view = (await Conversation.Move(new ConversationMove(ConversationStatus.Queued, view.DepartmentId, null, "bot-handover", move.Note)
            {
                WaitingSince = TimeProvider.GetUtcNow(),
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
        await Department(before.DepartmentId).Detach(ConversationId);
        if (before.OperatorId is { } holder && holder != move.OperatorId)
            await GrainFactory.GetGrain<IOperatorGrain>(RoutingKeys.Operator(WorkspaceId, holder)).Release(ConversationId);
        return after;
    }

    private async Task Clear()
    {
        if (state.State.Pending is null) return;
        state.State.Pending = null;
        await state.WriteStateAsync();
        await CancelDeadlineAsync(ResumeDeadline);
    }

    private async Task<ConversationView> OpenView()
    {
        var view = await Conversation.Get();
        if (view.Status == ConversationStatus.Closed) throw new InvalidOperationException($"conversation '{ConversationId}' is closed");
        return view;
    }

    private IDepartmentGrain Department(string id) => GrainFactory.GetGrain<IDepartmentGrain>(RoutingKeys.Department(WorkspaceId, id));
}
