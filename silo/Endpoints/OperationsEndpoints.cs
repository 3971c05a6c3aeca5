using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Routing.Silo.Metrics;
using Routing.Silo.Health;

namespace Routing.Silo.Endpoints;

/// <summary>Endpoints for operators of the process (load balancers, the ops dashboard), not for contact-center users.</summary>
public static class OperationsEndpoints
{
    public static IEndpointRouteBuilder MapOperationsEndpoints(this IEndpointRouteBuilder endpoints)
    {
        // 200 when healthy, 503 when the storage is unreachable (the framework maps Unhealthy to 503).
        endpoints.MapHealthChecks("/health", new HealthCheckOptions { ResponseWriter = HealthResponseWriter.WriteAsync });
        endpoints.MapGet("/stats/grains", (GrainMetrics metrics) =>
            Results.Json(metrics.Snapshot(), SiloJsonContext.Default.GrainStatisticsSnapshot))
            .ExcludeFromDescription(); // the OpenAPI document describes the client API (/v1) only
        return endpoints;
    }
}
