using System.Diagnostics.CodeAnalysis;
using Routing.GrainInterfaces;
using Routing.GrainInterfaces.Model;

namespace Routing.Grains.Policies;

/// <summary>
/// A department's latest snapshot of each member, with the online operators and their capacity kept as running totals:
/// every queued dialog's position and expected wait need them, and a large department has 10,000 members to scan.
/// </summary>
public sealed class OperatorSnapshots
{
    private readonly Dictionary<string, OperatorSnapshot> _byOperator = new(StringComparer.Ordinal);

    /// <summary>Members whose status is online.</summary>
    public int OnlineCount { get; private set; }

    /// <summary>The capacity of the online members, summed.</summary>
    public int OnlineSlots { get; private set; }

    public IEnumerable<OperatorSnapshot> All => _byOperator.Values;

    public bool TryGet(string operatorId, [MaybeNullWhen(false)] out OperatorSnapshot snapshot) =>
        _byOperator.TryGetValue(operatorId, out snapshot);

    public void Set(OperatorSnapshot snapshot)
    {
        Remove(snapshot.OperatorId);
        _byOperator[snapshot.OperatorId] = snapshot;
        Count(snapshot, +1);
    }

    public void Remove(string operatorId)
    {
        if (_byOperator.Remove(operatorId, out var previous)) Count(previous, -1);
    }

    private void Count(OperatorSnapshot snapshot, int sign)
    {
        if (snapshot.Status != OperatorStatus.Online) return;
        OnlineCount += sign;
        OnlineSlots += sign * snapshot.Profile.Capacity;
    }
}
