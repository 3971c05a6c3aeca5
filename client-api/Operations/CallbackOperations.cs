using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Routing.ClientApi.Errors;
using Routing.GrainInterfaces;
using Routing.GrainInterfaces.Model;
using Orleans;

namespace Routing.ClientApi.Operations;

/// <summary>
/// Callback requests (issue 15), shared by REST and the WebSockets: a channel or the widget asks for one (once per
/// idempotency key), an operator asks for one for the customer of a dialog they hold, and the operator holding an
/// attempt's voice dialog records its outcome. Bad input is refused with a code naming what is wrong and changes nothing.
/// </summary>
public sealed class CallbackOperations(IGrainFactory grains, OperatorOperations operators, TimeProvider time)
{
    /// <summary>
    /// A customer's request for the identity (<paramref name="channel"/>, <paramref name="externalId"/>); with a key, a
    /// retry answers the callback the first created (replayed) and another request under it is refused.
    /// </summary>
    public async Task<(CallbackView Callback, bool Replayed)> Request(string ws, CallbackCreateRequest? body, Channel channel, string externalId,
        CallbackOrigin origin, string? idempotencyKey)
    {
        if (body is null) throw ApiRefusal.Invalid("the body must be {\"phone\", \"windowStart\"?, \"windowEnd\"?, \"departmentId\"?, \"note\"?}");
        await RequireValid(ws, body.Phone, body.WindowStart, body.WindowEnd, body.Note, body.DepartmentId);
        var identity = await grains.GetGrain<IIdentityIndexGrain>(RoutingKeys.Identity(ws, channel, externalId)).Get();
        if (identity.Blocked) throw Blocked(RoutingRefusedException.IdentityBlocked, "this customer identity is blocked");
        var customerId = identity.CustomerId ?? await grains.GetGrain<IIdentityIndexGrain>(RoutingKeys.Identity(ws, channel, externalId)).Resolve();
        var customer = grains.GetGrain<ICustomerGrain>(RoutingKeys.Customer(ws, customerId));
        if ((await customer.Get()).Blocked) throw Blocked(RoutingRefusedException.CustomerBlocked, "this customer is blocked");
        await customer.AddIdentity(channel, externalId); // its first sight creates the customer, as a first message would

        var fingerprint = IntakeOperations.Sha256(JsonSerializer.Serialize(new { body, channel, externalId, origin }));
        var callbackId = CallbackIds.FromHash(IntakeOperations.Sha256(idempotencyKey ?? Guid.NewGuid().ToString("N")));
        var grain = Callback(ws, callbackId);
        var replayed = idempotencyKey is not null && await grain.Find() is not null;
        var view = await grain.Request(new CallbackRequest(customerId, body.Phone!, origin)
        {
            DepartmentId = body.DepartmentId, Topic = body.Topic, WindowStart = body.WindowStart, WindowEnd = body.WindowEnd, Note = body.Note,
            RequesterChannel = channel, RequesterExternalId = externalId, Fingerprint = fingerprint,
        });
        return (view, replayed);
    }

    /// <summary>
    /// The operator's callback for the customer of a dialog they hold (chat → phone): linked to that dialog, in its
    /// department unless another is named. Once per dialog and idempotency key.
    /// </summary>
    public async Task<CallbackView> ForHeldDialog(string ws, string operatorId, string? conversationId, OperatorCallbackRequest? body, string? idempotencyKey)
    {
        if (body is null) throw ApiRefusal.Invalid("the body must be {\"phone\", \"windowStart\"?, \"windowEnd\"?, \"note\"?, \"departmentId\"?}");
        await RequireValid(ws, body.Phone, body.WindowStart, body.WindowEnd, body.Note, body.DepartmentId);
        var held = await operators.Held(ws, operatorId, conversationId);
        var dialog = await grains.GetGrain<IConversationGrain>(RoutingKeys.Conversation(ws, held.ConversationId)).Get();
        var key = $"operator/{operatorId}/{dialog.ConversationId}/{idempotencyKey ?? Guid.NewGuid().ToString("N")}";
        return await Callback(ws, CallbackIds.FromHash(IntakeOperations.Sha256(key))).Request(new CallbackRequest(dialog.CustomerId, body.Phone!, CallbackOrigin.Operator)
        {
            DepartmentId = body.DepartmentId ?? dialog.DepartmentId, WindowStart = body.WindowStart, WindowEnd = body.WindowEnd, Note = body.Note,
            OriginConversationId = dialog.ConversationId, RequestedBy = operatorId,
            Fingerprint = IntakeOperations.Sha256(JsonSerializer.Serialize(body)),
        });
    }

