using Orleans.Concurrency;

namespace Routing.GrainInterfaces;

/// <summary>
/// A dialog (R3): state plus an append-only timeline. Key: RoutingKeys.Conversation(ws, id).
/// Called by the customer (open, messages), the department (assigned) and clients (close); it calls only the operator.
/// </summary>
public interface IConversationGrain : IGrainWithStringKey
{
    Task<ConversationView> Open(OpenConversation open);

    /// <summary>
    /// A customer message, stored in the message log before it returns; not still open (and nothing stored) when the
    /// conversation is closed (the caller opens a new one). Answers the conversation's view after it too (null when it was
    /// never opened), so intake, which needs both, makes one call to the dialog per message, not two. Text or attachments
    /// beyond <see cref="ConversationMessage"/>'s limits throw <see cref="ArgumentException"/>.
    /// </summary>
    Task<CustomerMessageAdded> AddCustomerMessage(string text, IReadOnlyList<AttachmentMetadata> attachments, string? clientMessageId = null);

    /// <summary>
    /// The department placed a waiting dialog with an operator; false when it no longer waits in that department (closed,
    /// moved by hand): the caller releases the operator.
    /// </summary>
    Task<bool> Assigned(string operatorId, string departmentId);

    /// <summary>The operator took it from the department's queue themselves (pull); false like <see cref="Assigned"/>.</summary>
    Task<bool> Taken(string operatorId, string departmentId);

    /// <summary>The operator accepted the department's offer; false when the offer no longer stands (closed, moved).</summary>
    Task<bool> Accepted(string operatorId, string departmentId);

    /// <summary>The department offered it to an operator (offer mode); false when it no longer waits there.</summary>
    Task<bool> Offered(string operatorId, string departmentId, DateTimeOffset expiresAt);

    /// <summary>Back to waiting in the department (offer declined or expired); false when it is no longer there.</summary>
    Task<bool> Requeued(string departmentId, string reason);

    /// <summary>
    /// Moved by hand to a queue or an operator; throws when closed. The conversation changes first, so the department and
    /// operator it leaves (in <see cref="ConversationMoved.Before"/>) can no longer place it; the caller detaches it there.
    /// </summary>
    Task<ConversationMoved> Move(ConversationMove move);

    Task SetPriority(Model.Priority priority);

    /// <summary>
    /// The assigned operator replies: stops the rescue clock and, the first time, meets the SLA (R13). Refused with
    /// <see cref="RoutingRefusedException.NotAssigned"/> when the dialog is not theirs (e.g. rescued meanwhile), and then
    /// nothing is stored; otherwise the message is stored in the message log before it returns.
    /// </summary>
    /// <remarks>
    /// With <paramref name="clientMessageId"/> it is idempotent: a resend with an id among the conversation's last
    /// <see cref="ConversationMessage"/>s by id is stored once (and answers as the first did).
    /// </remarks>
    Task AddOperatorMessage(string operatorId, string text, string? clientMessageId = null);

    /// <summary>
    /// A supervisor who joined the dialog writes into it (R6): stored, published and handed to the channel like an
    /// operator's reply, without touching the assigned operator's clocks. Refused with InvalidOperationException when closed.
    /// </summary>
    Task AddSupervisorMessage(string supervisorId, string text, string? clientMessageId = null);

    /// <summary>
    /// A callback asked for from this dialog (issue 15: chat → phone) is told in its history: a system message and the
    /// timeline row <c>callback-requested</c>, once per callback (a retried request is not told twice). Nothing once closed.
    /// </summary>
    Task NoteCallback(string callbackId, string text);
    /// <summary>Marks it an offline request (R15); idempotent.</summary>
    Task MarkOfflineRequest();

    /// <summary>
    /// The close step of <see cref="IConversationControlGrain.Close"/>, which every close goes through: the state says
    /// closed (keeping the operator who had it), so no department can place it any more; the control grain then takes it
    /// out of its queue or offer and frees the operator. The control grain's resume deadline (<c>close:{by}</c>) is
    /// written with the closed state, ahead of it in the same commit, so a close cut short by a crash is finished. Idempotent: a repeat hands the close events to the channel's
    /// outbox again (it ignores what it holds). When its department asks for ratings, it has at least their number of
    /// stored messages and an operator wrote into it, it publishes <see cref="RatingRequested"/> for the operator who had
    /// it last (or, without one, wrote into it last), unless the open dialog asked already at its N-th message.
    /// </summary>
    /// <returns>The closed view: its operator is the one who had it when it closed (to free).</returns>
    Task<ConversationView> MarkClosed(string by);

    /// <summary>
    /// The customer's rating (R19), once, recorded in the timeline and state and counted for the operator. Refused with
    /// <see cref="RoutingRefusedException.RatingNotRequested"/> when no rating was asked for,
    /// <see cref="RoutingRefusedException.AlreadyRated"/> the second time; a score outside the scale or a comment over
    /// <see cref="RatingSettings.MaxCommentLength"/> characters throws <see cref="ArgumentException"/>.
    /// </summary>
    Task<ConversationView> Rate(int score, string? comment);

    /// <summary>
    /// Sends the visitor to a page (issue 15): the operator it is assigned to (<paramref name="author"/> Operator) or a
    /// supervisor (Supervisor, <paramref name="byId"/> their key id) records it in the timeline, then it is published as
    /// <see cref="VisitorNavigation"/> and handed to the channel's webhook. A bad URL throws <see cref="ArgumentException"/>;
    /// an operator it is not assigned to (or a conversation that does not exist) is refused
    /// <see cref="RoutingRefusedException.NotAssigned"/>; a closed one throws <see cref="InvalidOperationException"/>.
    /// </summary>
    Task<VisitorNavigation> Navigate(MessageAuthor author, string byId, string url);

    /// <summary>
    /// Moves the dialog to another channel (issue 15; its control grain has checked the request and the operator's
    /// capacity): one system message in its history, the timeline row <c>channel-moved</c>, replies to the new identity,
    /// and <c>conversation.channel-moved</c> to both channels' webhooks. Idempotent per <see cref="ConversationChannelMove.MoveId"/>;
    /// a closed one throws <see cref="InvalidOperationException"/>.
    /// </summary>
    Task<ConversationView> MoveChannel(ConversationChannelMove move);

    [ReadOnly] Task<ConversationView> Get();

    /// <summary>The state, or null when it was never opened.</summary>
    [ReadOnly] Task<ConversationView?> Find();
    [ReadOnly] Task<IReadOnlyList<TimelineEvent>> GetTimeline();

    /// <summary>
    /// Stored messages with sequence &gt;= <paramref name="fromSequence"/> (from 1), in order, at most
    /// <paramref name="maxCount"/> (1 to <see cref="ConversationMessage.MaxReadCount"/>).
    /// </summary>
    [ReadOnly] Task<IReadOnlyList<ConversationMessage>> GetMessages(long fromSequence, int maxCount);
}
