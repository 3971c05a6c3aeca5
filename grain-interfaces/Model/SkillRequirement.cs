using Orleans;

namespace Routing.GrainInterfaces.Model;

/// <summary>
/// A dialog needs <paramref name="Skill"/> at <paramref name="MinLevel"/> or higher (levels 1-5, R10).
/// Skill names are case-sensitive identifiers ("billing", "lang:de").
/// </summary>
[GenerateSerializer, Immutable, Alias("routing.SkillRequirement")]
public sealed record SkillRequirement(string Skill, int MinLevel = SkillRequirement.LowestLevel)
{
    public const int LowestLevel = 1;
    public const int HighestLevel = 5;

    public static bool IsValidLevel(int level) => level is >= LowestLevel and <= HighestLevel;

    /// <summary>Why this requirement is invalid, or null when it is valid.</summary>
    public string? Problem() =>
        string.IsNullOrWhiteSpace(Skill) ? "skill name is empty"
        : !IsValidLevel(MinLevel) ? $"skill '{Skill}': level {MinLevel} is outside {LowestLevel}-{HighestLevel}"
        : null;
}
