namespace Routing.GrainInterfaces.Model;

/// <summary>
/// One entry rule (R7): a new conversation that matches every non-empty condition goes to <paramref name="DepartmentId"/>.
/// Empty conditions match anything. Topics compare case-insensitively; a language "en" matches "en-GB";
/// attributes must all be present with equal values (ordinal); hours are wall-clock intervals in the department's time zone.
/// </summary>
public sealed record EntryRule(string DepartmentId)
{
    public IReadOnlyList<Channel> Channels { get; init; } = [];
    public IReadOnlyList<string> Topics { get; init; } = [];
    public IReadOnlyList<string> Languages { get; init; } = [];
    public IReadOnlyDictionary<string, string> Attributes { get; init; } = new Dictionary<string, string>();
    public IReadOnlyList<WeeklyInterval> Hours { get; init; } = [];
}
