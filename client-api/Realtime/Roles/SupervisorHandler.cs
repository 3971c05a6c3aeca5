using Routing.ClientApi.Errors;
using Routing.GrainInterfaces.Events;
using Routing.ClientApi.Realtime.Live;
using Routing.ClientApi.Realtime.Protocol;
using Routing.ClientApi.Realtime.Sessions;
using Routing.GrainInterfaces;
using Orleans;

namespace Routing.ClientApi.Realtime.Roles;

/// <summary>
/// A supervisor's wallboard (R6, R12, R16): live queues (depth, longest wait), operators (status, load), every
/// conversation change and alert of the workspace. They assign and move by hand, close, change an operator's status,
/// monitor a dialog read-only (its messages and typing), and join it to write to the customer and the operator.
/// </summary>
internal sealed class SupervisorHandler : IRealtimeRoleHandler
{
    private readonly HashSet<string> _changedQueues = new(StringComparer.Ordinal);
    private readonly HashSet<string> _joined = new(StringComparer.Ordinal);
    private ConversationFollower _follower = null!;
    private LiveSubscription? _live;

    public async Task StartAsync(RealtimeSession session)
    {
        _follower = new ConversationFollower(session);
        session.Subscribe(RoutingTopics.Workspace(session.Principal.WorkspaceId));
        await SubscribeDepartments(session);
        session.Send("queues", await session.Services.Supervisor.Queues(session.Principal.WorkspaceId));
        session.Send("operators", await session.Services.Supervisor.OperatorStates(session.Principal.WorkspaceId));
        session.StartTicks(session.Services.Options.QueueBoardInterval);
    }

    public async Task<object?> HandleAsync(RealtimeSession session, ClientFrame frame)
    {
        var ops = session.Services.Supervisor;
        var ws = session.Principal.WorkspaceId;
        switch (frame.Type)
        {
            case "queues":
                return await ops.Queues(ws);
            case "operators":
                return await ops.OperatorStates(ws);
            case "status":
                var status = frame.Bind<OperatorStatusCommand>(session.Json);
                if (!Ids.IsId(status.OperatorId)) throw Operations.ApiRefusal.Invalid("operatorId is required and must be a valid id");
                return await ops.SetStatus(ws, status.OperatorId, status.Status);
            case "assign":
                var assign = frame.Bind<AssignCommand>(session.Json);
                return await ops.Assign(ws, Required(assign.ConversationId), assign.OperatorId, assign.Force, assign.Note);
            case "transfer":
                var transfer = frame.Bind<TransferCommand>(session.Json);
                return await ops.Transfer(ws, Required(transfer.ConversationId), transfer.DepartmentId, transfer.OperatorId, transfer.Note);
            case "close":
                return await ops.Close(ws, Required(frame.ConversationId(session.Json)), "supervisor");
            case "monitor":
                return await Monitor(session, Required(frame.ConversationId(session.Json)));
            case "join":
                var joined = Required(frame.ConversationId(session.Json));
                var monitoring = await Monitor(session, joined);
                _joined.Add(joined);
                return monitoring;
            case "unmonitor":
            case "leave":
                var left = Required(frame.ConversationId(session.Json));
                _joined.Remove(left);
                _follower.Unfollow(left);
                return null;
            case "send":
                var send = frame.Bind<ReplyCommand>(session.Json);
                var into = Joined(send.ConversationId);
                var text = Operations.OperatorOperations.RequireText(send.Text, send.ClientMessageId);
                await _follower.Grain(into).AddSupervisorMessage(session.Principal.Subject, text, send.ClientMessageId);
                return new { conversationId = into };
            case "typing":
                _follower.PublishTyping(Joined(frame.ConversationId(session.Json)), MessageAuthor.Supervisor, session.Principal.Subject);
                return null;
            case "history":
                var history = frame.Bind<DialogHistoryCommand>(session.Json);
                return new { history.ConversationId, messages = await ops.Messages(ws, Required(history.ConversationId), history.From, history.Limit) };
            case "live":
                return await SubscribeLive(session, frame.Bind<LiveCommand>(session.Json));
            case "unlive":
                _live = null;
                session.Services.Live.Unsubscribe(session);
                return null;
            case "navigate":
                var navigate = frame.Bind<NavigateCommand>(session.Json);
                if (VisitorNavigation.UrlProblem(navigate.Url) is { } problem) throw Operations.ApiRefusal.Invalid(problem);
                return await _follower.Grain(Joined(navigate.ConversationId)).Navigate(MessageAuthor.Supervisor, session.Principal.Subject, navigate.Url!);
            default:
                throw new RealtimeFrameException(ErrorCodes.UnknownType,
                    $"a supervisor may send queues, operators, status, assign, transfer, close, monitor, unmonitor, join, leave, send, typing, navigate, history, live, unlive or ping, not '{frame.Type}'", frame.Ref);
        }
    }

