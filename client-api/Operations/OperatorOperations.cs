using Routing.ClientApi.Errors;
using Routing.GrainInterfaces;
using Routing.GrainInterfaces.Model;
using Orleans;

namespace Routing.ClientApi.Operations;

/// <summary>
/// What an operator does with their own dialogs (R5, R12, R20), shared by the operator REST endpoints and the operator
/// WebSocket. An operator acts only on dialogs they hold (offered or assigned); anything else is refused with
/// <see cref="RoutingRefusedException.NotAssigned"/> and changes nothing. A conversation that does not exist is refused
/// the same way, so an operator cannot tell another customer's conversation from none.
/// </summary>
public sealed class OperatorOperations(IGrainFactory grains, SupervisorOperations supervisor)
{

    public Task<OperatorSnapshot> Snapshot(string ws, string operatorId) => Operator(ws, operatorId).GetSnapshot();

    public Task<OperatorState> SetStatus(string ws, string operatorId, OperatorStatus? status) => supervisor.SetStatus(ws, operatorId, status);

    /// <summary>The dialog as the operator holds it, or a refusal when they do not hold it.</summary>
    public async Task<ActiveDialog> Held(string ws, string operatorId, string? conversationId)
    {
        RequireId(conversationId);
        return (await Snapshot(ws, operatorId)).Active.FirstOrDefault(a => a.ConversationId == conversationId) ?? throw NotYours(conversationId);
    }

    /// <summary>The conversation an operator names, or the refusal of one not theirs when it does not exist.</summary>
    private async Task<ConversationView> Existing(string ws, string? conversationId)
    {
        RequireId(conversationId);
        return await grains.GetGrain<IConversationGrain>(RoutingKeys.Conversation(ws, conversationId)).Find() ?? throw NotYours(conversationId);
    }

    private static ApiRefusal NotYours(string conversationId) =>
        ApiRefusal.Conflict(ErrorCodes.NotAssigned, $"conversation '{conversationId}' is not offered or assigned to you");

    private static void RequireId([System.Diagnostics.CodeAnalysis.NotNull] string? conversationId)
    {
        if (!Ids.IsDerivedId(conversationId)) throw ApiRefusal.Invalid("conversationId is required and must be a valid id");
    }

    /// <summary>Accepts the offer; a retry after the answer was lost finds it assigned to them and gets the same answer.</summary>
    public async Task<ConversationView> Accept(string ws, string operatorId, string? conversationId)
    {
        var held = await Held(ws, operatorId, conversationId);
        var accepted = await Department(ws, held.DepartmentId).AcceptOffer(held.ConversationId, operatorId);
        var view = await supervisor.Conversation(ws, held.ConversationId);
        if (!accepted && !(view.Status == ConversationStatus.Assigned && view.OperatorId == operatorId))
            throw ApiRefusal.Conflict(ErrorCodes.OfferNotFound, $"conversation '{held.ConversationId}' is not offered to you (accepted, expired or moved)");
        return view;
    }

    /// <summary>
    /// Declines the offer. They no longer hold it once it is declined, so a retry after the answer was lost is
    /// recognised by the conversation's record instead: the last thing it says of them is that they declined it.
    /// </summary>
    public async Task Decline(string ws, string operatorId, string? conversationId)
    {
        var view = await Existing(ws, conversationId);
        // Asked even when they no longer hold it: the department finishes a return a crash cut short before it answers.
        if (await Department(ws, view.DepartmentId).DeclineOffer(view.ConversationId, operatorId)) return;
        var timeline = await grains.GetGrain<IConversationGrain>(RoutingKeys.Conversation(ws, view.ConversationId)).GetTimeline();
        // Only a dialog that was theirs says more than "not yours".
        var last = timeline.LastOrDefault(e => e.OperatorId == operatorId) ?? throw NotYours(view.ConversationId);
        if (last.Kind != ConversationChangeKinds.OfferDeclined)
            throw ApiRefusal.Conflict(ErrorCodes.OfferNotFound, $"conversation '{conversationId}' is not offered to you (accepted, expired or moved)");
    }

