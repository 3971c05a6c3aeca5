using Orleans;

namespace Routing.GrainInterfaces.Model;

/// <summary>
/// One entry rule (R7): a new conversation that matches every non-empty condition goes to <paramref name="DepartmentId"/>.
/// Empty conditions match anything. Topics compare case-insensitively; a language "en" matches "en-GB";
/// attributes must all be present with equal values (ordinal); hours are wall-clock intervals in the department's time zone.
/// A rule may also set the terms of the dialogs it routes (issue 15): a priority and a first-response target that
/// overrides the department's.
/// </summary>
[GenerateSerializer, Immutable, Alias("routing.EntryRule")]
public sealed record EntryRule(string DepartmentId)
{
    [Id(0)] public IReadOnlyList<Channel> Channels { get; init; } = [];
    [Id(1)] public IReadOnlyList<string> Topics { get; init; } = [];
    [Id(2)] public IReadOnlyList<string> Languages { get; init; } = [];
    [Id(3)] public IReadOnlyDictionary<string, string> Attributes { get; init; } = new Dictionary<string, string>();
    [Id(4)] public IReadOnlyList<WeeklyInterval> Hours { get; init; } = [];

    /// <summary>The priority of the dialogs it routes; an intake's explicit priority wins when higher. Null: the intake's.</summary>
    [Id(5)] public Priority? Priority { get; init; }

    /// <summary>Their first-response target (R13, R20), overriding the department's; null: the department's.</summary>
    [Id(6)] public TimeSpan? FirstResponseTarget { get; init; }

    /// <summary>Why the rule's terms cannot be kept, or null (the same bounds as a department's target).</summary>
    public string? Problem() =>
        Priority is { } priority && !Enum.IsDefined(priority) ? "unknown priority (Low, Normal, Vip, Urgent)"
        : FirstResponseTarget is { } target ? ResponseTargets.Problem(target)
        : null;
}
