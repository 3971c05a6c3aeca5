using Routing.ClientApi.Errors;
using Routing.GrainInterfaces.Events;
using System.Text.Json;
using Routing.ClientApi.Operations;
using Routing.ClientApi.Realtime.Protocol;
using Routing.ClientApi.Realtime.Sessions;
using Routing.GrainInterfaces;
using Orleans;

namespace Routing.ClientApi.Realtime.Roles;

/// <summary>
/// The site widget's customer (R16, R18, R19): their open (or last) conversation, its messages, queue place and
/// operator's typing; they send messages (idempotent by clientMessageId), type, rate and close. A customer token names
/// one channel identity, so a customer never reads another's conversation.
/// </summary>
internal sealed class CustomerHandler : IRealtimeRoleHandler
{
    private ConversationFollower _follower = null!;
    private string? _conversationId;
    private CustomerConversationFrame? _last;
    private QueueFrame? _lastQueue;
    private (string DepartmentKey, string ConversationId)? _watched;
    private bool _draftPreview; // the workspace's opt-in: off, drafts are dropped here

    public async Task StartAsync(RealtimeSession session)
    {
        _follower = new ConversationFollower(session);
        var p = session.Principal;
        var identityKey = RoutingKeys.Identity(p.WorkspaceId, p.Channel, p.Subject);
        session.Subscribe(RoutingTopics.Identity(identityKey)); // before reading: a conversation opened meanwhile still arrives
        session.Subscribe(RoutingTopics.DraftPreview(p.WorkspaceId)); // likewise the admin turning the draft preview on or off
        _draftPreview = await session.Grains.GetGrain<IWorkspaceGrain>(RoutingKeys.Workspace(p.WorkspaceId)).GetDraftPreview();
        var identity = await session.Grains.GetGrain<IIdentityIndexGrain>(identityKey).Get();
        string? open = null;
        if (identity.CustomerId is { } customerId)
            open = (await session.Grains.GetGrain<ICustomerGrain>(RoutingKeys.Customer(p.WorkspaceId, customerId)).Get()).OpenConversationId;
        session.Send("ready", new { customerId = identity.CustomerId, conversationId = open, draftPreview = _draftPreview });
        if (open is not null) await Follow(session, open);
    }

    public async Task<object?> HandleAsync(RealtimeSession session, ClientFrame frame)
    {
        switch (frame.Type)
        {
            case "send":
                return await Send(session, frame.Bind<CustomerSendCommand>(session.Json));
            case "typing":
                _follower.PublishTyping(Current(), MessageAuthor.Customer, null);
                return null;
            case "history":
                var history = frame.Bind<HistoryCommand>(session.Json);
                return new { conversationId = Current(), messages = await session.Services.Supervisor.Messages(session.Principal.WorkspaceId, Current(), history.From, history.Limit) };
            case "rate":
                var rate = frame.Bind<RateCommand>(session.Json);
                if (rate.Score is not { } score) throw ApiRefusal.Invalid("score is required");
                if (rate.Comment is { Length: > RatingSettings.MaxCommentLength }) throw ApiRefusal.Invalid($"comment is at most {RatingSettings.MaxCommentLength} characters");
                return CustomerConversationFrame.Of(await _follower.Grain(Current()).Rate(score, rate.Comment));
            case "close":
                return CustomerConversationFrame.Of(await session.Services.Supervisor.Close(session.Principal.WorkspaceId, Current(), "customer"));
            case "draft":
                return Draft(session, frame.Bind<DraftCommand>(session.Json));
            case "callback":
                return await RequestCallback(session, frame.Bind<CustomerCallbackCommand>(session.Json));
            case "callback-status":
                return await CallbackStatus(session, frame.Bind<CallbackStatusCommand>(session.Json).CallbackId);
            default:
                throw new RealtimeFrameException(ErrorCodes.UnknownType,
                    $"a customer may send send, typing, draft, history, rate, close, callback, callback-status or ping, not '{frame.Type}'", frame.Ref);
        }
    }

