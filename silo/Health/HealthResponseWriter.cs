using Microsoft.Extensions.Diagnostics.HealthChecks;
using Routing.Silo.Metrics;

namespace Routing.Silo.Health;

/// <summary>Writes a health report as {status, storage: {provider, reachable}, activations}.</summary>
public static class HealthResponseWriter
{
    public const string StorageCheckName = "storage";

    public static Task WriteAsync(HttpContext context, HealthReport report)
    {
        var storage = report.Entries.TryGetValue(StorageCheckName, out var entry) ? entry : default;
        var body = new HealthResponse(
            report.Status.ToString().ToLowerInvariant(),
            new StorageHealth(
                storage.Data?.GetValueOrDefault(StorageHealthCheck.ProviderKey) as string ?? "unknown",
                storage.Data?.GetValueOrDefault(StorageHealthCheck.ReachableKey) as bool? ?? false),
            context.RequestServices.GetRequiredService<GrainMetrics>().ActivationCount);
        return context.Response.WriteAsJsonAsync(body, SiloJsonContext.Default.HealthResponse, cancellationToken: context.RequestAborted);
    }
}
