namespace Routing.GrainInterfaces;

/// <summary>
/// Every kind a conversation records: the <see cref="TimelineEvent.Kind"/> of its timeline row and the
/// <see cref="ConversationChanged.Kind"/> published with it. Clients switch on these strings, so they never change;
/// client-api/REALTIME.md documents each (a test holds it to this list).
/// </summary>
public static class ConversationChangeKinds
{
    // Opened (detail: the channel).
    public const string Queued = "queued";
    public const string Bot = "bot";

    // Stored messages: nothing else moved.
    public const string CustomerMessage = "customer-message";
    public const string OperatorMessage = "operator-message";
    public const string FirstResponse = "first-response";
    public const string SupervisorMessage = "supervisor-message";

    // Routing by the department.
    public const string Assigned = "assigned";
    public const string Offered = "offered";
    public const string Accepted = "accepted";
    public const string OfferDeclined = "offer-declined";
    public const string OfferExpired = "offer-expired";

    // Taken from the shared queue by the operator themselves (pull).
    public const string Taken = "taken";

    // Moves (detail: the note, or "from {operator}" for the returns).
    public const string Transferred = "transferred";
    public const string AssignedByHand = "assigned-by-hand";
    public const string AssignedByHandForced = "assigned-by-hand-forced";
    public const string BotHandover = "bot-handover";
    public const string Rescued = "rescued";
    public const string ShiftEnded = "shift-ended";
    public const string OperatorBlocked = "operator-blocked";

    // Clocks and marks.
    public const string RescueWarning = "rescue-warning";
    public const string SlaBreached = "sla-breached";
    public const string OfflineRequest = "offline-request";
    public const string PriorityChanged = "priority-changed";

    // The end (detail: who closed it) and the customer's rating (detail: score/scale).
    public const string Closed = "closed";
    public const string Rated = "rated";

    // Issue 15, the widget: an operator sent the visitor to a page (detail: the URL); the dialog asked for a rating
    // while open, at its N-th message (detail: the scale).
    public const string Navigated = "navigated";
    public const string RatingRequested = "rating-requested";

    // Issue 15: moved to another of the customer's channels (detail: the channel it runs in now).
    public const string ChannelMoved = "channel-moved";

    // Issue 15: a callback was asked for from this dialog (chat → phone; detail: the callback's id); a system message says so.
    public const string CallbackRequested = "callback-requested";

    public static bool IsMessage(string kind) => kind is CustomerMessage or OperatorMessage or FirstResponse or SupervisorMessage;
}
