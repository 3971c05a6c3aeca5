using Routing.Grains.Policies;

namespace Routing.Grains.State;

/// <summary>
/// Where an operator stands in their work schedule (R14), as last applied: what a schedule deadline compares with the
/// schedule's answer for "now", so a late or repeated delivery applies each shift start and end exactly once.
/// </summary>
public sealed class OperatorShiftState
{
    /// <summary>The shift the schedule last started; null once it ended (or while there is no schedule).</summary>
    public ShiftInterval? Current { get; set; }

    /// <summary>Set at a shift end while the operator holds dialogs; cleared when they hold nothing, at the next shift start, or by overtime.</summary>
    public WrapUp? WrapUp { get; set; }
}

/// <param name="ShiftEndedAt">When the shift ended.</param>
/// <param name="HandOverAt">When the remaining dialogs go back to the queue; null: the next shift starts first, they keep them.</param>
public sealed record WrapUp(DateTimeOffset ShiftEndedAt, DateTimeOffset? HandOverAt);
