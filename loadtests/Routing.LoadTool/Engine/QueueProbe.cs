using Routing.LoadTool.Measures;
using Routing.LoadTool.Scenarios;

namespace Routing.LoadTool.Engine;

/// <summary>Queue depth and longest wait of the workspace, read every second as a supervisor's wallboard would (REST).</summary>
public sealed class QueueProbe(Workspace workspace) : IGaugeProbe
{
    public const string Depth = "queue depth";
    public const string LongestWait = "longest wait (s)";

    public async Task SampleAsync(RunStats stats, CancellationToken cancellation)
    {
        try
        {
            var queues = await workspace.Engine.Rest.GetAsync($"/v1/workspaces/{workspace.Id}/queues", workspace.SupervisorKey, cancellation);
            double depth = 0, longest = 0;
            foreach (var queue in queues.EnumerateArray())
            {
                depth += queue.GetProperty("depth").GetInt32();
                if (queue.TryGetProperty("longestWaitSeconds", out var wait) && wait.ValueKind == System.Text.Json.JsonValueKind.Number)
                    longest = Math.Max(longest, wait.GetDouble());
            }
            stats.SetGauge(Depth, depth);
            stats.SetGauge(LongestWait, longest);
        }
        catch (Exception error) when (error is not OperationCanceledException || !cancellation.IsCancellationRequested)
        {
            MetricsScraper.CountFailure(stats, error);
        }
    }
}
