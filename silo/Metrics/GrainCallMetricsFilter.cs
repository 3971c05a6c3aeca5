using System.Diagnostics;

namespace Routing.Silo.Metrics;

/// <summary>Times every call of an application grain the silo takes.</summary>
internal sealed class GrainCallMetricsFilter(GrainMetrics metrics) : IIncomingGrainCallFilter
{
    public async Task Invoke(IIncomingGrainCallContext context)
    {
        if (context.Grain is not Grain) // Orleans' system targets and grain services: not ours to report
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
