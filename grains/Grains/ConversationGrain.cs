using System.Text.Json;
using Routing.GrainInterfaces;
using Routing.GrainInterfaces.Model;
using Routing.Grains.Policies;
using Routing.Grains.Policies.Statistics;
using Routing.Grains.State;
using Orleans.Concurrency;
using Routing.Storage.Orleans.Deadlines;
using Routing.Storage;

namespace Routing.Grains.Grains;

/// <summary>
/// One dialog. Its state is a small record; its timeline is an append-only log (one row per event, never a growing
/// blob). Calls only the channel's outbox and the operator's ratings synchronously; its control grain (above it) closes
/// and moves it, and its clocks ask that grain one-way.
/// </summary>
[GrainType("conversation")]
public sealed partial class ConversationGrain(
    [PersistentState("conversation")] IPersistentState<ConversationState> state,
    IDurableStore storage) : RoutingGrain, IConversationGrain, IDeadlineReceiver
{
    private const string GrainTypeName = "conversation";
    private ConversationView View => state.State.View ?? throw new InvalidOperationException($"conversation '{Id}' does not exist");
    private string Id => RoutingKeys.IdOf(GetPrimaryKeyString());
    private GrainLogKey TimelineKey => new(GrainTypeName, GetPrimaryKeyString(), "timeline");
    private GrainLogKey MessagesKey => new(GrainTypeName, GetPrimaryKeyString(), "messages");
    private ConversationView? _written; // the view as last persisted: deadlines are armed from the difference

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        // A crash between the log append and the state write leaves rows past TimelineLength: adopt them.
        if (state.State.View is { } view)
        {
            var last = await storage.GetLastSequenceAsync(TimelineKey, cancellationToken);
            if (last != view.TimelineLength) state.State.View = view = view with { TimelineLength = last };
            var messages = await storage.GetLastSequenceAsync(MessagesKey, cancellationToken);
            if (messages != view.MessagesLength) await AdoptMessages(view, messages, cancellationToken);
        }
        _written = state.State.View;
    }

    /// <summary>
    /// Message rows a crash left past the state are the conversation's (the writer was told nothing, and may resend):
    /// counted, and their client message ids remembered, so a resend finds them instead of storing them twice.
    /// </summary>
    private async Task AdoptMessages(ConversationView view, long messages, CancellationToken cancellationToken)
    {
        foreach (var entry in await storage.ReadLogAsync(MessagesKey, view.MessagesLength + 1, (int)(messages - view.MessagesLength), cancellationToken))
        {
            var message = JsonSerializer.Deserialize(entry.Payload, GrainStateJsonContext.Default.ConversationMessage)!;
            Remember(message.Author, WriterOf(message), message.ClientMessageId, message.Sequence);
        }
        state.State.View = view with { MessagesLength = messages };
    }

    public async Task<ConversationView> Open(OpenConversation open)
    {
        ArgumentNullException.ThrowIfNull(open);
        if (state.State.View is { } existing) return existing; // a retried intake
        ThrowIfInvalid(open.FirstMessage, open.FirstAttachments);
        // The first message is stored first; a crash before the state write leaves it in the log for the retry to adopt.
        var stored = await storage.GetLastSequenceAsync(MessagesKey);
        using var writes = PipelineWrites();
        var (first, firstStored) = stored == 0
            ? StoreMessage(1, MessageAuthor.Customer, null, open.FirstMessage, open.FirstAttachments, open.ClientMessageId)
            : (null, Task.CompletedTask);
        var now = TimeProvider.GetUtcNow();
        state.State.View = new ConversationView(Id)
        {
            CustomerId = open.CustomerId, ExternalId = open.ExternalId, Status = open.BotFirst ? ConversationStatus.Bot : ConversationStatus.Queued, Channel = open.Channel,
            DepartmentId = open.DepartmentId, Priority = open.Priority, MessageCount = 1,
            LastCustomerMessageAt = now, CreatedAt = now, WaitingSince = now,
            // A bot-first dialog's customer waits for a human only from the handover: its SLA clock starts there (Move).
            Timers = open.Timers, Unanswered = true, SlaDueAt = open.BotFirst ? null : now + FirstResponseTargetOf(open),
            FirstResponseTarget = FirstResponseTargetOf(open),
            FirstResponseTargetSource = open.FirstResponseTarget is not null ? open.FirstResponseTargetSource
                : open.Timers?.FirstResponseTarget is not null ? ResponseTargetSource.Department : null,
            MessagesLength = first?.Sequence ?? stored, OpeningClientMessageId = open.ClientMessageId,
        };
        Remember(MessageAuthor.Customer, open.CustomerId, open.ClientMessageId, 1);
        await Record(open.BotFirst ? ConversationChangeKinds.Bot : ConversationChangeKinds.Queued, null, open.DepartmentId, open.Channel.ToString(), firstStored,
            FirstResponseTargetOf(open));
        PublishMessage(first);
        return View;
    }

    /// <summary>The target intake chose (issue 15); a caller that chose none opens with the department timers' own.</summary>
    private static TimeSpan? FirstResponseTargetOf(OpenConversation open) => open.FirstResponseTarget ?? open.Timers?.FirstResponseTarget;

    public async Task<CustomerMessageAdded> AddCustomerMessage(string text, IReadOnlyList<AttachmentMetadata> attachments, string? clientMessageId = null) =>
        new(await StoreCustomerMessage(text, attachments, clientMessageId), state.State.View);

    private async Task<bool> StoreCustomerMessage(string text, IReadOnlyList<AttachmentMetadata> attachments, string? clientMessageId)
    {
        ThrowIfInvalid(text, attachments);
        if (state.State.View is not { } view) return false;
        if (await Replayed(MessageAuthor.Customer, view.CustomerId, clientMessageId)) return view.Status != ConversationStatus.Closed; // a retried intake
        if (view.Status == ConversationStatus.Closed) return false;
        using var writes = PipelineWrites();
        var (message, stored) = StoreMessage(view.MessagesLength + 1, MessageAuthor.Customer, null, text, attachments, clientMessageId);
        state.State.View = view with
        {
            MessageCount = view.MessageCount + 1, MessagesLength = message.Sequence, LastCustomerMessageAt = TimeProvider.GetUtcNow(), Unanswered = true,
        };
        var remembered = Remember(MessageAuthor.Customer, view.CustomerId, clientMessageId, message.Sequence);
        try
        {
            await Record(ConversationChangeKinds.CustomerMessage, null, null, null, stored);
        }
        catch
        {
            Forget(remembered);
            throw;
        }
        PublishMessage(message);
        await AskForRatingIfDue();
        return true;
    }

    public Task<bool> Assigned(string operatorId, string departmentId) => AssignedAs(ConversationChangeKinds.Assigned, operatorId, departmentId);

    public Task<bool> Taken(string operatorId, string departmentId) => AssignedAs(ConversationChangeKinds.Taken, operatorId, departmentId);

    /// <summary>Routed or taken: the same assignment, recorded with the kind that says how.</summary>
    private async Task<bool> AssignedAs(string kind, string operatorId, string departmentId)
    {
        var view = View;
        if (view.Status == ConversationStatus.Assigned && view.OperatorId == operatorId) return true;
        // Only the department it waits in may assign it: a move by hand changes the conversation first, so a department
        // racing with the move is refused here and gives the capacity back.
        if (view.Status != ConversationStatus.Queued || view.DepartmentId != departmentId) return false;
        state.State.View = view with { Status = ConversationStatus.Assigned, OperatorId = operatorId };
        await Record(kind, operatorId, departmentId, null);
        return true;
    }

    public async Task<bool> Accepted(string operatorId, string departmentId)
    {
        var view = View;
        if (view.Status == ConversationStatus.Assigned && view.OperatorId == operatorId) return true;
        // Only while the offer stands: once the dialog was moved (even back into the same department) it is not theirs.
        if (view.Status != ConversationStatus.Offered || view.OperatorId != operatorId || view.DepartmentId != departmentId) return false;
        state.State.View = view with { Status = ConversationStatus.Assigned, OfferExpiresAt = null };
        await Record(ConversationChangeKinds.Accepted, operatorId, departmentId, null);
        return true;
    }

    public async Task<bool> Offered(string operatorId, string departmentId, DateTimeOffset expiresAt)
    {
        var view = View;
        if (view.Status == ConversationStatus.Offered && view.OperatorId == operatorId) return true;
        if (view.Status != ConversationStatus.Queued || view.DepartmentId != departmentId) return false;
        state.State.View = view with { Status = ConversationStatus.Offered, OperatorId = operatorId, OfferExpiresAt = expiresAt };
        await Record(ConversationChangeKinds.Offered, operatorId, departmentId, null);
        return true;
    }

    public async Task<bool> Requeued(string departmentId, string reason)
    {
        var view = View;
        if (view.DepartmentId != departmentId || view.Status is not (ConversationStatus.Offered or ConversationStatus.Queued)) return false;
        if (view.Status == ConversationStatus.Queued && view.OperatorId is null) return true; // a re-driven return
        state.State.View = view with { Status = ConversationStatus.Queued, OperatorId = null, OfferExpiresAt = null };
        await Record(reason, view.OperatorId, departmentId, null);
        return true;
    }

    public async Task<ConversationMoved> Move(ConversationMove move)
    {
        ArgumentNullException.ThrowIfNull(move);
        var before = View;
        if (before.Status == ConversationStatus.Closed) throw new InvalidOperationException($"conversation '{Id}' is closed");
        state.State.View = before with
        {
            Status = move.Status, DepartmentId = move.DepartmentId, OperatorId = move.OperatorId,
            WaitingSince = move.WaitingSince ?? before.WaitingSince,
            Timers = move.Timers ?? before.Timers,
            RescueCount = move.Rescued ? before.RescueCount + 1 : before.RescueCount,
            DroppedBy = move.Rescued && before.OperatorId is { } dropped ? [.. before.DroppedBy, dropped] : before.DroppedBy,
            LastMoveId = move.MoveId ?? before.LastMoveId,
            OfferExpiresAt = null, // a move ends any offer
            SlaDueAt = before.SlaDueAt ?? SlaDueAtHandover(before, move),
        };
        // A new operator starts their own rescue clock (RescuePolicy.WithClock restarts it): none of the previous one's wait.
        if (move.OperatorId != before.OperatorId) state.State.View = View with { AwaitingReplySince = null, RescueWarnedFor = null };
        await Record(move.Kind, move.OperatorId, move.DepartmentId, move.Note);
        return new ConversationMoved(before, View);
    }

    /// <summary>A bot hands the dialog to humans: its first-response target counts from now.</summary>
    private DateTimeOffset? SlaDueAtHandover(ConversationView before, ConversationMove move) =>
        before.Status == ConversationStatus.Bot && move.Status != ConversationStatus.Bot && before.FirstResponseAt is null
            ? TimeProvider.GetUtcNow() + (before.FirstResponseTarget ?? before.Timers?.FirstResponseTarget)
            : null;

    public async Task MarkOfflineRequest()
    {
        var view = View;
        if (view.OfflineRequest || view.Status == ConversationStatus.Closed) return;
        state.State.View = view with { OfflineRequest = true };
        await Record(ConversationChangeKinds.OfflineRequest, null, view.DepartmentId, null);
    }

    public async Task SetPriority(Priority priority)
    {
        var view = View;
        if (view.Priority == priority) return;
        state.State.View = view with { Priority = priority };
        await Record(ConversationChangeKinds.PriorityChanged, view.OperatorId, view.DepartmentId, priority.ToString());
    }

    public async Task<ConversationView> MarkClosed(string by)
    {
        var view = View;
        if (view.Status == ConversationStatus.Closed)
        {
            await ToChannel(OutboundEvent.ForClose(view, by, TimeProvider.GetUtcNow())); // a retry hands over what a crash kept from the outbox
            return view;
        }
        // R19: the rating prompt is decided with the close, in the same state write; one asked while open stays asked,
        // and a rating given after the close counts for the operator who had it at the close.
        var prompt = RatingPromptPolicy.AtClose(view);
        state.State.View = view with
        {
            Status = ConversationStatus.Closed, RatingScale = prompt?.Scale ?? view.RatingScale,
            RatingOperatorId = prompt?.OperatorId ?? (view.RatingScale is null ? null : RatingPromptPolicy.Credited(view)),
        };
        using (PipelineWrites()) // the close's resume deadline first, then the closed view, in one commit
        {
            var control = GrainFactory.GetGrain<IConversationControlGrain>(RoutingKeys.ConversationControl(WorkspaceId, Id)).GetGrainId();
            var resume = ConversationControlGrain.ArmCloseResume(this, control, by, TimeProvider.GetUtcNow());
            await Record(ConversationChangeKinds.Closed, view.OperatorId, view.DepartmentId, by, issued: resume);
        }
        if (prompt is not null) PublishEvent(new RatingRequested(Id, prompt.Scale, prompt.OperatorId), "conversation:" + GetPrimaryKeyString());
        await ToChannel(OutboundEvent.ForClose(View, by, TimeProvider.GetUtcNow()));
        return View;
    }

    /// <summary>
    /// Hands events for the customer to the outbox of the conversation's channel, in order, each durable there before the
    /// next (no write when the channel has no webhook). Awaited: a failure reaches the caller instead of being lost.
    /// </summary>
    private Task ToChannel(IReadOnlyList<OutboundEvent> events) => ToChannel(View.Channel, events);

    private async Task ToChannel(Channel channel, IReadOnlyList<OutboundEvent> events)
    {
        var outbox = GrainFactory.GetGrain<IChannelOutboxGrain>(RoutingKeys.ChannelOutbox(WorkspaceId, channel));
        foreach (var outbound in events)
            if (!await outbox.Enqueue(outbound)) return; // no webhook: nothing to hand over
    }

    public async Task<ConversationView> Rate(int score, string? comment)
    {
        var view = View;
        if (view.Rating is not null)
        {
            await DeliverRating(); // a crash may have kept it from the operator's ratings: the retry delivers it
            throw new RoutingRefusedException(RoutingRefusedException.AlreadyRated, $"conversation '{Id}' was rated already");
        }
        if (view.RatingScale is not { } scale || RatingPromptPolicy.Credited(view) is not { } operatorId)
            throw new RoutingRefusedException(RoutingRefusedException.RatingNotRequested, $"conversation '{Id}' did not ask for a rating");
        if (RatingSettings.ScoreProblem(scale, score, comment) is { } problem) throw new ArgumentException(problem, nameof(score));
        state.State.View = view with { Rating = new ConversationRating(score, scale, comment, operatorId, TimeProvider.GetUtcNow()) };
        await Record(ConversationChangeKinds.Rated, operatorId, view.DepartmentId, $"{score}/{scale}");
        await DeliverRating();
        return View;
    }

    /// <summary>Counts the stored rating for its operator once, then marks it delivered (the operator's ratings dedupe a redelivery).</summary>
    private async Task DeliverRating()
    {
        if (View is not { Rating: { } rating, RatingDelivered: false } view) return;
        await GrainFactory.GetGrain<IOperatorRatingsGrain>(RoutingKeys.OperatorRatings(WorkspaceId, rating.OperatorId)).Add(Id, rating.Score, rating.Scale);
        state.State.View = view with { RatingDelivered = true };
        await state.WriteStateAsync();
        _written = View;
    }

    public Task<ConversationView> Get() => Task.FromResult(View);

    public Task<ConversationView?> Find() => Task.FromResult(state.State.View);

    public async Task<IReadOnlyList<TimelineEvent>> GetTimeline()
    {
        var entries = await storage.ReadLogAsync(TimelineKey, 1, int.MaxValue);
        return entries.Select(e => JsonSerializer.Deserialize(e.Payload, GrainStateJsonContext.Default.TimelineEvent)!).ToList();
    }

    public async Task<IReadOnlyList<ConversationMessage>> GetMessages(long fromSequence, int maxCount)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(fromSequence, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxCount, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxCount, ConversationMessage.MaxReadCount);
        // Only rows the state acknowledges: a row a crash left past it is adopted at the next activation.
        var length = state.State.View?.MessagesLength ?? 0;
        if (fromSequence > length) return [];
        var entries = await storage.ReadLogAsync(MessagesKey, fromSequence, (int)Math.Min(maxCount, length - fromSequence + 1));
        return entries.Select(e => JsonSerializer.Deserialize(e.Payload, GrainStateJsonContext.Default.ConversationMessage)!).ToList();
    }

    private static void ThrowIfInvalid(string? text, IReadOnlyList<AttachmentMetadata>? attachments)
    {
        if (ConversationMessage.Problem(text, attachments) is { } problem) throw new ArgumentException(problem, nameof(text));
    }

    /// <summary>
    /// Issues one message row and returns the message with the write, not awaited: the caller, inside a pipeline of this
    /// grain, passes it to <see cref="Record"/>, which stores the state with its new <see cref="ConversationView.MessagesLength"/>
    /// behind it and awaits both; then publishes the message with <see cref="PublishMessage"/>.
    /// </summary>
    private (ConversationMessage Message, Task Stored) StoreMessage(long sequence, MessageAuthor author, string? operatorId, string? text,
        IReadOnlyList<AttachmentMetadata>? attachments, string? clientMessageId = null)
    {
        if (ConversationMessage.ClientMessageIdProblem(clientMessageId) is { } problem) throw new ArgumentException(problem, nameof(clientMessageId));
        var message = new ConversationMessage(Id, sequence, author, operatorId, text ?? "", TimeProvider.GetUtcNow())
        {
            Attachments = attachments ?? [], ClientMessageId = clientMessageId,
        };
        var stored = storage.AppendAsync(MessagesKey, [new LogEntry(sequence, JsonSerializer.SerializeToUtf8Bytes(message, GrainStateJsonContext.Default.ConversationMessage))]);
        return (message, stored);
    }

    private IDisposable PipelineWrites() => PipelineWrites(storage);

    private void PublishMessage(ConversationMessage? message)
    {
        if (message is not null) PublishEvent(message, "conversation:" + GetPrimaryKeyString());
    }

    /// <summary>
    /// Records the new view: the deadlines it needs, its timeline row, the view itself and the removal of the deadlines
    /// it stopped needing are issued at once as one pipeline (one group commit, committed in this order: a crash keeps a
    /// prefix, so a stored clock always has its deadline, the timeline is never behind the view, and a deadline is dropped
    /// only once a view that no longer needs it is stored), durable before the caller hears back; then the change is published.
    /// </summary>
    /// <param name="issued">A write of this conversation issued just before in the same pipeline (its message row): awaited with the rest.</param>
    private async Task Record(string kind, string? operatorId, string? departmentId, string? detail, Task? issued = null, TimeSpan? firstResponseTarget = null)
    {
        var view = state.State.View = RescuePolicy.WithClock(View, TimeProvider.GetUtcNow());
        var before = _written;
        var entry = new TimelineEvent(view.TimelineLength + 1, kind, TimeProvider.GetUtcNow(), operatorId, departmentId, detail)
        {
            FirstResponseTarget = firstResponseTarget,
        };
        using (PipelineWrites())
        {
            var armed = ArmDeadlines(before, view);
            var appended = storage.AppendAsync(TimelineKey, [new LogEntry(entry.Sequence, JsonSerializer.SerializeToUtf8Bytes(entry, GrainStateJsonContext.Default.TimelineEvent))]);
            state.State.View = view = view with { TimelineLength = entry.Sequence };
            var written = state.WriteStateAsync();
            var cancelled = CancelDeadlines(before, view);
            try
            {
                await WritePipeline.WhenAll(issued ?? Task.CompletedTask, armed, appended, written, cancelled);
            }
            catch
            {
                DeactivateOnIdle(); // memory is ahead of storage: the next call reloads
                throw;
            }
        }
        _written = view;
        var changed = new ConversationChanged(Id, view.Status, view.DepartmentId, view.OperatorId, kind) { At = TimeProvider.GetUtcNow(), TimelineSequence = entry.Sequence };
        PublishEvent(changed, "conversation:" + GetPrimaryKeyString());
        PublishEvent(changed, "workspace:" + WorkspaceId);
        if (LiveMeasures.Of(kind, view, entry.At) is { } measured) PublishEvent(measured, RoutingTopics.LiveStats(WorkspaceId));
    }
}
