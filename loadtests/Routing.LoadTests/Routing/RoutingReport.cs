using System.Globalization;
using Routing.LoadTests.Reporting;

namespace Routing.LoadTests.Routing;

/// <summary>The `routing` tables: decisions/s against the bare structures, latencies, entering dialogs, breakdown.</summary>
public static class RoutingReport
{
    /// <summary>The issue's target: the grains reach at least a third of the bare structures' rate.</summary>
    private const double TargetRatio = 1.0 / 3;

    public static void Print(IReadOnlyList<RoutingResult> results, RoutingSizes sizes)
    {
        Console.WriteLine();
        Console.WriteLine($"### decisions/s: {sizes.Rounds} rounds of {sizes.RoundWindow.TotalSeconds:0.#} s (at most {sizes.RoundBudget:N0} decisions) " +
                          $"through the grains per load level, and of {sizes.BareDecisions:N0} decisions on the bare structures; medians");
        var decisions = new MarkdownTable("storage", "closing at once", "grains decisions/s", "min–max", "bare decisions/s", "ratio grains / bare",
            "target 1/3", "CPU µs per decision", "of which JIT µs", "KB allocated per decision", "thread-pool work items per decision", "writes per decision", "commits per decision", "UpdateOperator + Serve per decision",
            "waiting (start → end)");
        foreach (var r in results)
        {
            var bare = Median.Of(r.BareDecisions);
            foreach (var level in r.Levels)
            {
                var grains = Median.Of(level.Decisions);
                var count = (double)level.DecisionCount;
                decisions.Add(r.Storage, N(level.Agents), N(grains), $"{N(level.Decisions.Min())}–{N(level.Decisions.Max())}", N(bare),
                    Ratio(grains / bare), grains / bare >= TargetRatio ? "met" : "MISSED", N(Median.Of(level.CpuMicrosPerDecision)), N(Median.Of(level.JitMicrosPerDecision)),
                    F(Median.Of(level.BytesPerDecision) / 1024, "0.0"), F(Median.Of(level.WorkItemsPerDecision), "0.0"), F(level.Writes / count, "0.0"), F(level.Commits / count, "0.00"),
                    $"{F(level.Updates / count, "0.00")} + {F(level.Serves / count, "0.00")}", $"{r.WaitingAtStart:N0} → {r.WaitingAtEnd:N0}");
            }
        }
        decisions.Print();

        Console.WriteLine("### capacity freed → next assignment visible (µs; under each load level's timed rounds, and unloaded: one at a time)");
        var latency = new MarkdownTable("storage", "closing at once", "decisions", "freed → assigned p50", "p99", "close call → assigned p50", "p99",
            "max", "stalled (router gave up; nudged)");
        foreach (var r in results)
        {
            foreach (var level in r.Levels) latency.Add(LatencyRow(r.Storage, N(level.Agents), level.Latencies));
            latency.Add(LatencyRow(r.Storage, "1 (unloaded)", r.Unloaded));
        }
        latency.Print();

        Console.WriteLine("### dialogs entering through intake (one pass of the set-up for the grains; median of the bare rounds)");
        var entering = new MarkdownTable("storage", "dialog enters", "grains /s", "bare /s", "ratio grains / bare",
            "one at a time: writes / commits per dialog", "one at a time: p50 ms");
        foreach (var r in results)
        {
            entering.Add(r.Storage, "an operator is free: assigned", N(r.GrainEnterAssigned), N(Median.Of(r.BareEnterAssigned)),
                Ratio(r.GrainEnterAssigned / Median.Of(r.BareEnterAssigned)), Chain(r.ProbeAssigned), F(r.ProbeAssigned?.MedianMilliseconds ?? double.NaN, "0.0"));
            entering.Add(r.Storage, "nobody free: queued", N(r.GrainEnterQueued), N(Median.Of(r.BareEnterQueued)),
                Ratio(r.GrainEnterQueued / Median.Of(r.BareEnterQueued)), Chain(r.ProbeQueued), F(r.ProbeQueued?.MedianMilliseconds ?? double.NaN, "0.0"));
            entering.Add(r.Storage, $"(set-up: {sizes.Operators:N0} operators configured, members, online)", $"{r.OperatorsSetUp.TotalSeconds:0.0} s", "", "", "", "");
        }
        entering.Print();

        foreach (var r in results)
        {
            Console.WriteLine($"### where an unloaded decision's time goes, {r.Storage}: {F(r.UnloadedMillisecondsPerDecision, "0.000")} ms per decision " +
                              "(grain calls, dispatch to completion; a caller's time includes its callees')");
            var breakdown = new MarkdownTable("grain.method", "calls per decision", "ms per call", "ms per decision");
            // The router's one-way OperatorChanged is left out: its time is queueing behind the router's own Route loop,
            // which keeps serving an agent that closes again as soon as it is served.
            foreach (var (method, calls, ms) in r.Breakdown
                         .Where(b => b.CallsPerDecision >= 0.05 && !b.Method.EndsWith(".OperatorChanged", StringComparison.Ordinal))
                         .OrderByDescending(b => b.CallsPerDecision * b.MillisecondsPerCall))
                breakdown.Add(method, F(calls, "0.00"), F(ms, "0.000"), F(calls * ms, "0.000"));
            breakdown.Print();
        }
    }

    private static string[] LatencyRow(string storage, string load, DecisionLatencies latencies) =>
    [
        storage, load, N(latencies.CloseToAssigned.Count),
        N(latencies.FreedToAssigned.PercentileMicroseconds(50)), N(latencies.FreedToAssigned.PercentileMicroseconds(99)),
        N(latencies.CloseToAssigned.PercentileMicroseconds(50)), N(latencies.CloseToAssigned.PercentileMicroseconds(99)),
        N(Math.Max(latencies.CloseToAssigned.MaxMicroseconds, latencies.FreedToAssigned.MaxMicroseconds)), N(latencies.Stalls),
    ];

    private static string N(double value) => value.ToString("N0", CultureInfo.InvariantCulture);

    private static string F(double value, string format) => value.ToString(format, CultureInfo.InvariantCulture);

    private static string Ratio(double value) => value.ToString(value < 0.01 ? "0.0000" : "0.00", CultureInfo.InvariantCulture);

    private static string Chain(IntakeProbe? probe) => probe is null ? "" : $"{F(probe.WritesPerDialog, "0.0")} / {F(probe.CommitsPerDialog, "0.0")}";
}
