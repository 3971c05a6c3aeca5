using System.Diagnostics;
using System.Runtime;
using Microsoft.Extensions.DependencyInjection;
using Routing.Grains.Statistics;
using Routing.LoadTests.Hosting;
using Routing.Storage;

namespace Routing.LoadTests.Routing;

/// <summary>
/// One storage variant of `routing`: builds the department through the grains, then alternates timed rounds of
/// decisions through the grains (one per load level) with rounds on the bare structures (rebuilt to the same depth
/// each time, so both sides share the machine's drift), then an unloaded run that measures latency and where the time goes.
/// </summary>
public static class RoutingRun
{
    private const string Department = "d0";

    public static async Task<RoutingResult> RunAsync(string choice, RoutingSizes sizes)
    {
        await using var storage = await RoutingStorage.CreateAsync(choice);
        var result = new RoutingResult(storage.Name, sizes.AgentLevels);
        await using (var silo = await RoutingSilo.StartAsync(storage))
        {
            var workspace = new RoutingWorkspace(silo.Factory);
            await BuildAsync(silo, workspace, sizes, result);
            // The statistics of the build are projected before the timed rounds, so they measure the decisions (and the
            // projection of what the decisions write), not a backlog whose size depends on how fast the build ran.
            if (silo.Services.GetService<StatisticsProjector>() is { } projector) await projector.CatchUpAsync();
            using var watcher = new AssignmentWatcher(silo.Events, workspace.WorkspaceId);
            await MeasureAsync(silo, workspace, watcher, sizes, result);
            result.WaitingAtEnd = (await workspace.Department(Department).GetWaiting()).Count;
        }
        return result;
    }

    private static async Task BuildAsync(InProcessSilo silo, RoutingWorkspace workspace, RoutingSizes sizes, RoutingResult result)
    {
        var slots = sizes.Operators * sizes.Capacity;
        await workspace.AddDepartmentsAsync(1);
        var started = Stopwatch.GetTimestamp();
        await workspace.AddOperatorsAsync(sizes.Operators, sizes.Capacity, _ => Department);
        await workspace.SetOnlineAsync(sizes.Operators);
        result.OperatorsSetUp = Stopwatch.GetElapsedTime(started);
        Progress($"{sizes.Operators:N0} operators configured, members and online in {result.OperatorsSetUp.TotalSeconds:0.0} s");

        // A few dialogs one at a time first (their chain of commits), then the rest all at once (the rate).
        var probe = Math.Min(IntakeProbe.DefaultDialogs, Math.Min(slots, sizes.Waiting) / 4);
        result.ProbeAssigned = await IntakeProbe.RunAsync(silo, workspace, 0, probe);
        started = Stopwatch.GetTimestamp();
        var (assigned, _) = await workspace.IntakeAsync(probe, slots - probe, _ => null);
        var elapsed = Stopwatch.GetElapsedTime(started);
        if (assigned != slots - probe) throw new InvalidOperationException($"{assigned:N0} of the first {slots - probe:N0} dialogs were assigned, expected all");
        result.GrainEnterAssigned = (slots - probe) / elapsed.TotalSeconds;
        Progress($"{slots:N0} dialogs in through intake, all assigned, in {elapsed.TotalSeconds:0.0} s");

        result.ProbeQueued = await IntakeProbe.RunAsync(silo, workspace, slots, probe);
        started = Stopwatch.GetTimestamp();
        var (_, queued) = await workspace.IntakeAsync(slots + probe, sizes.Waiting - probe, _ => null);
        elapsed = Stopwatch.GetElapsedTime(started);
        if (queued != sizes.Waiting - probe) throw new InvalidOperationException($"{queued:N0} of {sizes.Waiting - probe:N0} dialogs were queued, expected all");
        result.GrainEnterQueued = (sizes.Waiting - probe) / elapsed.TotalSeconds;
        result.WaitingAtStart = (await workspace.Department(Department).GetWaiting()).Count;
        Progress($"{sizes.Waiting:N0} dialogs in through intake, all queued, in {elapsed.TotalSeconds:0.0} s; {result.WaitingAtStart:N0} waiting");
    }