    /// <summary>
    /// The operator's reply, stored before this returns; it reaches the customer as a message event. With a
    /// <paramref name="clientMessageId"/> a resend after a lost answer is stored once.
    /// </summary>
    public async Task Reply(string ws, string operatorId, string? conversationId, string? text, string? clientMessageId)
    {
        var valid = RequireText(text, clientMessageId);
        RequireId(conversationId);
        // The conversation grain refuses one that is not theirs, or does not exist, as not-assigned.
        await grains.GetGrain<IConversationGrain>(RoutingKeys.Conversation(ws, conversationId)).AddOperatorMessage(operatorId, valid, clientMessageId);
    }

    /// <summary>A reply's text and client message id as the conversation accepts them, or a refusal.</summary>
    public static string RequireText(string? text, string? clientMessageId)
    {
        if (string.IsNullOrWhiteSpace(text)) throw ApiRefusal.Invalid("text is required");
        if ((ConversationMessage.Problem(text, null) ?? ConversationMessage.ClientMessageIdProblem(clientMessageId)) is { } problem)
            throw ApiRefusal.Invalid(problem);
        return text;
    }

    /// <summary>Their own close: checked in the turn that closes it (assigned to them), so a retry after a lost answer gets the same answer.</summary>
    public async Task<ConversationView> Close(string ws, string operatorId, string? conversationId)
    {
        var view = await Existing(ws, conversationId);
        return await supervisor.Close(ws, view.ConversationId, "operator", heldBy: operatorId);
    }

    /// <summary>Their own transfer: checked in the turn that moves it, so a retry after a lost answer gets the same answer.</summary>
    public async Task<ConversationView> Transfer(string ws, string operatorId, string? conversationId, string? departmentId, string? toOperatorId, string? note)
    {
        var view = await Existing(ws, conversationId);
        return await supervisor.Transfer(ws, view.ConversationId, departmentId, toOperatorId, note, heldBy: operatorId);
    }

    /// <summary>Their own channel move (issue 15): checked in the turn that moves it (assigned to them), so a retry gets the same answer.</summary>
    public async Task<ConversationView> MoveToChannel(string ws, string operatorId, string? conversationId, Channel? channel, string? externalId)
    {
        var view = await Existing(ws, conversationId);
        return await supervisor.MoveToChannel(ws, view.ConversationId, channel, externalId, heldBy: operatorId);
    }

    public async Task<IReadOnlyList<ConversationMessage>> Messages(string ws, string operatorId, string? conversationId, long? from, int? limit)
    {
        var held = await Held(ws, operatorId, conversationId);
        return await supervisor.Messages(ws, held.ConversationId, from, limit);
    }

    /// <summary>The quick-reply templates for the operator's departments and for every department (R20).</summary>
    public async Task<List<TemplateResponse>> Templates(string ws, string operatorId)
    {
        var departments = (await Snapshot(ws, operatorId)).Profile.Departments.Select(d => d.DepartmentId).ToHashSet(StringComparer.Ordinal);
        var templates = await grains.GetGrain<ITemplatesGrain>(RoutingKeys.Templates(ws)).List(null);
        return templates.Where(t => t.Value.DepartmentId is null || departments.Contains(t.Value.DepartmentId))
            .OrderBy(t => t.Key, StringComparer.Ordinal)
            .Select(t => new TemplateResponse(t.Key, t.Value.Title, t.Value.Text, t.Value.DepartmentId)).ToList();
    }

    private IOperatorGrain Operator(string ws, string id) => grains.GetGrain<IOperatorGrain>(RoutingKeys.Operator(ws, id));
    private IDepartmentGrain Department(string ws, string id) => grains.GetGrain<IDepartmentGrain>(RoutingKeys.Department(ws, id));
}
