using System.Diagnostics;
using Routing.LoadTests.Latency;

namespace Routing.LoadTests.Calls;

/// <summary>
/// Closed-loop load: <c>callers</c> concurrent callers, each awaiting one call at a time, spread over every target.
/// Generic over a struct target, so the JIT compiles the very same loop once per side.
/// </summary>
public static class CallLoad
{
    public static Task RunAsync<TTarget>(TTarget targets, int callers, int callsPerCaller, NanosecondHistogram? latency = null)
        where TTarget : struct, ICallTarget
    {
        var tasks = new Task[callers];
        for (var c = 0; c < callers; c++)
        {
            var caller = c;
            tasks[c] = Task.Run(() => CallAsync(targets, caller, callers, callsPerCaller, latency));
        }
        return Task.WhenAll(tasks);
    }

    // Caller c's j-th call goes to target (c + j * callers) mod N: concurrent callers start on different targets and
    // every target gets its share.
    private static async Task CallAsync<TTarget>(TTarget targets, int caller, int callers, int calls, NanosecondHistogram? latency)
        where TTarget : struct, ICallTarget
    {
        for (var j = 0; j < calls; j++)
        {
            var target = (int)((caller + (long)j * callers) % targets.Count);
            if (latency is null)
            {
                await targets.Add(target, 1);
                continue;
            }
            var started = Stopwatch.GetTimestamp();
            await targets.Add(target, 1);
            latency.RecordSince(started);
        }
    }
}
