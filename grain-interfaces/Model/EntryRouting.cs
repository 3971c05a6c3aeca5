using Orleans;

namespace Routing.GrainInterfaces.Model;

/// <summary>A workspace's entry rules, tried in order, first match wins; no match goes to <paramref name="DefaultDepartmentId"/>.</summary>
[GenerateSerializer, Immutable, Alias("routing.EntryRouting")]
public sealed record EntryRouting(string DefaultDepartmentId)
{
    [Id(0)] public IReadOnlyList<EntryRule> Rules { get; init; } = [];
}
