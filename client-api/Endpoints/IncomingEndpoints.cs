using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using System.Security.Claims;
using Routing.ClientApi.Auth;
using Routing.ClientApi.Operations;

namespace Routing.ClientApi.Endpoints;

/// <summary>
/// Taking from the shared queue (pull) with the operator's token: the Incoming list of their departments and the take
/// (the same operations as the operator WebSocket's `incoming` and `take`).
/// </summary>
internal static class IncomingEndpoints
{
    public static void Map(RouteGroupBuilder v1)
    {
        var incoming = WorkspaceGroups.For(v1, ApiClaims.OperatorPolicy, "Operator").MapGroup("/operator/incoming");
        incoming.MapGet("", List)
            .WithSummary("The waiting dialogs the calling operator may take in their departments (Incoming), highest priority and longest wait first, at most `limit` (1-200, default 50)")
            .Produces<List<IncomingDialogResponse>>();
        incoming.MapPost("/take", Take)
            .WithSummary("Takes a waiting dialog from the shared queue: assigned to the caller as the router assigns (timeline `taken`), or 409 `already-taken`, `no-capacity`, `not-eligible` with nothing changed; 404 for no such conversation")
            .Produces<ConversationResponse>().ProducesProblem(404).ProducesProblem(409);
    }

    private static async Task<IResult> List(string ws, int? limit, ClaimsPrincipal user, IncomingOperations incoming) =>
        Results.Ok(await incoming.List(ws, Me(user), limit));

    private static async Task<IResult> Take(string ws, TakeRequest request, ClaimsPrincipal user, IncomingOperations incoming) =>
        Results.Ok(new ConversationResponse(await incoming.Take(ws, Me(user), request.ConversationId)));

    private static string Me(ClaimsPrincipal user) => user.FindFirst(ApiClaims.OperatorId)!.Value;
}
