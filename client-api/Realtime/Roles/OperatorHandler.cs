using Routing.ClientApi.Errors;
using Routing.GrainInterfaces.Events;
using Routing.ClientApi.Realtime.Protocol;
using Routing.ClientApi.Realtime.Sessions;
using Routing.GrainInterfaces;
using Orleans;

namespace Routing.ClientApi.Realtime.Roles;

/// <summary>
/// An operator's console (R5, R12, R13, R20): their status and load, the dialogs offered or assigned to them with their
/// messages and the customer's typing, rescue warnings and alerts. They set their status, accept and decline offers,
/// reply, type, transfer, close and read templates. The operator grain's change events drive which dialogs are followed.
/// </summary>
internal sealed class OperatorHandler : IRealtimeRoleHandler
{
    private readonly HashSet<string> _pending = new(StringComparer.Ordinal);
    private ConversationFollower _follower = null!;
    private IncomingView _incoming = null!;

    public async Task StartAsync(RealtimeSession session)
    {
        _follower = new ConversationFollower(session);
        session.Subscribe(RoutingTopics.Operator(OperatorKey(session)));
        await Reconcile(session, sendState: true);
        _incoming = new IncomingView(session);
        session.Send("incoming", await _incoming.SnapshotAsync());
        // Pending and due ones: a console that was away when one fell due still shows it.
        session.Send("reminders", await session.Services.Cards.Reminders(session.Principal.WorkspaceId, session.Principal.Subject));
    }

    /// <summary>
    /// A reply runs beside the loop, in order per conversation: it touches no field here, and a console answering five
    /// dialogs must not make the next message of one wait for the durable write of a reply to another.
    /// </summary>
    public string? LaneOf(ClientFrame frame) =>
        frame.Type == "send" && frame.Data.TryGetProperty("conversationId", out var id) && id.ValueKind == System.Text.Json.JsonValueKind.String
            ? id.GetString()
            : null;

    public async Task<object?> HandleAsync(RealtimeSession session, ClientFrame frame)
    {
        var ops = session.Services.Operators;
        var ws = session.Principal.WorkspaceId;
        var me = session.Principal.Subject;
        switch (frame.Type)
        {
            case "status":
                return await ops.SetStatus(ws, me, frame.Bind<StatusCommand>(session.Json).Status);
            case "accept":
                return await ops.Accept(ws, me, frame.ConversationId(session.Json));
            case "decline":
                await ops.Decline(ws, me, frame.ConversationId(session.Json));
                return null;
            case "send":
                var send = frame.Bind<ReplyCommand>(session.Json);
                await ops.Reply(ws, me, send.ConversationId, send.Text, send.ClientMessageId);
                return new { send.ConversationId };
            case "typing":
                var typing = (await ops.Held(ws, me, frame.ConversationId(session.Json))).ConversationId;
                _follower.PublishTyping(typing, MessageAuthor.Operator, me);
                return null;
            case "transfer":
                var transfer = frame.Bind<TransferCommand>(session.Json);
                return await ops.Transfer(ws, me, transfer.ConversationId, transfer.DepartmentId, transfer.OperatorId, transfer.Note);
            case "close":
                return await ops.Close(ws, me, frame.ConversationId(session.Json));
            case "history":
                var history = frame.Bind<DialogHistoryCommand>(session.Json);
                return new { history.ConversationId, messages = await ops.Messages(ws, me, history.ConversationId, history.From, history.Limit) };
            case "templates":
                return await ops.Templates(ws, me);
            case "navigate":
                var navigate = frame.Bind<NavigateCommand>(session.Json);
                if (VisitorNavigation.UrlProblem(navigate.Url) is { } problem) throw Operations.ApiRefusal.Invalid(problem);
                var held = await ops.Held(ws, me, navigate.ConversationId);
                return await _follower.Grain(held.ConversationId).Navigate(MessageAuthor.Operator, me, navigate.Url!);
            case "incoming":
                return await _incoming.SnapshotAsync();
            case "take":
                return await session.Services.Incoming.Take(ws, me, frame.ConversationId(session.Json));
            case "move-channel":
                var move = frame.Bind<MoveChannelCommand>(session.Json);
                return await ops.MoveToChannel(ws, me, move.ConversationId, move.Channel, move.ExternalCustomerId);
            case "callback":
                var callback = frame.Bind<OperatorCallbackCommand>(session.Json);
                if (ConversationMessage.ClientMessageIdProblem(callback.ClientRequestId) is not null)
                    throw Operations.ApiRefusal.Invalid($"clientRequestId must be 1-{ConversationMessage.MaxClientMessageIdLength} printable ASCII characters");
                return await session.Services.Callbacks.ForHeldDialog(ws, me, callback.ConversationId,
                    new OperatorCallbackRequest(callback.Phone, callback.WindowStart, callback.WindowEnd, callback.Note, callback.DepartmentId), callback.ClientRequestId);
            case "callback-outcome":
                var outcome = frame.Bind<CallbackOutcomeCommand>(session.Json);
                return await session.Services.Callbacks.RecordOutcome(ws, me, outcome.ConversationId,
                    new CallbackOutcomeRequest(outcome.Outcome, outcome.Note, outcome.RetryAt));
            default:
                throw new RealtimeFrameException(ErrorCodes.UnknownType,
                    $"an operator may send status, accept, decline, send, typing, transfer, close, history, templates, navigate, incoming, take, move-channel, callback, callback-outcome or ping, not '{frame.Type}'", frame.Ref);
        }
    }

    public async Task OnPushedAsync(RealtimeSession session, object payload) => await _incoming.OnPushedAsync(payload);

    public void Stopped(RealtimeSession session) => _incoming?.Dispose();

