using Routing.GrainInterfaces.Model;

namespace Routing.Grains.Policies;

/// <summary>
/// Skill matching (R10): an operator meets a dialog's requirements when they have every required skill at its minimum
/// level or above. Among those, the better match has the higher score: the sum of their levels in the required skills.
/// Once a dialog has waited the department's skill widening delay, requirements no longer apply.
/// </summary>
public static class SkillMatch
{
    public static bool Meets(IReadOnlyDictionary<string, int> skills, IReadOnlyList<SkillRequirement> required) =>
        Score(skills, required) is not null;

    /// <summary>Sum of the operator's levels in the required skills; null when a requirement is not met; 0 when none.</summary>
    public static int? Score(IReadOnlyDictionary<string, int> skills, IReadOnlyList<SkillRequirement> required)
    {
        var score = 0;
        for (var i = 0; i < required.Count; i++)
        {
            if (!skills.TryGetValue(required[i].Skill, out var level) || level < required[i].MinLevel) return null;
            score += level;
        }
        return score;
    }

    /// <summary>The best score anyone could reach: every required skill at the highest level.</summary>
    public static int BestPossibleScore(IReadOnlyList<SkillRequirement> required) =>
        required.Count * SkillRequirement.HighestLevel;

    /// <summary>Whether the requirements have been dropped for a dialog that waited <paramref name="waited"/>.</summary>
    public static bool IsWidened(TimeSpan waited, RoutingSettings settings) =>
        settings.SkillWideningAfter is { } after && waited >= after;

    /// <summary>Whether requirements still narrow the choice: there are some and they have not been dropped yet.</summary>
    public static bool Applies(IReadOnlyList<SkillRequirement> required, TimeSpan waited, RoutingSettings settings) =>
        required.Count > 0 && !IsWidened(waited, settings);

    /// <summary>A canonical key for a requirement set (sorted by skill, strictest level per skill): equal keys, equal matching.</summary>
    public static string Signature(IReadOnlyList<SkillRequirement> required)
    {
        if (required.Count == 0) return "";
        if (required.Count == 1) return $"{required[0].Skill}\u001e{required[0].MinLevel}";
        var strictest = new SortedDictionary<string, int>(StringComparer.Ordinal);
        foreach (var requirement in required)
            strictest[requirement.Skill] = Math.Max(requirement.MinLevel, strictest.GetValueOrDefault(requirement.Skill));
        return string.Join('\u001f', strictest.Select(pair => $"{pair.Key}\u001e{pair.Value}"));
    }
}
