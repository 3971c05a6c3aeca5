using CsvHelper;
using Routing.LoadTool.Measures;

namespace Routing.LoadTool.Reports;

/// <summary>The raw numbers as CSV (CsvHelper): totals per step, every step's seconds, every gauge's seconds.</summary>
public static class CsvReport
{
    public static void Write(RunReport report, string directory)
    {
        WriteRows(Path.Combine(directory, "totals.csv"), report.Scenarios.SelectMany(s => s.Totals.Select(t => TotalRow.Of(s.Scenario, t))));
        WriteRows(Path.Combine(directory, "seconds.csv"), report.Scenarios.SelectMany(s => s.Timeline.Select(r => SecondRow.Of(s.Scenario, r))));
        WriteRows(Path.Combine(directory, "gauges.csv"), report.Scenarios.SelectMany(s => s.Gauges.Select(g => new GaugeRow(s.Scenario, g.Second, g.Gauge, g.Value))));
    }

    private static void WriteRows<T>(string path, IEnumerable<T> rows)
    {
        using var csv = CsvWriter.ToFile(path);
        csv.WriteRecords(rows);
    }

    internal static string Errors(IReadOnlyDictionary<string, long> errors) => string.Join("; ", errors.Select(e => $"{e.Key}={e.Value}"));
}

[CsvRecord]
public sealed partial record TotalRow(string Scenario, string Step, long Ok, long Failed, double OkPerSecond, double P50Ms, double P90Ms, double P99Ms,
    double P999Ms, double MaxMs, string Errors)
{
    public static TotalRow Of(string scenario, StepTotal t) =>
        new(scenario, t.Step, t.Ok, t.Failed, Math.Round(t.OkPerSecond, 3), t.Latency.P50, t.Latency.P90, t.Latency.P99, t.Latency.P999, t.Latency.Max,
            CsvReport.Errors(t.Errors));
}

[CsvRecord]
public sealed partial record SecondRow(string Scenario, int Second, bool WarmUp, string Step, long Ok, long Failed, double P50Ms, double P90Ms, double P99Ms,
    double P999Ms, double MaxMs, string Errors)
{
    public static SecondRow Of(string scenario, StepSecond r) =>
        new(scenario, r.Second, r.WarmUp, r.Step, r.Ok, r.Failed, r.Latency.P50, r.Latency.P90, r.Latency.P99, r.Latency.P999, r.Latency.Max,
            CsvReport.Errors(r.Errors));
}

[CsvRecord]
public sealed partial record GaugeRow(string Scenario, int Second, string Gauge, double Value);
