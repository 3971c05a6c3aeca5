namespace Routing.Silo.Metrics;

public static class GrainMetricsSiloExtensions
{
    /// <summary>Per-method call figures and per-type activations of the silo's grains (/stats/grains, meter "Routing.Grains").</summary>
    public static ISiloBuilder AddGrainMetrics(this ISiloBuilder silo)
    {
        silo.Services.AddSingleton<GrainMetrics>();
        // Built as the silo starts, so its listener sees the first activation (a meter does not replay what it missed).
        silo.Services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(sp => sp.GetRequiredService<GrainMetrics>());
        return silo.AddIncomingGrainCallFilter<GrainCallMetricsFilter>();
    }
}
