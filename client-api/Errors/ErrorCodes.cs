using Routing.GrainInterfaces;

namespace Routing.ClientApi.Errors;

/// <summary>
/// Every stable code the API answers with: the <c>code</c> of REST problem details and of WebSocket <c>error</c> frames.
/// README.md (REST) and client-api/REALTIME.md (WebSocket) list them; a test compares both lists with this class, so a
/// code is added here and documented together. Clients switch on the code, never on the title or detail text.
/// </summary>
public static class ErrorCodes
{
    // Who may call.
    public const string Unauthenticated = "unauthenticated";
    public const string Forbidden = "forbidden";

    // Requests the engine does not accept as sent.
    public const string InvalidRequest = "invalid-request";
    public const string MalformedRequest = "malformed-request";
    public const string UnsupportedMediaType = "unsupported-media-type";
    public const string RequestTooLarge = "request-too-large";
    public const string UriTooLong = "uri-too-long";
    public const string NotFound = "not-found";
    public const string MethodNotAllowed = "method-not-allowed";

    // The state does not allow it.
    public const string Conflict = "conflict";
    public const string NotAssigned = RoutingRefusedException.NotAssigned;
    public const string OfferNotFound = "offer-not-found";
    public const string OperatorUnavailable = RoutingRefusedException.OperatorUnavailable;
    public const string CustomerBlocked = RoutingRefusedException.CustomerBlocked;
    public const string IdentityBlocked = RoutingRefusedException.IdentityBlocked;
    public const string IdempotencyKeyReused = RoutingRefusedException.IdempotencyKeyReused;
    public const string RatingNotRequested = RoutingRefusedException.RatingNotRequested;
    public const string AlreadyRated = RoutingRefusedException.AlreadyRated;

    // Administration (issue 15): operator access and seats.
    public const string OperatorBlocked = RoutingRefusedException.OperatorBlocked;
    public const string SeatLimitReached = RoutingRefusedException.SeatLimitReached;

    // Taking from the shared queue (pull).
    public const string AlreadyTaken = "already-taken";
    public const string NoCapacity = "no-capacity";
    public const string NotEligible = "not-eligible";

    // Moving a dialog to another channel (issue 15); its over-capacity refusal is no-capacity.
    public const string SameChannel = ChannelMoveRefusals.SameChannel;
    public const string NoChannelIdentity = ChannelMoveRefusals.NoChannelIdentity;
    public const string IdentityInUse = ChannelMoveRefusals.IdentityInUse;
    public const string VoiceNeedsCallback = ChannelMoveRefusals.VoiceNeedsCallback;
    // Callback requests (issue 15).
    public const string InvalidPhoneNumber = "invalid-phone-number";
    public const string InvalidCallbackWindow = "invalid-callback-window";
    public const string UnknownDepartment = "unknown-department";
    public const string NotACallback = RoutingRefusedException.NotACallback;
    public const string CallbackInProgress = RoutingRefusedException.CallbackInProgress;
    public const string CallbackEnded = RoutingRefusedException.CallbackEnded;

    // Load and faults.
    public const string RateLimited = "rate-limited";
    public const string Unavailable = "unavailable";
    public const string Error = "error";

    // The WebSocket upgrade (problem details) and its frames (error frames).
    public const string WebSocketRequired = "websocket-required";
    public const string UnsupportedProtocol = "unsupported-protocol";
    public const string TooManySessions = "too-many-sessions";
    public const string MalformedFrame = "malformed-frame";
    public const string UnknownType = "unknown-type";
    public const string FrameTooLarge = "frame-too-large";
    public const string NoConversation = "no-conversation";
    public const string NotJoined = "not-joined";
    public const string TooManyMonitored = "too-many-monitored";
}
