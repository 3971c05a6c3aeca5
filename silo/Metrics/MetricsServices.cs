using Microsoft.Extensions.Diagnostics.Metrics;
using OpenTelemetry.Metrics;
using Routing.Silo.Dashboard;

namespace Routing.Silo.Metrics;

/// <summary>OpenTelemetry metrics (ours and Orleans') exported for Prometheus at <see cref="Path"/>, behind the bootstrap key.</summary>
public static class MetricsServices
{
    public const string Path = "/metrics";

    /// <summary>Orleans' own meter (messaging, activations, grain calls).</summary>
    private const string OrleansMeter = "Microsoft.Orleans";

    public static IServiceCollection AddDomainMetrics(this IServiceCollection services)
    {
        services.AddSingleton<DomainMetrics>();
        // Only the meters of this host's meter factory (local scope): several silos may share a process (tests), and
        // a meter matched by name alone would count every silo's figures in each (which AddMeter does).
        services.AddMetrics(metrics => metrics
            .EnableMetrics(DomainMetrics.MeterName, scopes: MeterScope.Local)
            .EnableMetrics(OrleansMeter, scopes: MeterScope.Local));
        services.AddOpenTelemetry().WithMetrics(metrics => metrics.AddPrometheusExporter());
        return services;
    }

    public static WebApplication MapMetrics(this WebApplication app)
    {
        _ = app.Services.GetRequiredService<DomainMetrics>(); // starts counting the grain events now
        app.MapPrometheusScrapingEndpoint(Path).RequireAuthorization(DashboardEndpoints.OpsOnly);
        return app;
    }
}
