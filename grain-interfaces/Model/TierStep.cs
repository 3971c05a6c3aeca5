using Orleans;

namespace Routing.GrainInterfaces.Model;

/// <summary>
/// Tier widening (R10): once a dialog has waited <paramref name="After"/>, operators of tier
/// <paramref name="Tier"/> and lower may take it. A department lists steps such as
/// [tier 1 at 0 s, tier 2 at 30 s, tier 3 at 90 s]; no steps at all means every tier at once.
/// </summary>
[GenerateSerializer, Immutable, Alias("routing.TierStep")]
public sealed record TierStep(int Tier, TimeSpan After)
{
    /// <summary>Why these steps are invalid, or null: the first step starts at 0, tiers are 1 or more and both grow step by step.</summary>
    public static string? Problem(IReadOnlyList<TierStep> steps)
    {
        for (var i = 0; i < steps.Count; i++)
        {
            var step = steps[i];
            if (step.Tier < 1) return $"tier step {i}: tier {step.Tier} is below 1";
            if (step.After < TimeSpan.Zero) return $"tier step {i}: negative delay";
            if (i == 0 && step.After != TimeSpan.Zero) return "the first tier step must start at 0 s, or no operator could take a new dialog";
            if (i > 0 && (step.After <= steps[i - 1].After || step.Tier <= steps[i - 1].Tier))
                return $"tier step {i}: tiers and delays must both grow";
        }
        return null;
    }
}
