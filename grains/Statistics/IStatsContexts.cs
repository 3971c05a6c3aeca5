using Routing.Grains.Policies.Statistics;

namespace Routing.Grains.Statistics;

/// <summary>Where the projection gets a workspace's <see cref="StatsContext"/> (department time zones and SLA targets).</summary>
public interface IStatsContexts
{
    Task<StatsContext> For(string workspaceId);
}
