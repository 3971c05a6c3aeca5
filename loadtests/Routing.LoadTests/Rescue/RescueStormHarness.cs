using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.Time.Testing;
using Routing.GrainInterfaces.Model;
using Routing.GrainInterfaces;
using Routing.Grains.Hosting;
using Routing.LoadTests.Hosting;
using Routing.LoadTests.Reporting;
using Routing.LoadTests.Routing;
using Routing.Testing;

namespace Routing.LoadTests.Rescue;

/// <summary>
/// `rescue-storm` (issue 4): N dialogs whose rescue falls due in the same second, on a fake clock moved past it in
/// one step. Measured: wall time from that step until every dialog was rescued, and until every one was assigned again
/// (to the second group of operators: the rescue skips the first). Baseline in the same run: the time the same grains
/// took to assign the same N fresh dialogs through intake. Storage: SQLite with fsync (the embedded default). Also counted
/// over the storm, per dialog: durable writes, group commits and CPU, which the machine's other load barely moves.
/// The department's first-response target (1 h) stays beyond the clock step, so the storm is rescues only, no SLA breaches.
/// </summary>
public static class RescueStormHarness
{
    public static async Task RunAsync(LoadTestOptions options)
    {
        var dialogs = options.Dialogs ?? (options.Quick ? 1_000 : 10_000);
        var rounds = options.Rounds ?? (options.Quick ? 1 : 3);
        Console.WriteLine($"## rescue-storm: {dialogs:N0} dialogs rescued in the same second, {rounds} round(s)");
        Console.WriteLine();
        var results = new List<StormRound>();
        for (var round = 1; round <= rounds; round++)
        {
            var result = await RunRoundAsync(dialogs);
            results.Add(result);
            Console.WriteLine($"round {round}: intake {result.Intake.TotalSeconds:F2} s, all rescued {result.Rescued.TotalSeconds:F2} s, all re-assigned {result.Reassigned.TotalSeconds:F2} s; "
                + $"per dialog: {result.WritesPerDialog:F1} writes, {result.CommitsPerDialog:F2} commits, {result.CpuMicrosPerDialog:N0} µs CPU");
        }
        var intake = Median.Of(results.Select(r => r.Intake.TotalSeconds));
        var rescued = Median.Of(results.Select(r => r.Rescued.TotalSeconds));
        var reassigned = Median.Of(results.Select(r => r.Reassigned.TotalSeconds));
        Console.WriteLine();
        Console.WriteLine("| Measure (median) | Seconds | Dialogs/s | vs intake |");
        Console.WriteLine("| --- | --- | --- | --- |");
        Console.WriteLine($"| Baseline: assign {dialogs:N0} fresh dialogs through intake | {intake:F2} | {dialogs / intake:N0} | 1.00 |");
        Console.WriteLine($"| Storm: until every dialog was rescued | {rescued:F2} | {dialogs / rescued:N0} | {rescued / intake:F2} |");
        Console.WriteLine($"| Storm: until every dialog was assigned again | {reassigned:F2} | {dialogs / reassigned:N0} | {reassigned / intake:F2} |");
        Console.WriteLine();
        Console.WriteLine("| Storm, per dialog (median) | Durable writes | Group commits | CPU µs |");
        Console.WriteLine("| --- | --- | --- | --- |");
        Console.WriteLine($"| rescued and assigned again | {Median.Of(results.Select(r => r.WritesPerDialog)):F1} | {Median.Of(results.Select(r => r.CommitsPerDialog)):F2} | {Median.Of(results.Select(r => r.CpuMicrosPerDialog)):N0} |");
        Console.WriteLine();
    }

    private sealed record StormRound(TimeSpan Intake, TimeSpan Rescued, TimeSpan Reassigned, double WritesPerDialog, double CommitsPerDialog, double CpuMicrosPerDialog);

    private static Dictionary<string, long> CallsByMethod(InProcessSilo silo) =>
        silo.Metrics.Snapshot().GrainTypes.SelectMany(t => t.Methods.Select(m => (Key: t.GrainType + "." + m.Method, m.Calls)))
            .ToDictionary(c => c.Key, c => c.Calls);

