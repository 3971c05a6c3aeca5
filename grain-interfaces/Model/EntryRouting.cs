namespace Routing.GrainInterfaces.Model;

/// <summary>A workspace's entry rules, tried in order, first match wins; no match goes to <paramref name="DefaultDepartmentId"/>.</summary>
public sealed record EntryRouting(string DefaultDepartmentId)
{
    public IReadOnlyList<EntryRule> Rules { get; init; } = [];
}
