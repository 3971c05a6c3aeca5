using System.Diagnostics;
using Routing.GrainInterfaces.Model;
using Routing.Grains.Policies;

namespace Routing.LoadTests.Routing;

/// <summary>
/// The baseline: the same department built and the same decisions made directly on the data structures a department
/// grain holds (<see cref="WaitingQueue"/> + <see cref="OperatorIndex"/>), with the calls the grain makes, in its
/// order, and nothing else: no grains, no storage, no events, one clock read per decision.
/// </summary>
public sealed class BareRouting
{
    private static readonly RoutingSettings Settings = RoutingSettings.Default;
    private readonly WaitingQueue _queue = new();
    private readonly OperatorIndex _index = new(Settings.Strategy);
    private readonly RoutingOperator[] _operators;
    private int _nextDialog;

    private BareRouting(int operators, int capacity)
    {
        var now = DateTimeOffset.UtcNow;
        _operators = new RoutingOperator[operators];
        for (var i = 0; i < operators; i++)
        {
            _operators[i] = new RoutingOperator(RoutingWorkspace.OperatorId(i))
            {
                Status = OperatorStatus.Online, Capacity = capacity, AvailableSince = now,
            };
            _index.Upsert(_operators[i]);
        }
    }

    public int Waiting => _queue.Count;

    /// <summary>The set-up the grain side goes through: operators online and empty; dialogs enter (FindBest) until
    /// every slot is taken, then queue. Returns the time per entering dialog of each kind.</summary>
    public static (BareRouting Routing, TimeSpan Assigning, TimeSpan Queueing) Build(int operators, int capacity, int waiting)
    {
        var routing = new BareRouting(operators, capacity);
        var started = Stopwatch.GetTimestamp();
        for (var i = 0; i < operators * capacity; i++)
            if (!routing.Enter()) throw new InvalidOperationException("a dialog queued while a slot was free");
        var assigning = Stopwatch.GetElapsedTime(started);
        started = Stopwatch.GetTimestamp();
        for (var i = 0; i < waiting; i++)
            if (routing.Enter()) throw new InvalidOperationException("a dialog was assigned with every slot taken");
        return (routing, assigning, Stopwatch.GetElapsedTime(started));
    }

    /// <summary>
    /// <paramref name="decisions"/> decisions, agents taking turns (operator indices as on the grain side): the operator
    /// frees one slot (Upsert), takes the first dialog it may (FirstFor), the operator's capacity check allows it
    /// (CanTake), the dialog leaves the queue (Remove) and the operator's new load and assignment are indexed
    /// (Upsert, RecordAssignment).
    /// </summary>
    public TimeSpan Decide(int decisions, int agents)
    {
        var started = Stopwatch.GetTimestamp();
        for (var d = 0; d < decisions; d++)
        {
            var slot = (int)((long)(d % agents) * _operators.Length / agents);
            var now = DateTimeOffset.UtcNow;
            var freed = _operators[slot] with { Load = _operators[slot].Load - 1 };
            _index.Upsert(freed);
            var head = _queue.FirstFor(freed, now, Settings) ?? throw new InvalidOperationException("the queue ran dry");
            if (!CapacityPolicy.CanTake(freed, head.Channel)) throw new InvalidOperationException("no room after a release");
            _queue.Remove(head.Id);
            Take(slot, freed, head.Channel, now);
        }
        return Stopwatch.GetElapsedTime(started);
    }

    /// <summary>A new dialog enters: to the best operator now, else into the queue (the department's Place).</summary>
    private bool Enter()
    {
        var now = DateTimeOffset.UtcNow;
        var dialog = new WaitingDialog($"c{_nextDialog++}", Priority.Normal, now, Channel.Chat);
        if (_index.FindBest(dialog, now, Settings) is not { } best)
        {
            _queue.Enqueue(dialog);
            return false;
        }
        var slot = int.Parse(best.Id.AsSpan(2), provider: null); // "op123" → 123: set-up only, a few ns next to FindBest
        Take(slot, best, dialog.Channel, now);
        return true;
    }

    private void Take(int slot, RoutingOperator op, Channel channel, DateTimeOffset now)
    {
        var taken = op with { Load = op.Load + CapacityPolicy.CostOf(channel, op.Capacity, op.Costs), LastAssignedAt = now };
        _operators[slot] = taken;
        _index.Upsert(taken);
        _index.RecordAssignment(taken.Id);
    }
}
