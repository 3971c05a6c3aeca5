using Orleans;

namespace Routing.GrainInterfaces.Model;

/// <summary>
/// A department's routing rules (R8-R10). Defaults: least loaded, every tier at once, required skills never dropped,
/// a returning customer sticks to their last operator for 24 h, sticky routing waits at most 60 s.
/// </summary>
[GenerateSerializer, Immutable, Alias("routing.RoutingSettings")]
public sealed record RoutingSettings
{
    public static RoutingSettings Default { get; } = new();

    [Id(0)] public RoutingStrategy Strategy { get; init; } = RoutingStrategy.LeastLoaded;

    /// <summary>Tier widening steps; empty: every tier from the start.</summary>
    [Id(1)] public IReadOnlyList<TierStep> TierSteps { get; init; } = [];

    /// <summary>After this wait a dialog's required skills are dropped (any operator of the department); null: never.</summary>
    [Id(2)] public TimeSpan? SkillWideningAfter { get; init; }

    /// <summary>A customer returning within this window goes back to their last operator.</summary>
    [Id(3)] public TimeSpan StickyReturnWindow { get; init; } = TimeSpan.FromHours(24);

    /// <summary>How long a dialog may wait for its sticky operator (busy or on a break) before the department takes it.</summary>
    [Id(4)] public TimeSpan MaxStickyWait { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Why these settings are invalid, or null.</summary>
    public string? Problem() =>
        TierStep.Problem(TierSteps)
        ?? (SkillWideningAfter < TimeSpan.Zero ? "skill widening delay is negative" : null)
        ?? (StickyReturnWindow < TimeSpan.Zero ? "sticky return window is negative" : null)
        ?? (MaxStickyWait < TimeSpan.Zero ? "max sticky wait is negative" : null);
}
