using Routing.LoadTool.Measures;

namespace Routing.LoadTool.Scenarios;

/// <summary>Something sampled about once a second during a run (the queues, the engine's metrics) into gauges.</summary>
public interface IGaugeProbe
{
    Task SampleAsync(RunStats stats, CancellationToken cancellation);
}
