using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using System.Security.Claims;
using Routing.ClientApi.Auth;
using Routing.ClientApi.Errors;
using Routing.ClientApi.Operations;
using Routing.GrainInterfaces;

namespace Routing.ClientApi.Endpoints;

/// <summary>
/// The customer card (issue 15): channels and the CRM write it (by customer id, or by the channel identity a connector
/// knows), supervisors read it, the operator of the customer's dialog reads it and sets a status with a reminder.
/// </summary>
internal static class CustomerCardEndpoints
{
    public static void Map(RouteGroupBuilder v1)
    {
        var writers = WorkspaceGroups.For(v1, ApiClaims.CustomerDataPolicy, "Customer card");
        writers.MapPatch("/customers/{customerId}/card", Update)
            .WithSummary("Changes a customer's card (channel or admin key): name, crmId (\"\" clears), attributes set one by one, removeAttributes")
            .Produces<CustomerCardResponse>().ProducesProblem(404);
        writers.MapPatch("/identities/{channel}/{externalId}/card", UpdateByIdentity)
            .WithSummary("Changes the card of a channel identity's customer (channel or admin key); the customer is created on first sight")
            .Produces<CustomerCardResponse>();

        var readers = WorkspaceGroups.For(v1, ApiClaims.SupervisorPolicy, "Customer card");
        readers.MapGet("/customers/{customerId}/card", Get).WithSummary("A customer's card and status (supervisor or admin key)")
            .Produces<CustomerCardResponse>().ProducesProblem(404);

        var me = WorkspaceGroups.For(v1, ApiClaims.OperatorPolicy, "Operator").MapGroup("/operator");
        me.MapGet("/conversations/{conversationId}/customer", OfDialog).WithSummary("The card of the customer of a dialog the operator holds")
            .Produces<CustomerCardResponse>().ProducesProblem(409);
        me.MapPut("/conversations/{conversationId}/reminder", SetReminder)
            .WithSummary("Sets (or replaces) a status of the dialog's customer with a reminder at remindAt (UTC, future): a reminder frame then")
            .Produces<CustomerCardResponse>().ProducesProblem(409);
        me.MapGet("/reminders", Reminders).WithSummary("The reminders the operator set, pending and due, soonest first")
            .Produces<List<CustomerReminder>>();
        me.MapDelete("/reminders/{customerId}", Dismiss).WithSummary("Dismisses (or cancels) the operator's reminder on a customer")
            .Produces(StatusCodes.Status204NoContent).ProducesProblem(404);
    }

    private static async Task<IResult> Update(string ws, string customerId, CustomerCardUpdate? update, CustomerCardOperations cards) =>
        Results.Ok(await cards.Update(ws, customerId, update));

    private static async Task<IResult> UpdateByIdentity(string ws, string channel, string externalId, CustomerCardUpdate? update,
        CustomerCardOperations cards)
    {
        if (!AdminEndpoints.TryChannel(channel, out var parsed)) return ApiProblem.Invalid("channel must be chat, messenger, social, email or voice");
        if (!Ids.IsExternalId(externalId)) return ApiProblem.Invalid("externalId is not a valid id");
        return Results.Ok(await cards.UpdateByIdentity(ws, parsed, externalId, update));
    }

    private static async Task<IResult> Get(string ws, string customerId, CustomerCardOperations cards) => Results.Ok(await cards.Get(ws, customerId));

    private static async Task<IResult> OfDialog(string ws, string conversationId, ClaimsPrincipal user, CustomerCardOperations cards) =>
        Results.Ok(await cards.OfHeldDialog(ws, Me(user), conversationId));

    private static async Task<IResult> SetReminder(string ws, string conversationId, ReminderRequest? request, ClaimsPrincipal user,
        CustomerCardOperations cards) =>
        Results.Ok(await cards.SetReminder(ws, Me(user), conversationId, request));

    private static async Task<IResult> Reminders(string ws, ClaimsPrincipal user, CustomerCardOperations cards) =>
        Results.Ok(await cards.Reminders(ws, Me(user)));

    private static async Task<IResult> Dismiss(string ws, string customerId, ClaimsPrincipal user, CustomerCardOperations cards)
    {
        await cards.DismissReminder(ws, Me(user), customerId);
        return Results.NoContent();
    }

    private static string Me(ClaimsPrincipal user) => user.FindFirst(ApiClaims.OperatorId)!.Value;
}
