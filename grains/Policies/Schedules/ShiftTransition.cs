namespace Routing.Grains.Policies;

public enum ShiftTransitionKind
{
    /// <summary>The operator goes on shift: online by themselves.</summary>
    ShiftStart,

    /// <summary>The operator goes off shift: offline, and their dialogs move to colleagues after the grace period.</summary>
    ShiftEnd,
}

/// <summary>The next change of an operator's on-shift state (R14), at <paramref name="At"/> (UTC): what a durable deadline is armed at.</summary>
public sealed record ShiftTransition(DateTimeOffset At, ShiftTransitionKind Kind);
