using Routing.GrainInterfaces.Model;

namespace Routing.Grains.Policies;

/// <summary>
/// Tier widening (R10): which operator tiers may take a dialog after it has waited a while. Steps are sorted by delay;
/// a step applies from exactly its delay on (30 s waited allows a step "after 30 s"). No steps: every tier at once.
/// </summary>
public static class TierWidening
{
    /// <summary>The highest tier allowed after <paramref name="waited"/>: int.MaxValue without steps, 0 before the first step.</summary>
    public static int AllowedTier(IReadOnlyList<TierStep> steps, TimeSpan waited)
    {
        if (steps.Count == 0) return int.MaxValue;
        var allowed = 0;
        for (var i = 0; i < steps.Count; i++)
            if (steps[i].After <= waited && steps[i].Tier > allowed) allowed = steps[i].Tier;
        return allowed;
    }

    /// <summary>How long a dialog must wait before <paramref name="tier"/> may take it; null when no step ever allows it.</summary>
    public static TimeSpan? WaitBeforeTier(IReadOnlyList<TierStep> steps, int tier)
    {
        if (steps.Count == 0) return TimeSpan.Zero;
        TimeSpan? earliest = null;
        for (var i = 0; i < steps.Count; i++)
            if (steps[i].Tier >= tier && (earliest is null || steps[i].After < earliest)) earliest = steps[i].After;
        return earliest;
    }
}
