using Routing.GrainInterfaces;
using Routing.GrainInterfaces.Model;
using Routing.Runtime;

namespace Routing.Grains.Grains;

/// <summary>
/// Moves one conversation by hand. Every move first makes sure the target can take it (nothing changes otherwise),
/// then detaches the dialog from where it is (its department's queue or offers, then its operator), then records the
/// move in the conversation's timeline, then places it. Detaching through the department first means the department
/// can no longer assign it behind our back.
/// </summary>
[GrainType("conversation-control")]
public sealed class ConversationControlGrain : Grain, IConversationControlGrain
{
    private string ConversationId => RoutingKeys.IdOf(GetPrimaryKeyString());
    private IConversationGrain Conversation => GrainFactory.GetGrain<IConversationGrain>(RoutingKeys.Conversation(WorkspaceId, ConversationId));

    public async Task<Placement> TransferToDepartment(string departmentId, string note)
    {
        var departments = await GrainFactory.GetGrain<IWorkspaceGrain>(RoutingKeys.Workspace(WorkspaceId)).GetDepartments();
        if (!departments.ContainsKey(departmentId)) throw new ArgumentException($"unknown department '{departmentId}'", nameof(departmentId));
        var view = await Detach(await OpenView());
        await Conversation.Move(new ConversationMove(ConversationStatus.Queued, departmentId, null, "transferred", note));
        // The original wait goes with it: it queues ahead of dialogs that arrived after it.
        return await Department(departmentId).Enqueue(new EnqueueRequest(ConversationId, view.Priority, view.Channel, view.WaitingSince));
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
        var now = TimeProvider.GetUtcNow(); // the customer starts waiting for a human now
        await Conversation.Move(new ConversationMove(ConversationStatus.Queued, view.DepartmentId, null, "bot-handover", note) { WaitingSince = now });
        return await Department(view.DepartmentId).Enqueue(new EnqueueRequest(ConversationId, view.Priority, view.Channel, now));
    }

    private async Task ToOperator(string operatorId, bool force, string kind, string note)
    {
        var operators = await GrainFactory.GetGrain<IWorkspaceGrain>(RoutingKeys.Workspace(WorkspaceId)).GetOperators();
        if (!operators.ContainsKey(operatorId)) throw new ArgumentException($"unknown operator '{operatorId}'", nameof(operatorId));
        var view = await OpenView();
        if (view.OperatorId == operatorId && view.Status == ConversationStatus.Assigned) return;

        // Reserve on the target first: if it has no room (and this is not forced), nothing has moved yet.
        var target = GrainFactory.GetGrain<IOperatorGrain>(RoutingKeys.Operator(WorkspaceId, operatorId));
        var reserved = await target.ReserveByHand(ConversationId, view.Channel, view.DepartmentId, force);
        if (!reserved.Reserved)
            throw new InvalidOperationException($"operator '{operatorId}' cannot take conversation '{ConversationId}' now (status {reserved.Operator.Status}, load {reserved.Operator.Load}/{reserved.Operator.Profile.Capacity})");
        await Detach(view, keep: operatorId);
        await Conversation.Move(new ConversationMove(ConversationStatus.Assigned, view.DepartmentId, operatorId, kind, note));
    }

    /// <summary>Out of its department's queue or offers, then off its operator (unless that is <paramref name="keep"/>).</summary>
    private async Task<ConversationView> Detach(ConversationView view, string? keep = null)
    {
        await Department(view.DepartmentId).Detach(ConversationId);
        var current = await Conversation.Get(); // the department may have placed it before we detached it
        if (current.OperatorId is { } holder && holder != keep)
            await GrainFactory.GetGrain<IOperatorGrain>(RoutingKeys.Operator(WorkspaceId, holder)).Release(ConversationId);
        return current;
    }

    private async Task<ConversationView> OpenView()
    {
        var view = await Conversation.Get();
        if (view.Status == ConversationStatus.Closed) throw new InvalidOperationException($"conversation '{ConversationId}' is closed");
        return view;
    }

    private IDepartmentGrain Department(string id) => GrainFactory.GetGrain<IDepartmentGrain>(RoutingKeys.Department(WorkspaceId, id));
}