    private static async Task MeasureAsync(InProcessSilo silo, RoutingWorkspace workspace, AssignmentWatcher watcher, RoutingSizes sizes, RoutingResult result)
    {
        // Every agent is a distinct operator (two agents sharing one would close each other's dialogs), spread over all of them.
        var total = sizes.AgentLevels.Sum() + 1;
        var taken = 0;
        int[] Take(int count)
        {
            var picked = Enumerable.Range(taken, count).Select(j => (int)((long)j * sizes.Operators / total)).ToArray();
            taken += count;
            return picked;
        }
        var loads = new List<(LoadLevelResult Level, GrainDecisionLoad Load, int[] Operators)>();
        foreach (var level in result.Levels)
        {
            var operators = Take(level.Agents);
            loads.Add((level, await GrainDecisionLoad.CreateAsync(workspace, watcher, operators), operators));
        }
        var unloaded = await GrainDecisionLoad.CreateAsync(workspace, watcher, Take(1));

        // Warm-up of both sides: JIT, first touch of the agents' grains.
        foreach (var (_, load, _) in loads) await load.RunAsync(sizes.RoundWindow / 4, sizes.RoundBudget, new DecisionLatencies());
        BareRound(sizes);
        for (var round = 0; round < sizes.Rounds; round++)
        {
            // Levels take turns going first, so neither always follows the other's leftovers.
            for (var i = 0; i < loads.Count; i++)
            {
                var (level, load, _) = loads[(i + round) % loads.Count];
                await RunRoundAsync(silo, level, load, sizes);
            }
            var bare = BareRound(sizes);
            result.BareEnterAssigned.Add(bare.EnterAssigned);
            result.BareEnterQueued.Add(bare.EnterQueued);
            result.BareDecisions.Add(bare.Decisions);
            Progress($"round {round + 1}/{sizes.Rounds}: grains {string.Join(", ", loads.Select(l => $"{l.Level.Decisions[^1]:N0}/s ({l.Level.Agents})"))}, " +
                     $"bare {result.BareDecisions[^1]:N0}/s");
        }

        // One decision at a time: latency without queueing, and the per-method cost. The loaded agents' routers finish
        // their last round first (an awaited Route queues behind it), or their long queued calls would count here.
        foreach (var (_, _, operators) in loads) await workspace.SettleRoutersAsync(operators);
        using var breakdown = new CallBreakdown();
        var unloadedRun = await unloaded.RunAsync(TimeSpan.FromHours(1), sizes.UnloadedDecisions, result.Unloaded);
        await workspace.Department(Department).Flush(); // the last Serve completes inside the window
        result.UnloadedMillisecondsPerDecision = unloadedRun.Window.TotalMilliseconds / unloadedRun.Counted;
        foreach (var (method, totals) in breakdown.ByMethod)
            result.Breakdown.Add((method, totals.Calls / (double)sizes.UnloadedDecisions, totals.Milliseconds / totals.Calls));
    }

    /// <summary>One timed round of a load level: rate, CPU, and the storage and department counters it moved.</summary>
    private static async Task RunRoundAsync(InProcessSilo silo, LoadLevelResult level, GrainDecisionLoad load, RoutingSizes sizes)
    {
        var storage = Statistics(silo);
        var (updates, serves) = DepartmentCalls(silo);
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var allocated = GC.GetTotalAllocatedBytes();
        var workItems = ThreadPool.CompletedWorkItemCount;
        var jit = JitInfo.GetCompilationTime();
        var outcome = await load.RunAsync(sizes.RoundWindow, sizes.RoundBudget, level.Latencies);
        var cpuUsed = Process.GetCurrentProcess().TotalProcessorTime - cpu;
        level.Decisions.Add(outcome.Counted / outcome.Window.TotalSeconds);
        // The counters cover every decision of the round, those completed after the window too.
        level.CpuMicrosPerDecision.Add(cpuUsed.TotalMicroseconds / outcome.Completed);
        level.JitMicrosPerDecision.Add((JitInfo.GetCompilationTime() - jit).TotalMicroseconds / outcome.Completed);
        level.BytesPerDecision.Add((GC.GetTotalAllocatedBytes() - allocated) / (double)outcome.Completed);
        level.WorkItemsPerDecision.Add((ThreadPool.CompletedWorkItemCount - workItems) / (double)outcome.Completed);
        level.DecisionCount += outcome.Completed;
        level.Writes += Statistics(silo).Operations - storage.Operations;
        level.Commits += Statistics(silo).Commits - storage.Commits;
        level.Updates += DepartmentCalls(silo).UpdateOperator - updates;
        level.Serves += DepartmentCalls(silo).Serve - serves;
    }

    /// <summary>A fresh bare department at the grain side's starting depth; rates of entering dialogs and of decisions.</summary>
    private static (double EnterAssigned, double EnterQueued, double Decisions) BareRound(RoutingSizes sizes)
    {
        var (bare, assigning, queueing) = BareRouting.Build(sizes.Operators, sizes.Capacity, sizes.Waiting);
        var elapsed = bare.Decide(sizes.BareDecisions, sizes.AgentLevels.Max());
        return (sizes.Operators * sizes.Capacity / assigning.TotalSeconds, sizes.Waiting / queueing.TotalSeconds,
            sizes.BareDecisions / elapsed.TotalSeconds);
    }

    private static GroupCommitStatistics Statistics(InProcessSilo silo) => silo.CommitStatistics;

    /// <summary>
    /// The department calls routers made so far: a router of an operator in one department makes one Serve per dialog
    /// given (and one more when a dialog it was given closed meanwhile, or the operator refused); UpdateOperator is asked
    /// only of operators in several departments (counted by the runtime's per-method statistics, by grain type name).
    /// </summary>
    private static (long UpdateOperator, long Serve) DepartmentCalls(InProcessSilo silo) =>
        (silo.Metrics.Calls("department", "UpdateOperator"), silo.Metrics.Calls("department", "Serve"));

    private static void Progress(string message) => Console.WriteLine($"  [{DateTime.UtcNow:HH:mm:ss}] {message}");
}
