using Orleans;

namespace Routing.GrainInterfaces.Model;

/// <summary>An operator belongs to a department at a tier (1 is the first line, R10). Default tier: 1.</summary>
[GenerateSerializer, Immutable, Alias("routing.DepartmentMembership")]
public sealed record DepartmentMembership(string DepartmentId, int Tier = 1);
