using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using System.Security.Claims;
using Routing.ClientApi.Auth;
using Routing.ClientApi.Operations;
using Routing.GrainInterfaces;

namespace Routing.ClientApi.Endpoints;

/// <summary>
/// An operator's own work over REST, with their operator token (the same operations as the operator WebSocket): a
/// reply from a CRM or a mobile app without a live socket, status, offers, transfer and close.
/// </summary>
internal static class OperatorEndpoints
{
    public static void Map(RouteGroupBuilder v1)
    {
        var me = WorkspaceGroups.For(v1, ApiClaims.OperatorPolicy, "Operator").MapGroup("/operator");
        me.MapGet("", State).WithSummary("The calling operator's status, load and held dialogs").Produces<OperatorState>();
        me.MapPut("/status", SetStatus).WithSummary("Switches the calling operator to online, away or offline").Produces<OperatorState>().ProducesProblem(409);
        me.MapGet("/templates", Templates).WithSummary("Quick-reply templates for the operator's departments and for every department")
            .Produces<List<TemplateResponse>>();
        var dialog = me.MapGroup("/conversations/{conversationId}").ProducesProblem(409);
        dialog.MapGet("/messages", Messages).WithSummary("Messages of a dialog the operator holds, from sequence `from`, at most `limit`")
            .Produces<List<ConversationMessage>>();
        dialog.MapPost("/messages", Reply).WithSummary("The operator's reply into a dialog assigned to them; stored before it answers (R13 stops the rescue clock); once per Idempotency-Key")
            .Produces(StatusCodes.Status202Accepted);
        dialog.MapPost("/accept", Accept).WithSummary("Accepts an offer (offer mode)").Produces<ConversationResponse>();
        dialog.MapPost("/decline", Decline).WithSummary("Declines an offer: it goes to the next operator").Produces(StatusCodes.Status204NoContent);
        dialog.MapPost("/transfer", Transfer).WithSummary("Moves a held dialog to a department's queue or to an operator (R12)").Produces<ConversationResponse>();
        dialog.MapPost("/close", Close).WithSummary("Closes a held dialog").Produces<ConversationResponse>();
        dialog.MapPost("/move-to-channel", MoveToChannel)
            .WithSummary("Moves a dialog assigned to the operator to another of the customer's channels (issue 15)")
            .WithDescription(ChannelMoveDescription).Produces<ConversationResponse>().ProducesProblem(400).ProducesProblem(403);
    }

    /// <summary>POST operator/conversations/{id}/messages.</summary>
    public sealed record ReplyRequest(string? Text);

    private static async Task<IResult> State(string ws, ClaimsPrincipal user, OperatorOperations operators) =>
        Results.Ok(SupervisorOperations.StateOf(await operators.Snapshot(ws, Me(user))));

    private static async Task<IResult> SetStatus(string ws, StatusRequest? request, ClaimsPrincipal user, OperatorOperations operators) =>
        Results.Ok(await operators.SetStatus(ws, Me(user), request?.Status));

    private static async Task<IResult> Templates(string ws, ClaimsPrincipal user, OperatorOperations operators) =>
        Results.Ok(await operators.Templates(ws, Me(user)));

    private static async Task<IResult> Messages(string ws, string conversationId, long? from, int? limit, ClaimsPrincipal user, OperatorOperations operators) =>
        Results.Ok(await operators.Messages(ws, Me(user), conversationId, from, limit));

    private static async Task<IResult> Reply(string ws, string conversationId, ReplyRequest? request, HttpContext http, ClaimsPrincipal user,
        OperatorOperations operators)
    {
        // Idempotency-Key, as on intake: a retry after a lost answer is stored once.
        await operators.Reply(ws, Me(user), conversationId, request?.Text, http.Request.Headers[IntakeEndpoints.IdempotencyKeyHeader]);
        return Results.Accepted();
    }

    private static async Task<IResult> Accept(string ws, string conversationId, ClaimsPrincipal user, OperatorOperations operators) =>
        Results.Ok(new ConversationResponse(await operators.Accept(ws, Me(user), conversationId)));

    private static async Task<IResult> Decline(string ws, string conversationId, ClaimsPrincipal user, OperatorOperations operators)
    {
        await operators.Decline(ws, Me(user), conversationId);
        return Results.NoContent();
    }

    private static async Task<IResult> Transfer(string ws, string conversationId, TransferRequest? request, ClaimsPrincipal user, OperatorOperations operators) =>
        Results.Ok(new ConversationResponse(await operators.Transfer(ws, Me(user), conversationId, request?.DepartmentId, request?.OperatorId, request?.Note)));

    private static async Task<IResult> Close(string ws, string conversationId, ClaimsPrincipal user, OperatorOperations operators) =>
        Results.Ok(new ConversationResponse(await operators.Close(ws, Me(user), conversationId)));

    /// <summary>What the operator's and the supervisor's move-to-channel do, for OpenAPI.</summary>
    internal const string ChannelMoveDescription =
        "One conversation, one history: it keeps its operator and messages; a system message and the timeline row `channel-moved` record the move, "
        + "replies go to the new channel's webhook addressed to `externalCustomerId` (without one: the customer's known identity there), and the customer's "
        + "messages on either channel land in it. The operator's load takes the new channel's cost: a dearer channel that does not fit is refused "
        + "(`no-capacity`). Refused, changing nothing: `voice-needs-callback` (a move to the phone is a callback request), `same-channel`, "
        + "`no-channel-identity`, `identity-in-use` (another customer's), `identity-blocked`, `not-assigned`, `conflict` (closed, or not assigned to anyone).";

    private static async Task<IResult> MoveToChannel(string ws, string conversationId, MoveChannelRequest? request, ClaimsPrincipal user, OperatorOperations operators) =>
        Results.Ok(new ConversationResponse(await operators.MoveToChannel(ws, Me(user), conversationId, request?.Channel, request?.ExternalCustomerId)));

    private static string Me(ClaimsPrincipal user) => user.FindFirst(ApiClaims.OperatorId)!.Value;
}