    /// <summary>Grain calls the storm made, per dialog and method: what a rescue costs in calls (and so in turns and hand-offs).</summary>
    private static void PrintCallsPerDialog(Dictionary<string, long> before, Dictionary<string, long> after, int dialogs)
    {
        var made = after.Select(c => (c.Key, Calls: c.Value - before.GetValueOrDefault(c.Key))).Where(c => c.Calls > 0).OrderByDescending(c => c.Calls).ToList();
        Console.WriteLine($"grain calls per dialog over the storm: {made.Sum(c => c.Calls) / (double)dialogs:F1} ("
            + string.Join(", ", made.Select(c => $"{c.Key} {c.Calls / (double)dialogs:F2}")) + ")");
    }

    private static async Task<StormRound> RunRoundAsync(int dialogs)
    {
        const int capacity = 4;
        var perGroup = (dialogs + capacity - 1) / capacity;
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var storage = await RoutingStorage.CreateAsync("sqlite");
        var silo = await InProcessSilo.StartAsync(silo => silo.AddRoutingGrains(), storage.Register, time);
        try
        {
            var world = new RoutingWorkspace(silo.Factory);
            await silo.Factory.GetGrain<IWorkspaceGrain>(RoutingKeys.Workspace(world.WorkspaceId)).ConfigureDepartment("storm", new DepartmentConfig
            {
                Rescue = new RescueSettings { After = TimeSpan.FromSeconds(60), WarningLead = TimeSpan.Zero },
                FirstResponseTarget = TimeSpan.FromHours(1),
            });
            // Group A (op0 … ) takes every dialog and stays silent; group B comes online to receive them after the rescue.
            await world.AddOperatorsAsync(2 * perGroup, capacity, _ => "storm");
            await world.SetOnlineAsync(perGroup);

            var stopwatch = Stopwatch.StartNew();
            var (assigned, queued) = await world.IntakeAsync(0, dialogs, _ => null);
            var intake = stopwatch.Elapsed;
            if (assigned != dialogs) throw new InvalidOperationException($"expected {dialogs} assigned at intake, got {assigned} (queued {queued})");

            await Parallel.ForEachAsync(Enumerable.Range(perGroup, perGroup), new ParallelOptions { MaxDegreeOfParallelism = RoutingWorkspace.Concurrency },
                async (i, _) => await world.Operator(RoutingWorkspace.OperatorId(i)).SetStatus(OperatorStatus.Online));

            using var events = silo.Events.Subscribe("workspace:" + world.WorkspaceId, capacity: 16 * dialogs);
            var rescued = new ConcurrentDictionary<string, bool>();
            var reassigned = new ConcurrentDictionary<string, bool>();
            TimeSpan allRescued = default, allReassigned = default, firstRescued = default, firstReassigned = default;
            var callsBefore = CallsByMethod(silo);
            var commitsBefore = silo.CommitStatistics;
            var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
            Console.WriteLine("clock step: every rescue is due now"); // a profiler attaches to the storm from here
            stopwatch.Restart();
            time.Advance(TimeSpan.FromSeconds(61)); // every rescue is due now
            using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(10));
            while (reassigned.Count < dialogs)
            {
                var e = await events.Reader.ReadAsync(limit.Token);
                if (e.Payload is not ConversationChanged changed) continue;
                if (changed.Kind == "rescued" && rescued.TryAdd(changed.ConversationId, true))
                {
                    if (rescued.Count == 1) firstRescued = stopwatch.Elapsed;
                    if (rescued.Count == dialogs) allRescued = stopwatch.Elapsed;
                }
                if (changed.Kind == "assigned" && rescued.ContainsKey(changed.ConversationId) && reassigned.TryAdd(changed.ConversationId, true))
                {
                    if (reassigned.Count == 1) firstReassigned = stopwatch.Elapsed;
                    if (reassigned.Count == dialogs) allReassigned = stopwatch.Elapsed;
                }
            }
            var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
            var commits = silo.CommitStatistics;
            PrintCallsPerDialog(callsBefore, CallsByMethod(silo), dialogs);
            Console.WriteLine($"first rescued {firstRescued.TotalSeconds:F2} s, first re-assigned {firstReassigned.TotalSeconds:F2} s after the clock step");
            return new StormRound(intake, allRescued, allReassigned, (commits.Operations - commitsBefore.Operations) / (double)dialogs,
                (commits.Commits - commitsBefore.Commits) / (double)dialogs, cpu.TotalMicroseconds / dialogs);
        }
        finally
        {
            await silo.DisposeAsync();
        }
    }
}
