using Routing.ClientApi.Endpoints;
using Routing.ClientApi.Errors;
using Routing.GrainInterfaces;
using Routing.GrainInterfaces.Model;
using Orleans;

namespace Routing.ClientApi.Operations;

/// <summary>
/// The customer card and reminders (issue 15), shared by REST and the WebSockets. Channels and the CRM write cards (by
/// customer id or by channel identity); an operator reads the card of a dialog they hold and sets a reminder on its
/// customer; anything else is refused like another operator's dialog (<see cref="ErrorCodes.NotAssigned"/>).
/// </summary>
public sealed class CustomerCardOperations(IGrainFactory grains, OperatorOperations operators, TimeProvider time)
{
    public async Task<CustomerCardResponse> Get(string ws, string customerId) =>
        CustomerCardResponse.Of(await AdminEndpoints.FindCustomer(grains, ws, customerId) ?? throw NoCustomer(customerId));

    public async Task<CustomerCardResponse> Update(string ws, string customerId, CustomerCardUpdate? update)
    {
        RequireValid(update);
        if (await AdminEndpoints.FindCustomer(grains, ws, customerId) is null) throw NoCustomer(customerId);
        return CustomerCardResponse.Of(await Customer(ws, customerId).UpdateCard(update!));
    }

    /// <summary>By the identity a connector knows; its first sight creates the customer, as its first message would.</summary>
    public async Task<CustomerCardResponse> UpdateByIdentity(string ws, Channel channel, string externalId, CustomerCardUpdate? update)
    {
        RequireValid(update);
        var customerId = await grains.GetGrain<IIdentityIndexGrain>(RoutingKeys.Identity(ws, channel, externalId)).Resolve();
        var customer = Customer(ws, customerId);
        await customer.AddIdentity(channel, externalId);
        return CustomerCardResponse.Of(await customer.UpdateCard(update!));
    }

    /// <summary>The card of the customer of a dialog the operator holds.</summary>
    public async Task<CustomerCardResponse> OfHeldDialog(string ws, string operatorId, string? conversationId)
    {
        var customerId = await HeldCustomer(ws, operatorId, conversationId);
        return CustomerCardResponse.Of(await Customer(ws, customerId).Get());
    }

    /// <summary>The card of a conversation's customer, for a caller already allowed to see the conversation.</summary>
    public async Task<CustomerCardResponse> OfConversation(string ws, ConversationView view) =>
        CustomerCardResponse.Of(await Customer(ws, view.CustomerId).Get());

    /// <summary>Sets (replacing any) the status and reminder of the customer of a dialog the operator holds.</summary>
    public async Task<CustomerCardResponse> SetReminder(string ws, string operatorId, string? conversationId, ReminderRequest? request)
    {
        if (request is null) throw ApiRefusal.Invalid("the body must be {\"status\", \"note\"?, \"remindAt\"}");
        if (CustomerReminder.Problem(request.Status, request.Note, request.RemindAt, time.GetUtcNow()) is { } problem) throw ApiRefusal.Invalid(problem);
        var customerId = await HeldCustomer(ws, operatorId, conversationId);
        return CustomerCardResponse.Of(await Customer(ws, customerId)
            .SetReminder(operatorId, request.Status!, request.Note, request.RemindAt!.Value, conversationId));
    }

    /// <summary>Dismisses (or cancels) the operator's own reminder on a customer.</summary>
    public async Task DismissReminder(string ws, string operatorId, string customerId)
    {
        if (!Ids.IsDerivedId(customerId) || !await Customer(ws, customerId).DismissReminder(operatorId))
            throw ApiRefusal.Missing($"you have no reminder on customer '{customerId}'");
    }

    public Task<IReadOnlyList<CustomerReminder>> Reminders(string ws, string operatorId) =>
        grains.GetGrain<IOperatorRemindersGrain>(RoutingKeys.OperatorReminders(ws, operatorId)).List();

    private async Task<string> HeldCustomer(string ws, string operatorId, string? conversationId)
    {
        var held = await operators.Held(ws, operatorId, conversationId);
        var view = await grains.GetGrain<IConversationGrain>(RoutingKeys.Conversation(ws, held.ConversationId)).Get();
        return view.CustomerId;
    }

    private static void RequireValid(CustomerCardUpdate? update)
    {
        if (CustomerCard.UpdateProblem(update) is { } problem) throw ApiRefusal.Invalid(problem);
    }

    private static ApiRefusal NoCustomer(string customerId) => ApiRefusal.Missing($"no customer '{customerId}'");

    private ICustomerGrain Customer(string ws, string customerId) => grains.GetGrain<ICustomerGrain>(RoutingKeys.Customer(ws, customerId));
}