    /// <summary>Follows a dialog read-only: its state and last messages now, its messages and typing from now on.</summary>
    private async Task<object> Monitor(RealtimeSession session, string conversationId)
    {
        await session.Services.Supervisor.Conversation(session.Principal.WorkspaceId, conversationId); // 404 before subscribing to nothing
        if (!_follower.Follows(conversationId) && _follower.Followed.Count >= session.Services.Options.MaxMonitored)
            throw Operations.ApiRefusal.Conflict(ErrorCodes.TooManyMonitored, $"a session monitors at most {session.Services.Options.MaxMonitored} dialogs; unmonitor one first");
        var (view, messages) = await _follower.FollowAsync(conversationId);
        return new { conversation = view, messages, customer = await session.Services.Cards.OfConversation(session.Principal.WorkspaceId, view) };
    }

    /// <summary>Subscribes the session to the live statistics (issue 13); answers the snapshot. A bad or unknown department changes nothing.</summary>
    private async Task<LiveStatsFrame> SubscribeLive(RealtimeSession session, LiveCommand command)
    {
        HashSet<string>? only = null;
        if (command.DepartmentIds is { } ids)
        {
            if (ids.Count > MaxLiveDepartments) throw Operations.ApiRefusal.Invalid($"departmentIds lists at most {MaxLiveDepartments} departments");
            if (ids.Any(id => !Ids.IsId(id)))
                throw Operations.ApiRefusal.Invalid("departmentIds must hold valid department ids");
            var known = await session.Services.Supervisor.DepartmentIds(session.Principal.WorkspaceId);
            if (ids.FirstOrDefault(id => !known.Contains(id)) is { } unknown)
                throw new Operations.ApiRefusal(400, ErrorCodes.UnknownDepartment, $"no department '{unknown}'");
            only = ids.ToHashSet(StringComparer.Ordinal);
        }
        var snapshot = await session.Services.Live.SubscribeAsync(session);
        _live = new LiveSubscription(only);
        return snapshot.For(only);
    }

    private const int MaxLiveDepartments = 100;

    private sealed record LiveSubscription(IReadOnlySet<string>? Departments);

    public Task OnPushedAsync(RealtimeSession session, object payload)
    {
        if (payload is LiveStatsFrame frame && _live is { } live) session.Send("live", frame.For(live.Departments));
        return Task.CompletedTask;
    }

    public void Stopped(RealtimeSession session) => session.Services.Live.Unsubscribe(session);

    private string Joined(string? conversationId) =>
        conversationId is not null && _joined.Contains(conversationId) ? conversationId
            : throw Operations.ApiRefusal.Conflict(ErrorCodes.NotJoined, $"join conversation '{conversationId}' before writing into it");

    public async Task OnEventAsync(RealtimeSession session, GrainEvent published)
    {
        var workspaceTopic = published.Topic == RoutingTopics.Workspace(session.Principal.WorkspaceId);
        switch (published.Payload)
        {
            // Monitored conversations publish it twice; a stored message moves nothing a wallboard shows.
            case ConversationChanged changed when workspaceTopic && !changed.IsMessageOnly:
                session.Send("conversation-changed", changed);
                break;
            case OperatorChanged changed:
                session.Send("operator-changed", changed);
                break;
            case SupervisorAlert alert when workspaceTopic:
                session.Send("alert", alert);
                break;
            case CallbackChanged callback when workspaceTopic:
                session.Send("callback", callback);
                break;
            case QueueChanged { MovedADialog: true } changed:
                _changedQueues.Add(changed.DepartmentId); // sent on the next tick: a busy queue changes many times a second
                break;
            case ConversationMessage message when _follower.IsNew(message):
                session.Send("message", message);
                break;
            case CustomerCardChanged card when _follower.Follows(card.ConversationId):
                session.Send("customer-card", CustomerCardResponse.Of(card.CustomerId, card.Card, card.Reminder));
                break;
            case TypingIndicator typing when typing.Author != MessageAuthor.Supervisor || typing.OperatorId != session.Principal.Subject:
                session.Send("typing", typing);
                break;
            case DraftPreview draft when _follower.Follows(draft.ConversationId):
                session.Send("draft", draft);
                break;
            case WorkspaceChanged changed:
                session.Send("workspace-changed", changed);
                await SubscribeDepartments(session);
                break;
        }
    }

    public async Task OnTickAsync(RealtimeSession session)
    {
        foreach (var departmentId in _changedQueues.Order(StringComparer.Ordinal))
            session.Send("queue-changed", await session.Services.Supervisor.Queue(session.Principal.WorkspaceId, departmentId));
        _changedQueues.Clear();
    }

    private static async Task SubscribeDepartments(RealtimeSession session)
    {
        var ws = session.Principal.WorkspaceId;
        foreach (var departmentId in await session.Services.Supervisor.DepartmentIds(ws))
            session.Subscribe(RoutingTopics.Department(RoutingKeys.Department(ws, departmentId)));
    }


    private static string Required(string? conversationId) =>
        Ids.IsDerivedId(conversationId) ? conversationId : throw Operations.ApiRefusal.Invalid("conversationId is required and must be a valid id");
}
