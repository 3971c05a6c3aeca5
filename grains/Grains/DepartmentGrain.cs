using Routing.GrainInterfaces;
using Routing.GrainInterfaces.Model;
using Routing.Grains.Policies;
using Routing.Grains.State;
using Routing.Runtime;

namespace Routing.Grains.Grains;

/// <summary>
/// One department: the single writer of its <see cref="WaitingQueue"/> and <see cref="OperatorIndex"/>, both rebuilt
/// from durable state on activation. Decides at once when a dialog enters (<see cref="OperatorIndex.FindBest"/>) or an
/// operator may take more (<see cref="WaitingQueue.FirstFor"/>, asked by the operator's router). Every assignment is
/// confirmed by the operator grain (the capacity authority); a refusal refreshes the snapshot and decides again.
/// Call order: department → operator, department → conversation; nothing below calls it synchronously.
/// </summary>
[GrainType("department")]
public sealed partial class DepartmentGrain(
    [PersistentState("department")] IPersistentState<DepartmentState> state) : Grain, IDepartmentGrain, IDeadlineReceiver
{
    private DepartmentState S => state.State;
    private string DepartmentId => RoutingKeys.IdOf(GetPrimaryKeyString());
    private readonly WaitingQueue _queue = new();
    private readonly Dictionary<string, OperatorSnapshot> _snapshots = new();
    private OperatorIndex _index = new(RoutingStrategy.LeastLoaded);
    private bool _operatorsLoaded;
    // Recent assignments for the expected wait (R16); in memory only, so a restart starts from the handle-time fallback.
    private readonly AssignmentRateWindow _assignmentRate = new();

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        foreach (var dialog in S.Waiting) _queue.Restore(dialog);
        _index = NewIndex();
        return Task.CompletedTask;
    }

    public async Task Configure(DepartmentConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        if (config.Problem() is { } problem) throw new ArgumentException(problem, nameof(config));
        await EnsureOperators();
        var strategyChanged = config.Routing.Strategy != S.Config.Routing.Strategy;
        S.Config = config;
        await Save();
        if (strategyChanged)
        {
            _index = NewIndex();
            foreach (var snapshot in _snapshots.Values) Upsert(snapshot);
        }
    }

    public async Task SetMember(string operatorId, int? tier)
    {
        await EnsureOperators();
        if (tier is null)
        {
            if (!S.Members.Remove(operatorId)) return;
            _index.Remove(operatorId);
            _snapshots.Remove(operatorId);
            await Save();
            return;
        }
        S.Members[operatorId] = tier.Value;
        await Save();
        Upsert(await Operator(operatorId).GetSnapshot(), force: true);
    }

    public async Task<Placement> Enqueue(EnqueueRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        await EnsureOperators();
        if (_queue.Contains(request.ConversationId))
            return new Placement(request.ConversationId, null, _queue.PositionOf(request.ConversationId));
        // Idempotent and safe to re-drive: only a conversation that says it waits here, and is not already offered here, is placed.
        var current = await Conversation(request.ConversationId).Get();
        if (current.Status != ConversationStatus.Queued || current.DepartmentId != DepartmentId || S.Offers.ContainsKey(request.ConversationId))
            return new Placement(request.ConversationId, current.OperatorId, null) { Offered = current.Status == ConversationStatus.Offered };
        var now = Now;
        var dialog = new WaitingDialog(request.ConversationId, request.Priority,
            request.WaitingSince < now ? request.WaitingSince : now, request.Channel) { RequiredSkills = request.RequiredSkills };
        if (await TryStickyOperator(dialog, request) is { } sticky) return sticky;
        return await Place(dialog);
    }

    /// <summary>To the best operator now (assigned, or offered in offer mode), else into the queue.</summary>
    private async Task<Placement> Place(WaitingDialog dialog)
    {
        var now = Now;
        // Each refusal refreshes that operator's snapshot, so this ends within (members + 1) rounds.
        for (var round = 0; round <= S.Members.Count; round++)
        {
            if (_index.FindBest(dialog, now, Settings) is not { } best) break;
            var outcome = await Reserve(dialog, best.Id);
            if (outcome is ReserveOutcome.Assigned) return new Placement(dialog.Id, best.Id, null) { Offered = S.Config.OfferMode };
            if (outcome is ReserveOutcome.ConversationClosed) return new Placement(dialog.Id, null, null);
        }

        // A close may have withdrawn it before it arrived here (a transfer racing a close): do not queue a closed dialog.
        if ((await Conversation(dialog.Id).Get()).Status == ConversationStatus.Closed) return new Placement(dialog.Id, null, null);
        _queue.Enqueue(dialog);
        await Save();
        await ArmWidening();
        Publish(dialog.Id, "queued");
        if (!_snapshots.Values.Any(s => s.Status == OperatorStatus.Online) && await GetQueuePosition(dialog.Id) is { } position)
        {
            var offline = S.Config.OfflineRequestsWhenNobodyOnline;
            if (offline) await Conversation(dialog.Id).MarkOfflineRequest();
            PublishEvent(new NoOperatorOnline(dialog.Id, DepartmentId, position.Position, position.ExpectedWait, offline),
                "conversation:" + RoutingKeys.Conversation(WorkspaceId, dialog.Id));
        }
        return new Placement(dialog.Id, null, _queue.PositionOf(dialog.Id));
    }

    public async Task<DepartmentHeadView?> UpdateOperator(OperatorSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        await EnsureOperators();
        if (!S.Members.ContainsKey(snapshot.OperatorId)) return null;
        Upsert(snapshot);
        if (!_index.TryGet(snapshot.OperatorId, out var op) || op is null) return null;
        return _queue.FirstFor(op, Now, Settings) is { } head
            ? new DepartmentHeadView(DepartmentId, head.Id, head.Priority, head.WaitingSince)
            : null;
    }

    public async Task<bool> AssignWaiting(string conversationId, string operatorId)
    {
        await EnsureOperators();
        if (!S.Members.ContainsKey(operatorId) || !_queue.TryGet(conversationId, out var dialog) || dialog is null) return false;
        var outcome = await Reserve(dialog, operatorId);
        if (outcome is ReserveOutcome.Refused) return false;
        _queue.Remove(conversationId);
        await Save();
        return outcome is ReserveOutcome.Assigned;
    }

    public async Task Withdraw(string conversationId)
    {
        if (S.Offers.Remove(conversationId))
        {
            await Save();
            await CancelDeadlineAsync(OfferDeadline(conversationId));
            return;
        }
        if (!_queue.Remove(conversationId)) return;
        await Save();
        Publish(conversationId, "withdrawn");
    }

    public async Task<bool> Detach(string conversationId)
    {
        if (S.Offers.Remove(conversationId))
        {
            await Save();
            await CancelDeadlineAsync(OfferDeadline(conversationId));
            return true;
        }
        if (!_queue.Remove(conversationId)) return false;
        await Save();
        Publish(conversationId, "detached");
        return true;
    }

    public async Task<bool> ChangePriority(string conversationId, Priority priority)
    {
        if (S.Offers.TryGetValue(conversationId, out var offer))
        {
            // Kept for a declined or expired offer, which goes back to the queue with the new priority.
            S.Offers[conversationId] = offer with { Dialog = offer.Dialog with { Priority = priority } };
            await Save();
            return true;
        }
        if (!_queue.Contains(conversationId)) return false;
        _queue.ChangePriority(conversationId, priority);
        await Save();
        Publish(conversationId, "priority-changed");
        return true;
    }

    public Task Flush() => Task.CompletedTask;

    public Task<IReadOnlyList<string>> GetWaiting() =>
        Task.FromResult<IReadOnlyList<string>>(_queue.InOrder().Select(d => d.Id).ToList());

    public Task<IReadOnlyList<WaitingDialogView>> GetWaitingDialogs() =>
        Task.FromResult<IReadOnlyList<WaitingDialogView>>(_queue.InOrder()
            .Select(d => new WaitingDialogView(d.Id, d.Priority, d.WaitingSince, d.SkippedOperators)).ToList());

    public Task<int?> PositionOf(string conversationId) => Task.FromResult(_queue.PositionOf(conversationId));

    public Task<QueuePosition?> GetQueuePosition(string conversationId)
    {
        if (_queue.PositionOf(conversationId) is not { } position) return Task.FromResult<QueuePosition?>(null);
        var onlineSlots = _snapshots.Values.Where(s => s.Status == OperatorStatus.Online).Sum(s => s.Profile.Capacity);
        var expected = ExpectedWaitPolicy.Estimate(position, _assignmentRate, Now, S.Config.AverageHandleTime, onlineSlots);
        return Task.FromResult<QueuePosition?>(new QueuePosition(conversationId, DepartmentId, position, expected));
    }

    private enum ReserveOutcome { Assigned, Refused, ConversationClosed }

    /// <summary>Reserve on the operator (durable there), then tell the conversation; a closed one gives the capacity back.</summary>
    private async Task<ReserveOutcome> Reserve(WaitingDialog dialog, string operatorId)
    {
        var op = Operator(operatorId);
        var result = await op.TryReserve(dialog.Id, dialog.Channel, DepartmentId);
        Upsert(result.Operator);
        if (!result.Reserved) return ReserveOutcome.Refused;
        _index.RecordAssignment(operatorId);
        _assignmentRate.Record(Now);
        if (S.Config.OfferMode) return await Offer(dialog, operatorId);
        if (!await Conversation(dialog.Id).Assigned(operatorId, DepartmentId))
        {
            Upsert(await op.Release(dialog.Id));
            return ReserveOutcome.ConversationClosed;
        }
        if (S.Config.Routing.Strategy == RoutingStrategy.RoundRobin)
        {
            S.RoundRobinCursors = new Dictionary<int, string>(_index.RoundRobinCursors);
            await Save();
        }
        Publish(dialog.Id, "assigned");
        return ReserveOutcome.Assigned;
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
        if (!force && _snapshots.TryGetValue(snapshot.OperatorId, out var held) && held.Version > snapshot.Version) return;
        _snapshots[snapshot.OperatorId] = snapshot;
        _index.Upsert(ToRouting(snapshot, tier));
    }

    /// <summary>The department's routing view of an operator: their tier here and their live load and status.</summary>
    private static RoutingOperator ToRouting(OperatorSnapshot snapshot, int tier) => new(snapshot.OperatorId)
    {
        Status = snapshot.Status, Tier = tier, Skills = snapshot.Profile.Skills, Load = snapshot.Load,
        Capacity = snapshot.Profile.Capacity, ActiveVoice = snapshot.ActiveVoice, Costs = snapshot.Profile.Costs,
        AvailableSince = snapshot.AvailableSince, LastAssignedAt = snapshot.LastAssignedAt,
    };

    private OperatorIndex NewIndex()
    {
        var index = new OperatorIndex(S.Config.Routing.Strategy);
        foreach (var (tier, operatorId) in S.RoundRobinCursors) index.RestoreRoundRobinCursor(tier, operatorId);
        return index;
    }

    private async Task Save()
    {
        // TODO(scale): the whole queue is one record; a deep queue wants per-dialog rows.
        S.Waiting = _queue.InOrder().ToList();
        S.LastSequence = _queue.LastSequence;
        await state.WriteStateAsync();
    }

    private void Publish(string conversationId, string kind) =>
        PublishEvent(new QueueChanged(DepartmentId, conversationId, kind, _queue.Count), "department:" + GetPrimaryKeyString());

    private RoutingSettings Settings => S.Config.Routing;
    private DateTimeOffset Now => TimeProvider.GetUtcNow();
    private IConversationGrain Conversation(string id) => GrainFactory.GetGrain<IConversationGrain>(RoutingKeys.Conversation(WorkspaceId, id));
    private IOperatorGrain Operator(string id) => GrainFactory.GetGrain<IOperatorGrain>(RoutingKeys.Operator(WorkspaceId, id));
}
