using Routing.GrainInterfaces;
using Routing.Grains.Journal;
using Routing.Grains.State;
using Orleans.Concurrency;
using Routing.Storage.Orleans.Deadlines;
using Routing.Storage;

namespace Routing.Grains.Grains;

/// <summary>
/// Durability: every change is a small <see cref="DepartmentChange"/> appended to the department's journal before the
/// caller hears back, and applied by <see cref="Apply"/> (live and on replay: one place). A snapshot of the whole
/// queue is written only once the journal outgrows it, on a configuration change and on a clean deactivation, so an
/// enqueue costs one small row even with 100k dialogs waiting.
/// </summary>
public sealed partial class DepartmentGrain
{
    private GrainJournal<DepartmentChange>? _journalField;
    private bool _repairPending;

    private GrainJournal<DepartmentChange> JournalLog => _journalField ??= new GrainJournal<DepartmentChange>(
        storage, new GrainLogKey("department", GetPrimaryKeyString(), "journal"), GrainStateJsonContext.Default.DepartmentChange);

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        foreach (var dialog in S.Waiting) _room.EnterQueue(dialog);
        foreach (var held in S.Held) _room.Hold(held);
        if (S.RecentAssignments is { } recent) _assignmentRate.Restore(recent);
        var changes = await JournalLog.RecoverAsync(S.JournalThrough, cancellationToken);
        foreach (var change in changes) Apply(change);
        _index = NewIndex();
        if (!state.RecordExists && changes.Count == 0) return; // a department nobody configured yet
        // Anything after the last clean deactivation means the previous activation may have stopped mid-flow.
        _repairPending = !S.CleanlyDeactivated || changes.Count > 0;
        await JournalLog.AppendAsync(new ActivationStarted(Now));
        // Repair before serving anyone, so even the first read after a crash sees finished flows; and load the operators
        // now, so read-only views (the expected wait counts online slots) are right from the first call.
        await Ready();
        await TakeIssuedInTurn(); // no request runs before activation ends: the repair's rows are awaited here
        Publish("", QueueChanged.Activated); // this silo reports the queue now, before its next change
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken) => InTurn(async () =>
    {
        // A claim still in flight (a forced deactivation) may yet be reserved and assigned: the next activation repairs it.
        if (state.RecordExists && !_repairPending) await Snapshot(cleanly: _room.ClaimedCount == 0);
        // Not a durable fact: tells this silo's metrics to stop reporting a queue that may next live on another silo.
        PublishEvent(new QueueChanged(DepartmentId, "", QueueChanged.Deactivated, _room.Count), "department:" + GetPrimaryKeyString());
    });

    /// <summary>Operators loaded and, after an unclean stop, the cut flows repaired: every mutating call starts here.</summary>
    private async Task Ready()
    {
        await EnsureOperators();
        if (!_repairPending) return;
        _repairPending = false;
        await Repair();
    }

    /// <summary>Applies, then appends the changes as one write, durable before it returns; snapshots when the journal has outgrown the state.</summary>
    private async Task Record(params DepartmentChange[] changes)
    {
        if (changes.Length == 0) return;
        await Issue(changes);
        await SnapshotIfOutgrown();
    }

    /// <summary>
    /// Applies, then appends the changes as one write that the turn does not wait for: the caller hears back once it is
    /// durable, after the turn (see <see cref="InTurn{T}"/>). For the hot paths, whose last step this is.
    /// </summary>
    private async Task RecordAfterTurn(params DepartmentChange[] changes)
    {
        if (changes.Length == 0) return;
        _issuedInTurn.Add(Issue(changes));
        await SnapshotIfOutgrown();
    }

    private Task Issue(DepartmentChange[] changes)
    {
        foreach (var change in changes) Apply(change);
        return Pipelined(() => JournalLog.AppendAsync(changes));
    }

    private async Task SnapshotIfOutgrown()
    {
        if (JournalLog.ShouldSnapshot(S.JournalThrough, _room.Count + S.Offers.Count)) await Snapshot();
    }

    private async Task DeactivateOnFailure(Task write)
    {
        try
        {
            await write;
        }
        catch
        {
            DeactivateOnIdle(); // memory is ahead of the journal: the next call rebuilds from storage
            throw;
        }
    }

    private void Apply(DepartmentChange change)
    {
        switch (change)
        {
            case DialogQueued queued:
                // An enqueued dialog is neither held nor offered any more.
                S.Offers.Remove(queued.Dialog.Id);
                _room.EnterQueue(queued.Dialog);
                break;
            case DialogHeld held:
                _room.Hold(held.Held);
                break;
            case DialogLeft left:
                _room.Remove(left.ConversationId);
                break;
            case DialogReprioritized changed:
                _room.ChangePriority(changed.ConversationId, changed.Priority);
                if (S.Offers.TryGetValue(changed.ConversationId, out var pending))
                    S.Offers[changed.ConversationId] = pending with { Dialog = pending.Dialog with { Priority = changed.Priority } };
                break;
            case OfferOpened opened:
                // An offered dialog no longer waits.
                _room.Remove(opened.Offer.Dialog.Id);
                S.Offers[opened.Offer.Dialog.Id] = opened.Offer;
                break;
            case OfferEnded ended:
                S.Offers.Remove(ended.ConversationId);
                break;
            case RoundRobinMoved moved:
                S.RoundRobinCursors[moved.Tier] = moved.OperatorId;
                break;
            case MemberChanged member:
                if (member.Tier is { } tier) S.Members[member.OperatorId] = tier;
                else S.Members.Remove(member.OperatorId);
                break;
            case WideningMarked widening:
                S.WideningArmedAt = widening.ArmedAt;
                S.LastWideningAt = widening.LastWideningAt;
                break;
            case ActivationStarted:
                break;
            default:
                throw new InvalidOperationException($"unknown department change {change.GetType().Name}");
        }
    }

    /// <summary>Writes the whole state, then drops the journal rows it covers (a crash between them only re-reads them).</summary>
    private async Task Snapshot(bool cleanly = false)
    {
        // A claimed dialog still waits: its leaving is journaled only once its decision is done.
        S.Waiting = _room.StoredQueue.ToList();
        S.Held = _room.StoredHolds.ToList();
        S.LastSequence = _room.NextSequence - 1;
        S.RecentAssignments = _assignmentRate.Export();
        S.JournalThrough = JournalLog.LastSequence;
        S.CleanlyDeactivated = cleanly;
        // After the rows it covers (some perhaps still in flight); awaited in the turn: Orleans' state takes one write at a time.
        await Pipelined(state.WriteStateAsync);
        await JournalLog.TruncateAsync(S.JournalThrough);
    }
}
