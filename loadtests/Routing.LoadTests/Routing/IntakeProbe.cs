using System.Diagnostics;
using Routing.LoadTests.Hosting;
using Routing.LoadTests.Reporting;

namespace Routing.LoadTests.Routing;

/// <summary>
/// Dialogs entering one at a time: with nothing beside them, the commits a first message waits for are its chain in
/// series, counted whatever else the machine runs (the rates of the concurrent passes depend on it).
/// </summary>
public sealed record IntakeProbe(int Dialogs, double WritesPerDialog, double CommitsPerDialog, double MedianMilliseconds)
{
    public const int DefaultDialogs = 50;

    public static async Task<IntakeProbe> RunAsync(InProcessSilo silo, RoutingWorkspace workspace, int first, int count)
    {
        var before = silo.CommitStatistics;
        var latencies = new List<double>(count);
        for (var i = first; i < first + count; i++)
        {
            var started = Stopwatch.GetTimestamp();
            await workspace.IntakeAsync(i, 1, _ => null);
            latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
        var after = silo.CommitStatistics;
        return new IntakeProbe(count, (after.Operations - before.Operations) / (double)count, (after.Commits - before.Commits) / (double)count,
            Median.Of(latencies));
    }
}
