using Routing.GrainInterfaces.Model;

namespace Routing.Grains.Policies;

/// <summary>
/// Capacity (R5, R8): an operator holds at most <c>capacity</c> load units. A text dialog costs its channel's
/// <see cref="ChannelCosts"/> (1 by default); a voice call costs the whole capacity and, while it lasts, nothing else fits,
/// even if the capacity is raised mid-call. Nothing here ever lets load exceed capacity.
/// </summary>
public static class CapacityPolicy
{
    /// <summary>Load units a dialog in <paramref name="channel"/> takes; voice takes <paramref name="capacity"/>.</summary>
    public static int CostOf(Channel channel, int capacity, ChannelCosts? costs = null)
    {
        costs ??= ChannelCosts.Default;
        return channel switch
        {
            Channel.Voice => capacity,
            Channel.Chat => costs.Chat,
            Channel.Messenger => costs.Messenger,
            Channel.Social => costs.Social,
            Channel.Email => costs.Email,
            _ => throw new ArgumentOutOfRangeException(nameof(channel), channel, "unknown channel"),
        };
    }

    /// <summary>Whether one more dialog in <paramref name="channel"/> fits: never during a call, a call only when empty.</summary>
    public static bool CanTake(int load, bool activeVoice, int capacity, Channel channel, ChannelCosts? costs = null)
    {
        if (capacity <= 0 || activeVoice) return false;
        if (channel == Channel.Voice) return load == 0;
        return load + CostOf(channel, capacity, costs) <= capacity;
    }

    /// <inheritdoc cref="CanTake(int, bool, int, Channel, ChannelCosts?)"/>
    public static bool CanTake(RoutingOperator op, Channel channel) =>
        CanTake(op.Load, op.ActiveVoice, op.Capacity, channel, op.Costs);

    /// <summary>
    /// Whether a held dialog may move to a channel that costs <paramref name="newCost"/> instead of <paramref name="oldCost"/>
    /// (issue 15): a cheaper or equal one always (it never adds load, even for an operator a supervisor forced over
    /// capacity); a dearer one only when the load with it stays within capacity. Voice is a callback, never a move.
    /// </summary>
    public static bool CanChangeChannel(int load, int oldCost, int newCost, int capacity) =>
        newCost <= oldCost || load - oldCost + newCost <= capacity;

    /// <summary>Whether any dialog could fit (cheapest channel cost is at least 1): the test for the available-operator index.</summary>
    public static bool HasFreeCapacity(int load, bool activeVoice, int capacity) => !activeVoice && load < capacity;

    /// <summary>
    /// Whether a department could give them a dialog now: online, and some dialog could fit. The router stops asking
    /// departments when an operator's snapshot says no (a dialog this lets through may still not fit: the department decides).
    /// </summary>
    public static bool MayTakeMore(OperatorStatus status, int load, bool activeVoice, int capacity) =>
        status == OperatorStatus.Online && HasFreeCapacity(load, activeVoice, capacity);

    /// <summary>Units still free; 0 during a call or when forced over capacity by a supervisor.</summary>
    public static int FreeUnits(int load, bool activeVoice, int capacity) => activeVoice ? 0 : Math.Max(0, capacity - load);
}
