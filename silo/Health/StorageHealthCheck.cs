using Microsoft.Extensions.Diagnostics.HealthChecks;
using Routing.Storage;
using Routing.Silo.Configuration;

namespace Routing.Silo.Health;

/// <summary>Healthy when the storage provider answers a trivial query within Silo:HealthCheckTimeout.</summary>
public sealed class StorageHealthCheck(IDurableStore storage, SiloSettings settings) : IHealthCheck
{
    public const string ProviderKey = "provider";
    public const string ReachableKey = "reachable";

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(settings.Silo.HealthCheckTimeout);
        bool reachable;
        Exception? failure = null;
        try
        {
            reachable = await storage.PingAsync(timeout.Token);
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
        {
            // A ping that throws or times out means the same to a load balancer as one that answers false.
            reachable = false;
            failure = exception;
        }
        var data = new Dictionary<string, object> { [ProviderKey] = storage.ProviderName, [ReachableKey] = reachable };
        return reachable
            ? HealthCheckResult.Healthy($"{storage.ProviderName} storage reachable", data)
            : HealthCheckResult.Unhealthy($"{storage.ProviderName} storage unreachable", failure, data);
    }
}
