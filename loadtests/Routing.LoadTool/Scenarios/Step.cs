using System.Diagnostics;
using Routing.LoadTool.Measures;

namespace Routing.LoadTool.Scenarios;

/// <summary>Times one named step of an iteration: success latency, or the failure's kind (then the iteration stops).</summary>
public static class Step
{
    public static Task<T> Run<T>(string name, IterationContext context, Func<Task<T>> action) => Run(name, context.Stats, action);

    /// <summary>A step outside an iteration (an operator's console answering on its own schedule).</summary>
    public static async Task<T> Run<T>(string name, RunStats stats, Func<Task<T>> action)
    {
        var start = Stopwatch.GetTimestamp();
        try
        {
            var result = await action();
            stats.Step(name).RecordOk(Stopwatch.GetElapsedTime(start));
            return result;
        }
        catch (Exception error) when (error is not StepFailedException)
        {
            var kind = ErrorKinds.Of(error);
            stats.Step(name).RecordFailure(kind);
            throw new StepFailedException(name, kind, error);
        }
    }

    public static Task Run(string name, IterationContext context, Func<Task> action) => Run(name, context.Stats, action);

    public static Task Run(string name, RunStats stats, Func<Task> action) =>
        Run(name, stats, async () =>
        {
            await action();
            return true;
        });
}
