using Microsoft.Extensions.Logging;
using Routing.GrainInterfaces;
using Routing.GrainInterfaces.Model;
using Routing.Grains.Journal;
using Routing.Grains.Policies;
using Routing.Grains.State;
using Orleans.Concurrency;
using Routing.Storage.Orleans.Deadlines;
using Routing.Storage;

namespace Routing.Grains.Grains;

/// <summary>
/// One department: the single writer of its <see cref="WaitingQueue"/> and <see cref="OperatorIndex"/>, rebuilt from
/// its snapshot and journal on activation. Decides at once when a dialog enters (<see cref="OperatorIndex.FindBest"/>)
/// or an operator may take more (<see cref="WaitingQueue.FirstFor"/>, asked by the operator's router). Every assignment
/// is confirmed by the operator grain (the capacity authority); a refusal refreshes the snapshot and decides again.
/// Call order: department → operator, department → conversation; nothing below calls it synchronously. Reentrant, with
/// its own turns (<see cref="InTurn{T}"/>), so that callers wait for their rows to be durable outside the turn.
/// </summary>
[GrainType(GrainTypeName)]
[Reentrant]
public sealed partial class DepartmentGrain(
    [PersistentState("department")] IPersistentState<DepartmentState> state,
    IDurableStore storage,
    ILogger<DepartmentGrain> logger) : RoutingGrain, IDepartmentGrain, IDeadlineReceiver
{
    private DepartmentState S => state.State;
    private string DepartmentId => RoutingKeys.IdOf(GetPrimaryKeyString());
    // The shared queue and the sticky holds, numbered together (R16).
    private readonly WaitingRoom _room = new();
    private readonly OperatorSnapshots _snapshots = new();
    private OperatorIndex _index = new(RoutingStrategy.LeastLoaded);
    private bool _operatorsLoaded;
    // Recent assignments for the expected wait (R16); kept in the snapshot.
    private readonly AssignmentRateWindow _assignmentRate = new();
    // New dialogs being placed with their reservation asked outside the turn, by conversation.
    private readonly Dictionary<string, Task<Placement>> _placing = new(StringComparer.Ordinal);
    // Capacity units of reservations asked outside the turn and not yet answered, by operator.
    private readonly Dictionary<string, int> _pendingCost = new(StringComparer.Ordinal);

    public Task Configure(DepartmentConfig config) => InTurn(async () =>
    {
        ArgumentNullException.ThrowIfNull(config);
        if (config.Problem() is { } problem) throw new ArgumentException(problem, nameof(config));
        await Ready();
        var strategyChanged = config.Routing.Strategy != S.Config.Routing.Strategy;
        var pullEnded = S.Config.Distribution == DialogDistribution.Pull && config.Distribution != DialogDistribution.Pull;
        S.Config = config;
        await Snapshot(); // rare: the configuration lives in the snapshot only
        if (strategyChanged)
        {
            _index = NewIndex();
            foreach (var snapshot in _snapshots.All.ToList()) Upsert(snapshot);
        }
        // Back to automatic: the dialogs left waiting for a take go to the operators with room now, in serving order.
        if (pullEnded)
            foreach (var dialog in _room.Queue.InOrder().ToList())
                if (_room.Queue.Contains(dialog.Id)) await TryAssignQueued(dialog);
    });

    public Task SetMember(string operatorId, int? tier) => InTurn(async () =>
    {
        await Ready();
        if (tier is null)
        {
            if (!S.Members.ContainsKey(operatorId)) return;
            await Record(new MemberChanged(operatorId, null));
            _index.Remove(operatorId);
            _snapshots.Remove(operatorId);
            await ReleaseHolds(operatorId);
            return;
        }
        await Record(new MemberChanged(operatorId, tier));
        Upsert(await Operator(operatorId).GetSnapshot(), force: true);
    });

    public Task<Placement> Enqueue(EnqueueRequest request) => InTurn(async () =>
    {
        ArgumentNullException.ThrowIfNull(request);
        await Ready();
        if (IsWaiting(request.ConversationId))
            return new Placement(request.ConversationId, null, _room.PositionOf(request.ConversationId));
        // A re-drive while its first placement is still asking outside the turn gets that placement's answer.
        if (_placing.TryGetValue(request.ConversationId, out var inFlight)) return await OutsideTurn(() => inFlight);
        // Idempotent and safe to re-drive: only a conversation that says it waits here, and is not already offered here, is placed.
        var current = await Conversation(request.ConversationId).Get();
        if (current.Status != ConversationStatus.Queued || current.DepartmentId != DepartmentId || S.Offers.ContainsKey(request.ConversationId))
            return new Placement(request.ConversationId, current.OperatorId, null) { Offered = current.Status == ConversationStatus.Offered };
        var now = Now;
        var dialog = new WaitingDialog(request.ConversationId, request.Priority,
            request.WaitingSince < now ? request.WaitingSince : now, request.Channel)
        {
            RequiredSkills = request.RequiredSkills, SkippedOperators = request.SkippedOperators,
        };
        if (!Pulls && await TryStickyOperator(dialog, request) is { } sticky) return sticky;
        return await PlaceNew(dialog);
    });

    /// <summary>Places a dialog that entered just now, its reservation asked outside the turn; known as in flight meanwhile.</summary>
    private async Task<Placement> PlaceNew(WaitingDialog dialog)
    {
        var placed = new TaskCompletionSource<Placement>(TaskCreationOptions.RunContinuationsAsynchronously);
        _placing[dialog.Id] = placed.Task; // before the turn is first left, so no other call misses it
        try
        {
            var placement = await Place(dialog, reserveOutsideTurn: true);
            placed.SetResult(placement);
            return placement;
        }
        catch (Exception exception)
        {
            placed.SetException(exception);
            _ = placed.Task.Exception; // observed: a re-drive that joined it hears it too
            throw;
        }
        finally
        {
            _placing.Remove(dialog.Id);
        }
    }

    /// <summary>To the best operator now (assigned, or offered in offer mode), else into the queue.</summary>
    /// <param name="keepSequence">A hold that ended joins the queue at the very place it had (its sequence is its own).</param>
    /// <param name="reserveOutsideTurn">A new dialog (in no queue): other calls decide while its operator and conversation answer.</param>
    private async Task<Placement> Place(WaitingDialog dialog, bool keepSequence = false, bool reserveOutsideTurn = false)
    {
        var now = Now;
        // Each refusal refreshes that operator's snapshot, so this ends within (members + 1) rounds. Pull: none at all.
        for (var round = 0; !Pulls && round <= S.Members.Count; round++)
        {
            if (_index.FindBest(dialog, now, Settings) is not { } best) break;
            var outcome = await Reserve(dialog, best.Id, reserveOutsideTurn);
            if (outcome is ReserveOutcome.Assigned) return new Placement(dialog.Id, best.Id, null) { Offered = S.Config.OfferMode };
            if (outcome is ReserveOutcome.ConversationClosed) return new Placement(dialog.Id, null, null);
        }

        // A close may have withdrawn it before it arrived here (a transfer racing a close): do not queue a closed dialog.
        if ((await Conversation(dialog.Id).Get()).Status == ConversationStatus.Closed)
        {
            await Forget(dialog.Id);
            return new Placement(dialog.Id, null, null);
        }
        await RecordAfterTurn(new DialogQueued(keepSequence ? dialog : dialog with { Sequence = _room.NextSequence }));
        await ArmWidening();
        Publish(dialog.Id, "queued");
        // The customer's widget shows its place at once, without asking the department (R16).
        if (QueuePositionOf(dialog.Id) is { } position)
            Announce(position, RoutingTopics.Conversation(RoutingKeys.Conversation(WorkspaceId, dialog.Id)));
        await TellWhyItWaits(dialog.Id);
        return new Placement(dialog.Id, null, _room.PositionOf(dialog.Id));
    }

    /// <summary>R15: a dialog queued while the department is closed or nobody is online is told so (and may become an offline request).</summary>
    private async Task TellWhyItWaits(string conversationId)
    {
        var topic = "conversation:" + RoutingKeys.Conversation(WorkspaceId, conversationId);
        var (outsideHours, nobodyOnline) = WhyItWaits(conversationId);
        if (outsideHours?.OfflineRequest == true || nobodyOnline?.OfflineRequest == true) await Conversation(conversationId).MarkOfflineRequest();
        if (outsideHours is not null) Announce(outsideHours, topic);
        if (nobodyOnline is not null) Announce(nobodyOnline, topic);
    }

    public Task<WaitReasons> GetWaitReasons(string conversationId) => Read(() => WhyItWaits(conversationId));

    private WaitReasons WhyItWaits(string conversationId)
    {
        var now = Now;
        var outsideHours = S.Config.Hours is { } hours && !BusinessHoursPolicy.IsOpen(hours, now) && _room.PositionOf(conversationId) is not null
            ? new OutsideBusinessHours(conversationId, DepartmentId, BusinessHoursPolicy.NextOpening(hours, now), S.Config.OfflineRequestsOutsideHours)
            : null;
        var nobodyOnline = _snapshots.OnlineCount == 0 && QueuePositionOf(conversationId) is { } position
            ? new NoOperatorOnline(conversationId, DepartmentId, position.Position, position.ExpectedWait, S.Config.OfflineRequestsWhenNobodyOnline)
            : null;
        return new WaitReasons(outsideHours, nobodyOnline);
    }

    public Task<DepartmentHeadView?> UpdateOperator(OperatorSnapshot snapshot) => InTurn(async () =>
    {
        if (await Keep(snapshot) is not { } op) return null;
        var head = HeadFor(op);
        return head is null ? null : new DepartmentHeadView(DepartmentId, head.Id, head.Priority, head.WaitingSince);
    });

    public Task<ServeResult> Serve(OperatorSnapshot snapshot, string? conversationId) => InTurn(async () =>
    {
        var op = await Keep(snapshot);
        // The dialog asked for, if it still waits and they may take it now by this department's view: a claim bound to be
        // refused would hide it from the decisions made meanwhile. Else (routers of many operators race for the same
        // head) this department's next dialog for them instead of a refusal, so freed capacity never stays idle behind
        // lost races (and the race costs no extra call).
        var dialog = op is not null && conversationId is not null && PlaceOf(conversationId) is { } place
            && PullPolicy.CanTake(op, place, Now, Settings) == Eligibility.Eligible ? place.Dialog : null;
        while (op is not null && (dialog ?? HeadFor(op)) is { } next)
        {
            switch (await ReserveClaimed(next, op.Id))
            {
                case ReserveOutcome.Assigned: return new ServeResult(ServeOutcome.Assigned, NewestOf(snapshot)) { ConversationId = next.Id };
                case ReserveOutcome.Refused: return new ServeResult(ServeOutcome.Refused, NewestOf(snapshot));
            }
            // Closed meanwhile, so forgotten here: their next one, by their view now (the turn was left while it was asked).
            dialog = null;
            op = RoutingViewOf(snapshot.OperatorId);
        }
        return new ServeResult(ServeOutcome.Nothing, NewestOf(snapshot));
    });

    /// <summary>
    /// Keeps a member's snapshot (unless it is older than the one held) and lets go of what was held for them if they
    /// left routing; then <see cref="RoutingViewOf"/>.
    /// </summary>
    private async Task<RoutingOperator?> Keep(OperatorSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        await Ready();
        if (!S.Members.ContainsKey(snapshot.OperatorId)) return null;
        Upsert(snapshot);
        // By the newest status known here: a late "offline" does not end the holds of an operator who came back.
        if (NewestOf(snapshot).Status is not (OperatorStatus.Online or OperatorStatus.Away)) await ReleaseHolds(snapshot.OperatorId); // only these are waited for
        return RoutingViewOf(snapshot.OperatorId);
    }

    /// <summary>A member's routing view when the router may give them a dialog here; null otherwise (pull: they take, nobody is given).</summary>
    private RoutingOperator? RoutingViewOf(string operatorId) =>
        !Pulls && S.Members.ContainsKey(operatorId) && _index.TryGet(operatorId, out var op) ? op : null;

    /// <summary>The first dialog, queued or held for them, this operator may take now.</summary>
    private WaitingDialog? HeadFor(RoutingOperator op) => Earlier(_room.Queue.FirstFor(op, Now, Settings), FirstHeldFor(op));

    /// <summary>The newest snapshot of this operator that the department has seen (the one given, if none is newer).</summary>
    private OperatorSnapshot NewestOf(OperatorSnapshot given) =>
        _snapshots.TryGet(given.OperatorId, out var held) && held.Version >= given.Version ? held : given;

    /// <summary>Out of its pending offer (and the offer's deadline) or out of the queue; false when it was neither here.</summary>
    public Task<bool> Detach(string conversationId) => InTurn(async () =>
    {
        await Ready();
        await AfterClaim(conversationId);
        if (S.Offers.ContainsKey(conversationId))
        {
            await Record(new OfferEnded(conversationId));
            await CancelDeadlineAsync(OfferDeadline(conversationId));
            return true;
        }
        if (!IsWaiting(conversationId)) return false;
        await Record(new DialogLeft(conversationId));
        Publish(conversationId, "detached");
        return true;
    });

    public Task<bool> ChangePriority(string conversationId, Priority priority) => InTurn(async () =>
    {
        await Ready();
        // A pending offer keeps it for a declined or expired offer, which goes back to the queue with the new priority.
        if (!S.Offers.ContainsKey(conversationId) && !IsWaiting(conversationId)) return false;
        await Record(new DialogReprioritized(conversationId, priority));
        Publish(conversationId, "priority-changed");
        return true;
    });

    public Task Flush() => InTurn(() => _lastWrite);

    public Task<IReadOnlyList<string>> GetWaiting() =>
        Read<IReadOnlyList<string>>(() => _room.Places().Select(p => p.Dialog.Id).ToList());

    public Task<IReadOnlyList<WaitingDialogView>> GetWaitingDialogs() =>
        Read<IReadOnlyList<WaitingDialogView>>(() => _room.Places().Select(ViewOf).ToList());

    public Task<QueuePage> GetQueuePage(QueueCursor? after, int limit)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        var key = after is null ? null : new WaitingDialog("", after.Priority, after.WaitingSince) { Sequence = after.Sequence };
        return Read(() =>
        {
            var places = _room.PlacesAfter(key, limit);
            var slots = _snapshots.OnlineSlots;
            var entries = places.Select(p => new QueueEntry(ViewOf(p), p.Position, WithExpectedWait(p.Dialog.Id, p.Position, slots).ExpectedWait)).ToList();
            // Positions are exact, so a page that does not end at the last one has more behind it.
            var next = places.Count > 0 && places[^1].Position < _room.Count ? CursorOf(places[^1].Dialog) : null;
            return new QueuePage(Summary(), entries, next);
        });
    }

    public Task<int?> PositionOf(string conversationId) => Read(() => _room.PositionOf(conversationId));

    public Task<QueueSummaryView> GetQueueSummary() => Read(Summary);

    public Task<IReadOnlyList<ScheduledMember>> GetScheduledMembers() => InTurn<IReadOnlyList<ScheduledMember>>(async () =>
    {
        await Ready();
        return _snapshots.All.Where(s => S.Members.ContainsKey(s.OperatorId))
            .Select(s => new ScheduledMember(s.OperatorId, s.Profile.Capacity, s.Schedule, s.Blocked)).ToList();
    });

    public Task<QueuePosition?> GetQueuePosition(string conversationId) => Read(() => QueuePositionOf(conversationId));

    public Task<IReadOnlyList<QueuePosition>> GetQueuePositions() => Read<IReadOnlyList<QueuePosition>>(() =>
    {
        var slots = _snapshots.OnlineSlots;
        return _room.Places().Select(p => WithExpectedWait(p.Dialog.Id, p.Position, slots)).ToList();
    });

    private QueuePosition? QueuePositionOf(string conversationId) =>
        _room.PositionOf(conversationId) is { } position ? WithExpectedWait(conversationId, position, _snapshots.OnlineSlots) : null;

    private QueueSummaryView Summary() => new(_room.Count, _room.OldestWaitingSince);

    private static WaitingDialogView ViewOf(WaitingPlace place) =>
        new(place.Dialog.Id, place.Dialog.Priority, place.Dialog.WaitingSince, place.Dialog.SkippedOperators)
        {
            HeldFor = place.Held?.OperatorId, HeldUntil = place.Held?.Until,
        };

    private static QueueCursor CursorOf(WaitingDialog dialog) => new(dialog.Priority, dialog.WaitingSince, dialog.Sequence);

    
    private QueuePosition WithExpectedWait(string conversationId, int position, int onlineSlots) =>
        new(conversationId, DepartmentId, position, ExpectedWaitPolicy.Estimate(position, _assignmentRate, Now, S.Config.AverageHandleTime, onlineSlots));

    private enum ReserveOutcome { Assigned, Refused, ConversationClosed }

    /// <summary>
    /// Reserve on the operator (durable there), then tell the conversation (a closed one gives the capacity back), then
    /// take it out of the queue or hold. A crash between these steps is repaired by the next activation
    /// (<see cref="Repair"/>): the operator's reservation names this department.
    /// </summary>
    /// <param name="taken">The operator took it from the queue themselves (pull): assigned, never offered, and recorded as taken.</param>
    private async Task<ReserveOutcome> Reserve(WaitingDialog dialog, string operatorId, bool outsideTurn = false, bool taken = false)
    {
        var op = Operator(operatorId);
        var result = outsideTurn
            ? await WhilePending(operatorId, dialog.Channel, () => OutsideTurn(() => op.TryReserve(dialog.Id, dialog.Channel, DepartmentId)))
            : await op.TryReserve(dialog.Id, dialog.Channel, DepartmentId);
        Upsert(result.Operator);
        if (_room.TryGetClaimed(dialog.Id, out var claim)) dialog = claim.Dialog; // a priority changed meanwhile goes into an offer
        if (!result.Reserved) return ReserveOutcome.Refused;
        _index.RecordAssignment(operatorId);
        var cursor = S.Config.Routing.Strategy == RoutingStrategy.RoundRobin && S.Members.TryGetValue(operatorId, out var tier)
            ? new RoundRobinMoved(tier, operatorId) : null;
        if (S.Config.OfferMode && !taken) return await Offer(dialog, operatorId, cursor);
        var conversation = Conversation(dialog.Id);
        Task<bool> Tell() => taken ? conversation.Taken(operatorId, DepartmentId) : conversation.Assigned(operatorId, DepartmentId);
        var assigned = outsideTurn ? await OutsideTurn(Tell) : await Tell();
        if (!assigned)
        {
            Upsert(await op.Release(dialog.Id));
            await Forget(dialog.Id);
            return ReserveOutcome.ConversationClosed;
        }
        _assignmentRate.Record(Now);
        var changes = new List<DepartmentChange>(2);
        if (IsWaiting(dialog.Id)) changes.Add(new DialogLeft(dialog.Id));
        if (cursor is not null) changes.Add(cursor);
        await RecordAfterTurn([.. changes]); // its caller hears back once this row is durable too
        Publish(dialog.Id, taken ? "taken" : "assigned");
        return ReserveOutcome.Assigned;
    }

    /// <summary>Takes a dialog that will not be routed here any more out of the queue, its hold and its offer.</summary>
    private async Task Forget(string conversationId)
    {
        if (IsWaiting(conversationId)) await Record(new DialogLeft(conversationId));
        if (S.Offers.ContainsKey(conversationId))
        {
            await Record(new OfferEnded(conversationId));
            await CancelDeadlineAsync(OfferDeadline(conversationId));
        }
    }

    /// <summary>Operator snapshots are not persisted here: they are read from the operator grains on first use.</summary>
    private async Task EnsureOperators()
    {
        if (_operatorsLoaded) return;
        foreach (var operatorId in S.Members.Keys.ToList())
            Upsert(await Operator(operatorId).GetSnapshot(), force: true);
        _operatorsLoaded = true;
    }

    private void Upsert(OperatorSnapshot snapshot, bool force = false)
    {
        if (!S.Members.TryGetValue(snapshot.OperatorId, out var tier)) return;
        if (!force && _snapshots.TryGet(snapshot.OperatorId, out var held) && held.Version > snapshot.Version) return;
        _snapshots.Set(snapshot);
        _index.Upsert(ToRouting(snapshot, tier));
    }

    /// <summary>
    /// Counts a reservation asked outside the turn in the operator's load until it is answered, so the decisions made
    /// meanwhile spread over other operators instead of all asking the same one (who would refuse most of them).
    /// </summary>
    private async Task<T> WhilePending<T>(string operatorId, Channel channel, Func<Task<T>> reserve)
    {
        var cost = _snapshots.TryGet(operatorId, out var known) ? CapacityPolicy.CostOf(channel, known.Profile.Capacity, known.Profile.Costs) : 1;
        ChangePending(operatorId, cost);
        try
        {
            return await reserve();
        }
        finally
        {
            ChangePending(operatorId, -cost); // the turn is back: the answer's snapshot (upserted next) holds the truth
        }
    }

    private void ChangePending(string operatorId, int cost)
    {
        var pending = _pendingCost.GetValueOrDefault(operatorId) + cost;
        if (pending == 0) _pendingCost.Remove(operatorId);
        else _pendingCost[operatorId] = pending;
        if (_snapshots.TryGet(operatorId, out var snapshot)) Upsert(snapshot, force: true); // the same snapshot, its pending load changed
    }

    /// <summary>The department's routing view of an operator: their tier here, their live load (with reservations being asked) and status.</summary>
    private RoutingOperator ToRouting(OperatorSnapshot snapshot, int tier) => new(snapshot.OperatorId)
    {
        Status = snapshot.Status, Tier = tier, Skills = snapshot.Profile.Skills, Load = snapshot.Load + _pendingCost.GetValueOrDefault(snapshot.OperatorId),
        Capacity = snapshot.Profile.Capacity, ActiveVoice = snapshot.ActiveVoice, Costs = snapshot.Profile.Costs,
        AvailableSince = snapshot.AvailableSince, LastAssignedAt = snapshot.LastAssignedAt,
    };

    private OperatorIndex NewIndex()
    {
        var index = new OperatorIndex(S.Config.Routing.Strategy);
        foreach (var (tier, operatorId) in S.RoundRobinCursors) index.RestoreRoundRobinCursor(tier, operatorId);
        return index;
    }

    private bool IsWaiting(string conversationId) => _room.Contains(conversationId);

    private static WaitingDialog? Earlier(WaitingDialog? a, WaitingDialog? b) =>
        a is null ? b : b is null ? a : WaitingOrder.Instance.Compare(a, b) <= 0 ? a : b;

    private void Publish(string conversationId, string kind) =>
        Announce(new QueueChanged(DepartmentId, conversationId, kind, _room.Count), "department:" + GetPrimaryKeyString());

    private RoutingSettings Settings => S.Config.Routing;
    /// <summary>Pull distribution: the router assigns nothing; operators take from the queue (DepartmentGrain.Pull.cs).</summary>
    private bool Pulls => S.Config.Distribution == DialogDistribution.Pull;
    private DateTimeOffset Now => TimeProvider.GetUtcNow();
    private IConversationGrain Conversation(string id) => GrainFactory.GetGrain<IConversationGrain>(RoutingKeys.Conversation(WorkspaceId, id));
    private IOperatorGrain Operator(string id) => GrainFactory.GetGrain<IOperatorGrain>(RoutingKeys.Operator(WorkspaceId, id));
}
