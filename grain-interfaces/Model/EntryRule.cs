using Orleans;

namespace Routing.GrainInterfaces.Model;

/// <summary>
/// One entry rule (R7): a new conversation that matches every non-empty condition goes to <paramref name="DepartmentId"/>.
/// Empty conditions match anything. Topics compare case-insensitively; a language "en" matches "en-GB";
/// attributes must all be present with equal values (ordinal); hours are wall-clock intervals in the department's time zone.
/// </summary>
[GenerateSerializer, Immutable, Alias("routing.EntryRule")]
public sealed record EntryRule(string DepartmentId)
{
    [Id(0)] public IReadOnlyList<Channel> Channels { get; init; } = [];
    [Id(1)] public IReadOnlyList<string> Topics { get; init; } = [];
    [Id(2)] public IReadOnlyList<string> Languages { get; init; } = [];
    [Id(3)] public IReadOnlyDictionary<string, string> Attributes { get; init; } = new Dictionary<string, string>();
    [Id(4)] public IReadOnlyList<WeeklyInterval> Hours { get; init; } = [];
}