    public async Task OnEventAsync(RealtimeSession session, GrainEvent published)
    {
        switch (published.Payload)
        {
            case ConversationOpened opened when opened.ConversationId != _conversationId:
                await Follow(session, opened.ConversationId); // opened from another tab or device of this visitor
                break;
            case ConversationMessage message when _follower.IsNew(message):
                session.Send("message", message);
                break;
            case ConversationChanged changed when changed.ConversationId == _conversationId && IsNews(changed):
                var view = await _follower.Grain(changed.ConversationId).Get();
                SendConversation(session, view);
                await SendQueue(session, view);
                break;
            case QueuePosition position when position.ConversationId == _conversationId:
                SendQueue(session, position);
                break;
            case RatingRequested requested:
                session.Send("rating-requested", requested);
                break;
            case NoOperatorOnline notice:
                session.Send("no-operator-online", notice);
                break;
            case OutsideBusinessHours notice:
                session.Send("outside-business-hours", notice);
                break;
            case TypingIndicator typing when typing.Author != MessageAuthor.Customer:
                session.Send("typing", typing);
                break;
            case VisitorNavigation navigation when navigation.ConversationId == _conversationId:
                session.Send("navigate", navigation);
                break;
            case ConversationChannelMoved moved when moved.ConversationId == _conversationId:
                session.Send("channel-moved", moved); // issue 15: where the conversation continues
                break;
            case CallbackChanged callback:
                session.Send("callback", callback);
                break;
            case DraftPreviewChanged changed:
                _draftPreview = changed.Enabled;
                session.Send("draft-preview", new { enabled = changed.Enabled });
                break;
        }
    }

    public Task OnPushedAsync(RealtimeSession session, object payload)
    {
        // The department too: a refresh begun before a transfer must not undo the new queue's place.
        if (payload is QueuePosition position && position.ConversationId == _conversationId && _last is { Status: ConversationStatus.Queued } last &&
            position.DepartmentId == last.DepartmentId)
            SendQueue(session, position);
        return Task.CompletedTask;
    }

    public void Stopped(RealtimeSession session) => Board(session, watch: false);

    /// <summary>The queue board refreshes this widget's place while its conversation waits (and only then).</summary>
    private void Board(RealtimeSession session, bool watch)
    {
        if (_watched is { } watched) session.Services.Queues.Unwatch(watched.DepartmentKey, watched.ConversationId, session);
        _watched = null;
        if (!watch || _last is not { Status: ConversationStatus.Queued } last) return;
        _watched = (RoutingKeys.Department(session.Principal.WorkspaceId, last.DepartmentId), last.ConversationId);
        session.Services.Queues.Watch(_watched.Value.DepartmentKey, last.ConversationId, session);
    }

    private async Task<object> Send(RealtimeSession session, CustomerSendCommand command)
    {
        var p = session.Principal;
        if (ConversationMessage.Problem(command.Text, command.Attachments) is { } problem) throw ApiRefusal.Invalid(problem);
        if (ConversationMessage.ClientMessageIdProblem(command.ClientMessageId) is { } idProblem) throw ApiRefusal.Invalid(idProblem);

        using var lease = await session.Services.IntakeLimiter.AcquireAsync($"{p.WorkspaceId}/{p.Channel}:{p.Subject}", CancellationToken.None);
        if (!lease.IsAcquired) throw new RealtimeFrameException(ErrorCodes.RateLimited, "this customer sent too many messages; retry later");

        var message = new IntakeMessage(p.Channel, p.Subject, command.Text ?? "") { Attachments = command.Attachments ?? [] };
        // The widget's ids live in their own key space: "widget/{identity}/{clientMessageId}" never meets a connector's key.
        var key = command.ClientMessageId is null ? null : $"widget/{p.Channel}:{p.Subject}/{command.ClientMessageId}";
        var (result, replayed) = await session.Services.Intake.Receive(p.WorkspaceId, message, key,
            JsonSerializer.Serialize(new { command.Text, command.Attachments }));
        if (result.ConversationId != _conversationId) await Follow(session, result.ConversationId);
        return new { result.ConversationId, result.NewConversation, result.Status, result.QueuePosition, replayed };
    }

    /// <summary>Follows the customer's current conversation (a new one replaces the last).</summary>
    private async Task Follow(RealtimeSession session, string conversationId)
    {
        var (view, messages) = await _follower.FollowAsync(conversationId);
        if (_conversationId is { } previous && previous != conversationId) _follower.Unfollow(previous);
        _conversationId = conversationId; // only once followed: a failed follow is retried by the next send
        _last = null;
        _lastQueue = null;
        SendConversation(session, view);
        session.Send("messages", new MessagesFrame(conversationId, messages, view.MessagesLength));
        if (view.RatingScale is { } scale && view.Rating is null && view.RatingOperatorId is { } rated)
            session.Send("rating-requested", new RatingRequested(conversationId, scale, rated));
        await SendQueue(session, view);
    }

    /// <summary>Whether a change moved the dialog (status, department, operator); messages and timers change nothing the widget shows.</summary>
    private bool IsNews(ConversationChanged changed) =>
        _last is null || _last.Status != changed.Status || _last.DepartmentId != changed.DepartmentId || _last.OperatorId != changed.OperatorId
        || changed.Status == ConversationStatus.Closed;

