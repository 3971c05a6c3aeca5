using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Routing.ClientApi.Auth;
using Routing.ClientApi.Errors;
using Routing.ClientApi.Operations;
using Routing.GrainInterfaces;
using Routing.GrainInterfaces.Model;

namespace Routing.ClientApi.Endpoints;

/// <summary>
/// Callback requests (issue 15): channels ask for one (once per Idempotency-Key), read and cancel it; an operator asks for
/// one for the customer of a dialog they hold (chat → phone), reads the callback of an attempt they hold and records its outcome.
/// </summary>
internal static class CallbackEndpoints
{
    public static void Map(RouteGroupBuilder v1)
    {
        var channel = WorkspaceGroups.For(v1, ApiClaims.ChannelPolicy, "Callbacks");
        channel.MapPost("/callbacks", Create).RequireRateLimiting(IntakeEndpoints.ChannelKeyPolicy)
            .WithSummary("A customer asks to be called back at an E.164 phone number, optionally within a window; queued as a voice dialog when due")
            .Produces<CallbackView>().ProducesProblem(422).ProducesProblem(429);
        channel.MapGet("/callbacks/{callbackId}", Get).WithSummary("A callback: status, window, attempts and their outcomes")
            .Produces<CallbackView>().ProducesProblem(404);
        channel.MapDelete("/callbacks/{callbackId}", Cancel).WithSummary("Cancels a callback no operator is calling yet (a final one answers as it is)")
            .Produces<CallbackView>().ProducesProblem(404).ProducesProblem(409);

        var dialog = WorkspaceGroups.For(v1, ApiClaims.OperatorPolicy, "Operator").MapGroup("/operator/conversations/{conversationId}").ProducesProblem(409);
        dialog.MapPost("/callback", CreateForDialog)
            .WithSummary("Asks for a callback of the customer of a dialog the operator holds (chat → phone); once per Idempotency-Key")
            .Produces<CallbackView>();
        dialog.MapGet("/callback", OfDialog).WithSummary("The callback whose attempt is this held voice dialog: the phone number, window and attempts")
            .Produces<CallbackView>();
        dialog.MapPost("/callback-outcome", Outcome)
            .WithSummary("Records what came of the call; the dialog closes and the callback ends or is retried per the department")
            .Produces<CallbackView>();
    }

    private static async Task<IResult> Create(string ws, CallbackCreateRequest? request, HttpContext http, CallbackOperations callbacks)
    {
        if (IdempotencyKey(http) is { Problem: { } keyProblem }) return ApiProblem.Invalid(keyProblem);
        if (request is { ExternalCustomerId: not null, Channel: null } or { ExternalCustomerId: null, Channel: not null })
            return ApiProblem.Invalid("channel and externalCustomerId go together");
        if (request?.ExternalCustomerId is { } external && !Ids.IsExternalId(external)) return ApiProblem.Invalid("externalCustomerId is not a valid id");
        if (request?.Phone is { } phone && CallbackRules.PhoneProblem(phone) is null && request.Channel is null)
            request = request with { Channel = Channel.Voice, ExternalCustomerId = phone }; // the phone's own identity
        var (callback, replayed) = await callbacks.Request(ws, request, request?.Channel ?? Channel.Voice, request?.ExternalCustomerId ?? "",
            CallbackOrigin.Channel, IdempotencyKey(http).Key is { } key ? "rest/" + key : null);
        if (replayed) http.Response.Headers[IntakeEndpoints.ReplayedHeader] = "true";
        return Results.Ok(callback);
    }

    private static async Task<IResult> Get(string ws, string callbackId, CallbackOperations callbacks) => Results.Ok(await callbacks.Get(ws, callbackId));

    private static async Task<IResult> Cancel(string ws, string callbackId, CallbackOperations callbacks) =>
        Results.Ok(await callbacks.Cancel(ws, callbackId, "channel"));

    private static async Task<IResult> CreateForDialog(string ws, string conversationId, OperatorCallbackRequest? request, HttpContext http,
        ClaimsPrincipal user, CallbackOperations callbacks)
    {
        var (key, problem) = IdempotencyKey(http);
        if (problem is not null) return ApiProblem.Invalid(problem);
        return Results.Ok(await callbacks.ForHeldDialog(ws, Me(user), conversationId, request, key));
    }

    private static async Task<IResult> OfDialog(string ws, string conversationId, ClaimsPrincipal user, CallbackOperations callbacks) =>
        Results.Ok(await callbacks.OfHeldDialog(ws, Me(user), conversationId));

    private static async Task<IResult> Outcome(string ws, string conversationId, CallbackOutcomeRequest? request, ClaimsPrincipal user,
        CallbackOperations callbacks) =>
        Results.Ok(await callbacks.RecordOutcome(ws, Me(user), conversationId, request));

    /// <summary>The Idempotency-Key header as intake takes it: 1-255 printable ASCII characters, or absent.</summary>
    private static (string? Key, string? Problem) IdempotencyKey(HttpContext http)
    {
        string? key = http.Request.Headers[IntakeEndpoints.IdempotencyKeyHeader];
        if (key is null) return (null, null);
        return key.Length is 0 or > IntakeEndpoints.MaxIdempotencyKeyLength || !key.All(c => c is >= ' ' and <= '~')
            ? (null, $"{IntakeEndpoints.IdempotencyKeyHeader} must be 1-{IntakeEndpoints.MaxIdempotencyKeyLength} printable ASCII characters")
            : (key, null);
    }

    private static string Me(ClaimsPrincipal user) => user.FindFirst(ApiClaims.OperatorId)!.Value;
}