    public async Task OnEventAsync(RealtimeSession session, GrainEvent published)
    {
        switch (published.Payload)
        {
            case OperatorChanged { Kind: OperatorChangeKinds.Blocked or OperatorChangeKinds.Removed } changed:
                session.Send("operator", changed);
                await session.RecheckCredentialNowAsync(); // ends the session at once (4004 blocked, 4003 removed)
                break;
            case OperatorChanged changed:
                session.Send("operator", changed);
                await Reconcile(session, sendState: false);
                await _incoming.RefreshAsync(membershipMayHaveChanged: changed.Kind == OperatorChangeKinds.Configured);
                break;
            case QueueChanged changed when _incoming.Follows(changed):
                await _incoming.QueueChangedAsync();
                break;
            case RescueWarning warning:
                session.Send("rescue-warning", warning);
                break;
            case SupervisorAlert alert:
                session.Send("alert", alert);
                break;
            case CustomerReminderDue due:
                session.Send("reminder", due.Reminder);
                break;
            case CustomerCardChanged card when _follower.Follows(card.ConversationId):
                session.Send("customer-card", CustomerCardResponse.Of(card.CustomerId, card.Card, card.Reminder));
                break;
            case ConversationMessage message when _follower.IsNew(message):
                session.Send("message", message);
                break;
            case ConversationChanged changed when _pending.Contains(changed.ConversationId):
                if (changed.Status is ConversationStatus.Assigned or ConversationStatus.Offered && changed.OperatorId == session.Principal.Subject)
                    await Announce(session, changed.ConversationId);
                break;
            case ConversationChanged changed when _follower.Follows(changed.ConversationId) && !changed.IsMessageOnly: // the message frame says it
                session.Send("dialog-changed", changed);
                break;
            case TypingIndicator typing when _follower.Follows(typing.ConversationId) &&
                                             (typing.Author != MessageAuthor.Operator || typing.OperatorId != session.Principal.Subject):
                session.Send("typing", typing);
                break;
            case ConversationChannelMoved moved when _follower.Follows(moved.ConversationId):
                session.Send("channel-moved", moved);
                break;
            case DraftPreview draft when _follower.Follows(draft.ConversationId):
                session.Send("draft", draft);
                break;
            case CallbackChanged callback when callback.Callback.OriginConversationId is { } origin && _follower.Follows(origin):
                session.Send("callback", callback); // the callback they asked for from this dialog
                break;
        }
    }

    /// <summary>
    /// Follows exactly the dialogs the operator holds: new ones are sent with their messages, gone ones removed. The
    /// operator grain reserves before the conversation names the operator, so a dialog whose conversation does not name
    /// them yet waits (watched) until its change does: a console never shows a dialog it cannot answer yet.
    /// </summary>
    private async Task Reconcile(RealtimeSession session, bool sendState)
    {
        var snapshot = await session.Services.Operators.Snapshot(session.Principal.WorkspaceId, session.Principal.Subject);
        if (sendState) session.Send("state", Operations.SupervisorOperations.StateOf(snapshot));
        var held = snapshot.Active.Select(a => a.ConversationId).ToHashSet(StringComparer.Ordinal);
        foreach (var gone in _follower.Followed.Where(id => !held.Contains(id)).ToList())
        {
            _follower.Unfollow(gone);
            session.Send("dialog-removed", new { conversationId = gone });
        }
        foreach (var gone in _pending.Where(id => !held.Contains(id)).ToList())
        {
            _pending.Remove(gone);
            _follower.Unwatch(gone);
        }
        List<Exception>? failures = null;
        foreach (var dialog in snapshot.Active.Where(a => !_follower.Follows(a.ConversationId) && !_pending.Contains(a.ConversationId)).ToList())
        {
            try
            {
                Pend(dialog.ConversationId); // watched before reading: the change that names them cannot slip between
                await Announce(session, dialog.ConversationId);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                (failures ??= []).Add(e); // the other dialogs still show; this one stays pending until its next change
            }
        }
        if (failures is not null) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(failures[0]);
    }

    /// <summary>
    /// Follows a dialog that names the operator and sends it with its last messages. The view read here decides (events
    /// of the operator's and the conversation's topics may arrive in either order): a dialog no longer theirs stays
    /// pending, and so does one whose read failed, until the next change.
    /// </summary>
    private async Task Announce(RealtimeSession session, string conversationId)
    {
        try
        {
            var (view, messages) = await _follower.FollowAsync(conversationId);
            if (!NamesMe(session, view))
            {
                _follower.Demote(conversationId); // still watched: the change that names them (or the release) comes
                _pending.Add(conversationId);
                return;
            }
            _pending.Remove(conversationId);
            var customer = await session.Services.Cards.OfConversation(session.Principal.WorkspaceId, view);
            var callback = CallbackIds.OfConversation(conversationId) is { } callbackId
                ? await session.Grains.GetGrain<ICallbackGrain>(RoutingKeys.Callback(session.Principal.WorkspaceId, callbackId)).Find()
                : null;
            session.Send("dialog", new DialogFrame(view, view.Status == ConversationStatus.Offered, messages) { Customer = customer, Callback = callback });
        }
        catch
        {
            Pend(conversationId);
            throw;
        }
    }

    private void Pend(string conversationId)
    {
        _pending.Add(conversationId);
        _follower.Watch(conversationId);
    }

    private static bool NamesMe(RealtimeSession session, ConversationView view) =>
        view.Status is ConversationStatus.Assigned or ConversationStatus.Offered && view.OperatorId == session.Principal.Subject;


    private static string OperatorKey(RealtimeSession session) => RoutingKeys.Operator(session.Principal.WorkspaceId, session.Principal.Subject);
}
