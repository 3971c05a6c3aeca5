using Orleans.Concurrency;

namespace Routing.GrainInterfaces;

/// <summary>
/// One callback request (issue 15): a customer asked to be called at a phone number, maybe within a window. When due,
/// each attempt is a voice dialog "{callbackId}-{n}" queued in its department and routed like any call (R5: it takes the
/// whole operator); the operator who called records the outcome, which ends it or schedules the next attempt (the
/// department's retries, durable deadlines). Key: RoutingKeys.Callback(ws, callbackId). Call order: callback →
/// workspace (read), conversation, conversation-control; nothing calls it but the API and its own deadlines.
/// </summary>
public interface ICallbackGrain : IGrainWithStringKey
{
    /// <summary>
    /// Creates it (the first attempt is queued at once when due). A repeat of the same request answers the callback as it
    /// is; another request under the same id is refused with <see cref="RoutingRefusedException.IdempotencyKeyReused"/>.
    /// Bad input (phone, window, note, unknown department) throws <see cref="ArgumentException"/> and creates nothing.
    /// </summary>
    Task<CallbackView> Request(CallbackRequest request);

    /// <summary>The callback, or null when there is none under this id.</summary>
    [ReadOnly] Task<CallbackView?> Find();

    /// <summary>
    /// The outcome of the attempt whose dialog <paramref name="conversationId"/> the operator holds: recorded, the dialog
    /// closed (the operator is free again), and the callback ends or waits for its next attempt. Refused with
    /// <see cref="RoutingRefusedException.NotAssigned"/> when that dialog is not assigned to them; a retry of an outcome
    /// that took effect answers as the first did.
    /// </summary>
    Task<CallbackView> RecordOutcome(string operatorId, string conversationId, CallbackOutcome outcome, string? note, DateTimeOffset? retryAt);

    /// <summary>
    /// Withdraws it while no operator has it: a queued attempt's dialog is closed. Refused with
    /// <see cref="RoutingRefusedException.CallbackInProgress"/> while an operator calls; a final one answers as it is.
    /// </summary>
    Task<CallbackView> Cancel(string by);
}
