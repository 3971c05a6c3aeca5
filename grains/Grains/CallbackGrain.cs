using Routing.GrainInterfaces;
using Routing.GrainInterfaces.Model;
using Routing.Grains.Policies;
using Routing.Grains.State;
using Routing.Storage.Orleans.Deadlines;

namespace Routing.Grains.Grains;

/// <summary>
/// One callback request (issue 15), modelled on the contact centers' queued callbacks: each attempt is a voice dialog
/// queued in the department when due and routed like any call; the operator who called records the outcome; the next
/// attempt waits on a durable deadline. Rules (window, retries, expiry) are <see cref="CallbackPolicy"/>'s.
/// Call order: callback → workspace (read), conversation, conversation-control.
/// </summary>
[GrainType("callback")]
public sealed partial class CallbackGrain(
    [PersistentState("callback")] IPersistentState<CallbackState> state) : RoutingGrain, ICallbackGrain, IDeadlineReceiver
{
    private string CallbackId => RoutingKeys.IdOf(GetPrimaryKeyString());
    private CallbackView? View => state.State.View;

    public async Task<CallbackView> Request(CallbackRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (View is { } existing)
        {
            if (state.State.Request?.Fingerprint != request.Fingerprint)
                throw new RoutingRefusedException(RoutingRefusedException.IdempotencyKeyReused,
                    $"callback '{CallbackId}' was requested with other values under this idempotency key");
            await TellOrigin(); // a crash may have come between the request's write and the note
            return (await Find())!; // a retry whose answer was lost
        }
        ArgumentException.ThrowIfNullOrEmpty(request.CustomerId);
        if (!Enum.IsDefined(request.Origin)) throw new ArgumentException("unknown origin");
        var now = TimeProvider.GetUtcNow();
        if (CallbackRules.Problem(request.Phone, request.WindowStart, request.WindowEnd, request.Note, now) is { } problem)
            throw new ArgumentException(problem);
        var (departmentId, config) = await DepartmentOf(request, now);
        var settings = config.Callbacks ?? CallbackSettings.Default;
        var expiresAt = CallbackPolicy.ExpiresAt(request.WindowEnd, now, settings);
        var first = CallbackPolicy.First(request.WindowStart, expiresAt, now);
        if (first.Step == CallbackStep.Expire) throw new ArgumentException("the window has passed");

        state.State.Request = request;
        state.State.Settings = settings;
        state.State.View = new CallbackView(CallbackId, CallbackStatus.Scheduled, request.CustomerId, request.Phone, departmentId)
        {
            Origin = request.Origin, WindowStart = request.WindowStart, WindowEnd = request.WindowEnd, ExpiresAt = expiresAt, Note = request.Note,
            CreatedAt = now, NextAttemptAt = first.At, MaxAttempts = settings.MaxAttempts, OriginConversationId = request.OriginConversationId,
            RequestedBy = request.RequestedBy,
        };
        // The deadline before the state: a stored callback always has its next step armed.
        await ScheduleDeadlineAsync(DueDeadline, first.At!.Value);
        await state.WriteStateAsync();
        Publish(CallbackChangeKinds.Requested);
        await TellOrigin();
        if (first.Step == CallbackStep.AttemptNow) await StartAttempt();
        return (await Find())!;
    }

    /// <summary>The named department (it must exist), or the one the entry rules choose for a voice contact on the topic.</summary>
    private async Task<(string Id, DepartmentConfig Config)> DepartmentOf(CallbackRequest request, DateTimeOffset now)
    {
        var workspace = GrainFactory.GetGrain<IWorkspaceGrain>(RoutingKeys.Workspace(WorkspaceId));
        var departments = await workspace.GetDepartments();
        var id = request.DepartmentId;
        if (id is null)
        {
            var entry = await workspace.GetEntryConfig();
            id = EntryRouter.Choose(entry.Routing, new EntryFacts(Channel.Voice) { Topic = request.Topic }, now,
                d => TimeZones.Find(entry.DepartmentTimeZones.GetValueOrDefault(d, "UTC"))).DepartmentId;
        }
        return departments.TryGetValue(id, out var config) ? (id, config) : throw new ArgumentException($"unknown department '{id}'");
    }

    public async Task<CallbackView?> Find()
    {
        if (View is not { } view) return null;
        if (view.Status is not (CallbackStatus.Queued or CallbackStatus.InProgress) || view.ConversationId is null) return view;
        // Routing moves the dialog without telling us: whether an operator has it, and who, is read live.
        var dialog = await Conversation(view.ConversationId).Find();
        return dialog is { Status: ConversationStatus.Offered or ConversationStatus.Assigned }
            ? view with { Status = CallbackStatus.InProgress, OperatorId = dialog.OperatorId }
            : view with { Status = CallbackStatus.Queued, OperatorId = null };
    }

    public async Task<CallbackView> RecordOutcome(string operatorId, string conversationId, CallbackOutcome outcome, string? note, DateTimeOffset? retryAt)
    {
        ArgumentException.ThrowIfNullOrEmpty(operatorId);
        if (!Enum.IsDefined(outcome) || outcome == CallbackOutcome.ClosedWithoutOutcome) throw new ArgumentException($"unknown outcome '{outcome}'");
        if (note is { Length: > CallbackRequest.MaxNoteLength }) throw new ArgumentException($"note is at most {CallbackRequest.MaxNoteLength} characters");
        if (View is not { } view || view.Attempts.FirstOrDefault(a => a.ConversationId == conversationId) is not { } attempt)
            throw new RoutingRefusedException(RoutingRefusedException.NotACallback, $"conversation '{conversationId}' is not a callback attempt");
        if (attempt.Outcome is { } recorded)
        {
            if (attempt.OperatorId != operatorId || recorded != outcome)
                throw new RoutingRefusedException(RoutingRefusedException.NotAssigned, $"the outcome of conversation '{conversationId}' is recorded already");
            await CloseAttempt(attempt, "operator"); // a retry after a lost answer: the close may not have happened
            return (await Find())!;
        }
        if (view.IsFinal) throw new RoutingRefusedException(RoutingRefusedException.CallbackEnded, $"callback '{CallbackId}' ended ({view.Status})");
        var dialog = await Conversation(conversationId).Find();
        if (dialog is not { Status: ConversationStatus.Assigned } || dialog.OperatorId != operatorId)
            throw new RoutingRefusedException(RoutingRefusedException.NotAssigned, $"conversation '{conversationId}' is not assigned to operator '{operatorId}'");
        var now = TimeProvider.GetUtcNow();
        if (CallbackPolicy.RetryAtProblem(outcome, retryAt, view.ExpiresAt, now) is { } problem) throw new ArgumentException(problem);

        var done = attempt with { Outcome = outcome, OperatorId = operatorId, Note = note, RecordedAt = now };
        await Conclude(done, CallbackPolicy.AfterOutcome(outcome, attempt.Number, state.State.Settings, view.WindowStart, view.ExpiresAt, now, retryAt),
            CallbackChangeKinds.Outcome);
        // After the record: a crash before the close is finished by the next deadline, which closes a concluded attempt.
        await CloseAttempt(done, "operator");
        return (await Find())!;
    }

    public async Task<CallbackView> Cancel(string by)
    {
        ArgumentException.ThrowIfNullOrEmpty(by);
        if (View is not { } view) throw new RoutingRefusedException(RoutingRefusedException.NotACallback, $"no callback '{CallbackId}'");
        if (view.IsFinal) return view;
        var current = await Find();
        if (current!.Status == CallbackStatus.InProgress)
            throw new RoutingRefusedException(RoutingRefusedException.CallbackInProgress, $"operator '{current.OperatorId}' is calling the customer now");
        var attempt = current.Status == CallbackStatus.Queued ? view.Attempts[^1] : null;
        await Conclude(attempt, new CallbackDecision(CallbackStep.Fail, Reason: "cancelled"), CallbackChangeKinds.Cancelled, CallbackStatus.Cancelled);
        if (attempt is not null) await CloseAttempt(attempt, "callback-cancelled");
        return View!;
    }

    /// <summary>The dialog it was asked for from tells it in its history (once, however often this runs).</summary>
    private Task TellOrigin()
    {
        if (state.State.Request is not { OriginConversationId: { } origin } request) return Task.CompletedTask;
        var window = (request.WindowStart?.UtcDateTime, request.WindowEnd?.UtcDateTime) switch
        {
            (null, null) => "",
            ({ } start, null) => FormattableString.Invariant($", from {start:yyyy-MM-dd HH:mm} UTC"),
            (null, { } end) => FormattableString.Invariant($", until {end:yyyy-MM-dd HH:mm} UTC"),
            ({ } start, { } end) => FormattableString.Invariant($", between {start:yyyy-MM-dd HH:mm} and {end:yyyy-MM-dd HH:mm} UTC"),
        };
        return Conversation(origin).NoteCallback(CallbackId, $"A callback to {request.Phone} was requested{window}.");
    }

    /// <summary>Tells the requester's widget, the dialog it came from and the supervisors.</summary>
    private void Publish(string kind)
    {
        var changed = new CallbackChanged(View!, kind);
        PublishEvent(changed, RoutingTopics.Workspace(WorkspaceId));
        var request = state.State.Request!;
        if (request is { RequesterChannel: { } channel, RequesterExternalId: { } externalId })
            PublishEvent(changed, RoutingTopics.Identity(RoutingKeys.Identity(WorkspaceId, channel, externalId)));
        if (request.OriginConversationId is { } origin)
            PublishEvent(changed, RoutingTopics.Conversation(RoutingKeys.Conversation(WorkspaceId, origin)));
    }

    private IConversationGrain Conversation(string id) => GrainFactory.GetGrain<IConversationGrain>(RoutingKeys.Conversation(WorkspaceId, id));

    private IConversationControlGrain Control(string id) => GrainFactory.GetGrain<IConversationControlGrain>(RoutingKeys.ConversationControl(WorkspaceId, id));
}
