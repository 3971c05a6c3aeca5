using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Routing.Runtime;
using Routing.Silo.Health;

namespace Routing.Silo.Endpoints;

/// <summary>Endpoints for operators of the process (load balancers, the ops dashboard), not for contact-center users.</summary>
public static class OperationsEndpoints
{
    public static IEndpointRouteBuilder MapOperationsEndpoints(this IEndpointRouteBuilder endpoints)
    {
        // 200 when healthy, 503 when the storage is unreachable (the framework maps Unhealthy to 503).
        endpoints.MapHealthChecks("/health", new HealthCheckOptions { ResponseWriter = HealthResponseWriter.WriteAsync });
        endpoints.MapGet("/stats/grains", (GrainRuntime runtime) =>
            Results.Json(runtime.Metrics.Snapshot(), SiloJsonContext.Default.RuntimeStatisticsSnapshot))
            .ExcludeFromDescription(); // the OpenAPI document describes the client API (/v1) only
        return endpoints;
    }
}
