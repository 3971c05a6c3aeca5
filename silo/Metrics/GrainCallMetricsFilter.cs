using System.Diagnostics;

namespace Routing.Silo.Metrics;

/// <summary>Times every call of an application grain the silo takes (activations are counted for the grain types seen here).</summary>
internal sealed class GrainCallMetricsFilter(GrainMetrics metrics) : IIncomingGrainCallFilter
{
    public async Task Invoke(IIncomingGrainCallContext context)
    {
        // Orleans' system targets, grain services and own grains (the dashboard's, the management grain): not ours to report.
        if (context.Grain is not Grain || context.Grain.GetType().Namespace?.StartsWith("Orleans", StringComparison.Ordinal) == true)
        {
            await context.Invoke();
            return;
        }
        var started = Stopwatch.GetTimestamp();
        var failed = true;
        try
        {
            await context.Invoke();
            failed = false;
        }
        finally
        {
            metrics.Record(context.Grain.GetType(), context.TargetId.Type, context.MethodName, Stopwatch.GetElapsedTime(started), failed);
        }
    }
}