    private void SendConversation(RealtimeSession session, ConversationView view)
    {
        var frame = CustomerConversationFrame.Of(view);
        if (frame == _last) return;
        _last = frame;
        session.Send("conversation", frame);
        Board(session, watch: true);
    }

    /// <summary>A waiting dialog's place and why it waits (R15): the notices of its queueing went out before this session followed it.</summary>
    private async Task SendQueue(RealtimeSession session, ConversationView view)
    {
        if (view.Status != ConversationStatus.Queued) return;
        var department = session.Grains.GetGrain<IDepartmentGrain>(RoutingKeys.Department(session.Principal.WorkspaceId, view.DepartmentId));
        if (await department.GetQueuePosition(view.ConversationId) is { } position) SendQueue(session, position);
        var reasons = await department.GetWaitReasons(view.ConversationId);
        if (reasons.OutsideBusinessHours is { } closed) session.Send("outside-business-hours", closed);
        if (reasons.NoOperatorOnline is { } nobody) session.Send("no-operator-online", nobody);
    }

    /// <summary>Sends the dialog's place when it changed since the last one sent.</summary>
    private void SendQueue(RealtimeSession session, QueuePosition position)
    {
        var frame = new QueueFrame(position.ConversationId, position.DepartmentId, position.Position, position.ExpectedWait?.TotalSeconds);
        if (frame == _lastQueue) return;
        _lastQueue = frame;
        session.Send("queue", frame);
    }

    /// <summary>
    /// The visitor's draft for the operator (issue 15), published like typing (never stored; each frame counts against
    /// the connection's frame rate). Dropped here while the workspace has not opted in: the reply says so.
    /// </summary>
    private object Draft(RealtimeSession session, DraftCommand command)
    {
        if (command.Text is not { } text) throw ApiRefusal.Invalid("text is required");
        if (text.Length > DraftPreview.MaxLength) throw ApiRefusal.Invalid($"a draft is at most {DraftPreview.MaxLength} characters");
        var conversationId = Current();
        if (!_draftPreview) return new { previewed = false };
        session.Publish(RoutingTopics.Conversation(RoutingKeys.Conversation(session.Principal.WorkspaceId, conversationId)),
            new DraftPreview(conversationId, text, session.Services.Time.GetUtcNow()));
        return new { previewed = true };
    }

    /// <summary>
    /// The visitor asks to be called back (issue 15); their widget then gets a callback frame at every change. Limited like
    /// their messages; a resend with the same clientRequestId answers the same callback.
    /// </summary>
    private async Task<CallbackView> RequestCallback(RealtimeSession session, CustomerCallbackCommand command)
    {
        var p = session.Principal;
        if (ConversationMessage.ClientMessageIdProblem(command.ClientRequestId) is not null)
            throw ApiRefusal.Invalid($"clientRequestId must be 1-{ConversationMessage.MaxClientMessageIdLength} printable ASCII characters");
        using var lease = await session.Services.IntakeLimiter.AcquireAsync($"{p.WorkspaceId}/{p.Channel}:{p.Subject}", CancellationToken.None);
        if (!lease.IsAcquired) throw new RealtimeFrameException(ErrorCodes.RateLimited, "this customer sent too many requests; retry later");
        var body = new CallbackCreateRequest(command.Phone, command.DepartmentId, null, command.WindowStart, command.WindowEnd, command.Note);
        var key = command.ClientRequestId is null ? null : $"widget/{p.Channel}:{p.Subject}/{command.ClientRequestId}";
        return (await session.Services.Callbacks.Request(p.WorkspaceId, body, p.Channel, p.Subject, CallbackOrigin.Widget, key)).Callback;
    }

    /// <summary>One of the visitor's own callbacks; anyone else's is not found, as one that does not exist.</summary>
    private static async Task<CallbackView> CallbackStatus(RealtimeSession session, string? callbackId)
    {
        var p = session.Principal;
        var identity = await session.Grains.GetGrain<IIdentityIndexGrain>(RoutingKeys.Identity(p.WorkspaceId, p.Channel, p.Subject)).Get();
        var view = CallbackIds.IsCallbackId(callbackId)
            ? await session.Grains.GetGrain<ICallbackGrain>(RoutingKeys.Callback(p.WorkspaceId, callbackId)).Find()
            : null;
        return view is not null && view.CustomerId == identity.CustomerId ? view : throw ApiRefusal.Missing($"you have no callback '{callbackId}'");
    }

    private string Current() =>
        _conversationId ?? throw ApiRefusal.Conflict(ErrorCodes.NoConversation, "you have no conversation yet: send a message first");
}