    /// <summary>A callback of the workspace (cross-workspace and unknown ids alike: not found).</summary>
    public async Task<CallbackView> Get(string ws, string? callbackId) =>
        CallbackIds.IsCallbackId(callbackId) && await Callback(ws, callbackId).Find() is { } view ? view : throw NoCallback(callbackId);

    /// <summary>The callback whose attempt is the dialog the operator holds (its phone number, window and attempts).</summary>
    public async Task<CallbackView> OfHeldDialog(string ws, string operatorId, string? conversationId)
    {
        var held = await operators.Held(ws, operatorId, conversationId);
        return CallbackIds.OfConversation(held.ConversationId) is { } callbackId && await Callback(ws, callbackId).Find() is { } view
            ? view
            : throw NotACallback(held.ConversationId);
    }

    /// <summary>The outcome of the attempt whose dialog the operator holds; the dialog closes, the callback ends or waits for its next try.</summary>
    public async Task<CallbackView> RecordOutcome(string ws, string operatorId, string? conversationId, CallbackOutcomeRequest? body)
    {
        if (body?.Outcome is not { } outcome || outcome == CallbackOutcome.ClosedWithoutOutcome)
            throw ApiRefusal.Invalid("outcome is required: reached, noAnswer, busy, voicemail, retryLater, wrongNumber or declined");
        if (body.Note is { Length: > CallbackRequest.MaxNoteLength }) throw ApiRefusal.Invalid($"note is at most {CallbackRequest.MaxNoteLength} characters");
        if (!Ids.IsDerivedId(conversationId)) throw ApiRefusal.Invalid("conversationId is not a valid id");
        // Not held: refused as another operator's dialog, whether or not it is a callback attempt.
        if (CallbackIds.OfConversation(conversationId) is not { } callbackId)
        {
            await operators.Held(ws, operatorId, conversationId);
            throw NotACallback(conversationId);
        }
        return await Callback(ws, callbackId).RecordOutcome(operatorId, conversationId, outcome, body.Note, body.RetryAt);
    }

    /// <summary>Withdraws a callback no operator has yet.</summary>
    public async Task<CallbackView> Cancel(string ws, string? callbackId, string by)
    {
        await Get(ws, callbackId);
        return await Callback(ws, callbackId!).Cancel(by);
    }

    private async Task RequireValid(string ws, string? phone, DateTimeOffset? windowStart, DateTimeOffset? windowEnd, string? note, string? departmentId)
    {
        if (CallbackRules.PhoneProblem(phone) is { } phoneProblem) throw new ApiRefusal(StatusCodes.Status400BadRequest, ErrorCodes.InvalidPhoneNumber, phoneProblem);
        if (CallbackRules.WindowProblem(windowStart, windowEnd, time.GetUtcNow()) is { } windowProblem)
            throw new ApiRefusal(StatusCodes.Status400BadRequest, ErrorCodes.InvalidCallbackWindow, windowProblem);
        if (note is { Length: > CallbackRequest.MaxNoteLength }) throw ApiRefusal.Invalid($"note is at most {CallbackRequest.MaxNoteLength} characters");
        if (departmentId is null) return;
        if (!Ids.IsId(departmentId) || !(await grains.GetGrain<IWorkspaceGrain>(RoutingKeys.Workspace(ws)).GetDepartments()).ContainsKey(departmentId))
            throw new ApiRefusal(StatusCodes.Status400BadRequest, ErrorCodes.UnknownDepartment, $"no department '{departmentId}'");
    }

    private static ApiRefusal Blocked(string code, string detail) => new(StatusCodes.Status403Forbidden, code, detail);

    private static ApiRefusal NoCallback(string? callbackId) => ApiRefusal.Missing($"no callback '{callbackId}'");

    private static ApiRefusal NotACallback(string conversationId) =>
        ApiRefusal.Conflict(ErrorCodes.NotACallback, $"conversation '{conversationId}' is not a callback attempt");

    private ICallbackGrain Callback(string ws, string callbackId) => grains.GetGrain<ICallbackGrain>(RoutingKeys.Callback(ws, callbackId));
}
