using System.Diagnostics;
using System.Globalization;
using Routing.LoadTests.Memory;
using Routing.LoadTests.Reporting;

namespace Routing.LoadTests.Routing;

/// <summary>
/// `routing-memory`: operators and dialogs resident in one silo, built through the grains (operators configured,
/// members and online; dialogs through intake, many at a time), measured after a full compacting GC. Operators are
/// spread over departments of 1,000 (at least 10 departments); dialogs over the departments by entry rule; with capacity 3, the first
/// 3 × operators dialogs are assigned and the rest wait. Sizes below the issue's are extrapolated linearly, and say so.
/// </summary>
public static class RoutingMemoryHarness
{
    private const int TargetOperators = 100_000;
    private const int TargetDialogs = 1_000_000;
    private const long TargetBytes = 4L * 1024 * 1024 * 1024;
    private const int OperatorsPerDepartment = 1_000;
    private const int Capacity = 3;

    public static async Task RunAsync(LoadTestOptions options)
    {
        var operators = options.Operators ?? (options.Quick ? 2_000 : TargetOperators);
        var dialogs = options.Dialogs ?? (options.Quick ? 20_000 : TargetDialogs);
        // At least 10 departments: each department serializes its dialogs' placement, so fewer would bound the build by one department's latency.
        var departments = Math.Max(10, operators / OperatorsPerDepartment);
        var choice = options.Storages?[0] ?? "sqlite";
        Console.WriteLine($"## routing-memory: {operators:N0} operators in {departments:N0} departments, {dialogs:N0} dialogs " +
                          $"(capacity {Capacity}: up to {operators * Capacity:N0} assigned, the rest waiting), storage: {choice}");

        await using var storage = await RoutingStorage.CreateAsync(choice);
        await using var silo = await RoutingSilo.StartAsync(storage);
        // Warm-up in another workspace: JIT, grain types, state metadata and storage statements exist before the first snapshot.
        await BuildAsync(new RoutingWorkspace(silo.Factory, "warm"), 1, 10, 100);
        var empty = HeapSnapshot.Take();
        var activationsBefore = silo.Metrics.ActivationCount;

        var workspace = new RoutingWorkspace(silo.Factory);
        var started = Stopwatch.GetTimestamp();
        await workspace.AddDepartmentsAsync(departments);
        await workspace.AddOperatorsAsync(operators, Capacity, i => RoutingWorkspace.DepartmentId(i % departments));
        await workspace.SetOnlineAsync(operators);
        var operatorsTime = Stopwatch.GetElapsedTime(started);
        var withOperators = HeapSnapshot.Take();
        Console.WriteLine($"  [{DateTime.UtcNow:HH:mm:ss}] {operators:N0} operators in {operatorsTime.TotalSeconds:0.0} s");

        started = Stopwatch.GetTimestamp();
        var (assigned, queued) = await workspace.IntakeAsync(0, dialogs, i => RoutingWorkspace.DepartmentId(i % departments));
        var dialogsTime = Stopwatch.GetElapsedTime(started);
        var withDialogs = HeapSnapshot.Take();
        Console.WriteLine($"  [{DateTime.UtcNow:HH:mm:ss}] {dialogs:N0} dialogs in {dialogsTime.TotalSeconds:0.0} s " +
                          $"({dialogs / dialogsTime.TotalSeconds:N0}/s): {assigned:N0} assigned, {queued:N0} waiting");
        if (assigned + queued != dialogs) throw new InvalidOperationException($"{dialogs - assigned - queued:N0} dialogs neither assigned nor queued");

        var perOperator = new HeapSnapshot(
            (withOperators.LiveBytes - empty.LiveBytes) / operators,
            (withOperators.HeapSizeBytes - empty.HeapSizeBytes) / operators,
            (withOperators.WorkingSetBytes - empty.WorkingSetBytes) / operators);
        var perDialog = new HeapSnapshot(
            (withDialogs.LiveBytes - withOperators.LiveBytes) / dialogs,
            (withDialogs.HeapSizeBytes - withOperators.HeapSizeBytes) / dialogs,
            (withDialogs.WorkingSetBytes - withOperators.WorkingSetBytes) / dialogs);
        var scaled = operators != TargetOperators || dialogs != TargetDialogs;
        var table = new MarkdownTable("measure", "per operator", "per dialog", $"total for {operators:N0} + {dialogs:N0}",
            scaled ? $"EXTRAPOLATED to {TargetOperators:N0} + {TargetDialogs:N0}" : "(measured at full size)", "target (under 4 GB)");
        table.Add(Row("live managed bytes (GetTotalMemory)", perOperator.LiveBytes, perDialog.LiveBytes, withDialogs.LiveBytes - empty.LiveBytes, operators, dialogs, scaled, target: true));
        table.Add(Row("GC heap size (GetGCMemoryInfo)", perOperator.HeapSizeBytes, perDialog.HeapSizeBytes, withDialogs.HeapSizeBytes - empty.HeapSizeBytes, operators, dialogs, scaled, target: false));
        table.Add(Row("process working set", perOperator.WorkingSetBytes, perDialog.WorkingSetBytes, withDialogs.WorkingSetBytes - empty.WorkingSetBytes, operators, dialogs, scaled, target: true));
        table.Print();
        Console.WriteLine($"process working set at the end: {Bytes(withDialogs.WorkingSetBytes)}; activations: {silo.Metrics.ActivationCount - activationsBefore:N0} " +
                          $"({ActivationsByType(silo)}); build: operators {operatorsTime.TotalSeconds:0.0} s, dialogs {dialogsTime.TotalSeconds:0.0} s through intake");
        if (scaled) Console.WriteLine($"EXTRAPOLATION: per-operator and per-dialog costs measured at {operators:N0} + {dialogs:N0}, multiplied out; not measured at full size.");
        Console.WriteLine();
    }

    private static async Task BuildAsync(RoutingWorkspace workspace, int departments, int operators, int dialogs)
    {
        await workspace.AddDepartmentsAsync(departments);
        await workspace.AddOperatorsAsync(operators, Capacity, i => RoutingWorkspace.DepartmentId(i % departments));
        await workspace.SetOnlineAsync(operators);
        await workspace.IntakeAsync(0, dialogs, i => RoutingWorkspace.DepartmentId(i % departments));
    }

    private static string[] Row(string measure, long perOperator, long perDialog, long total, int operators, int dialogs, bool scaled, bool target)
    {
        var projected = (double)perOperator * TargetOperators + (double)perDialog * TargetDialogs;
        return
        [
            measure, $"{perOperator:N0} B", $"{perDialog:N0} B", Bytes(total), scaled ? Bytes(projected) : "-",
            target ? (scaled ? projected : total) < TargetBytes ? "met" : "MISSED" : "",
        ];
    }

    private static string ActivationsByType(Hosting.InProcessSilo silo) =>
        string.Join(", ", new[] { "identity", "customer", "conversation", "operator", "operator-router", "department" }
            .Select(type => $"{type} {silo.Metrics.ActivationsOf(type):N0}"));

    private static string Bytes(double bytes) =>
        bytes >= 1024 * 1024 * 1024
            ? $"{(bytes / (1024.0 * 1024 * 1024)).ToString("0.00", CultureInfo.InvariantCulture)} GiB"
            : $"{(bytes / (1024.0 * 1024)).ToString("0", CultureInfo.InvariantCulture)} MiB";
}
