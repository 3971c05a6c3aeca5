using Orleans;

namespace Routing.GrainInterfaces.Model;

/// <summary>How a department picks among eligible operators (R8). The default is <see cref="LeastLoaded"/>.</summary>
[GenerateSerializer, Alias("routing.RoutingStrategy")]
public enum RoutingStrategy
{
    /// <summary>Lowest load/capacity ratio; ties go to the longest idle.</summary>
    LeastLoaded = 0,
    /// <summary>Longest since the last assignment or since becoming available, whichever is later.</summary>
    LongestIdle = 1,
    /// <summary>Next operator (by id) in a stable ring after the one picked last.</summary>
    RoundRobin = 2,
}
