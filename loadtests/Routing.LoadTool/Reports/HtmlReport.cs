using System.Net;
using System.Reflection;
using System.Text;
using System.Text.Json;
using Routing.LoadTool.Engine;
using Routing.LoadTool.Measures;
using Routing.LoadTool.Scenarios;

namespace Routing.LoadTool.Reports;

/// <summary>
/// One self-contained HTML file: summary tables (drawn here, readable without scripts) and charts over time (latency
/// percentiles, throughput, errors, queue depth and other gauges) drawn by the vendored uPlot, so it opens offline.
/// </summary>
public static class HtmlReport
{
    private static readonly string[] CountGauges = [QueueProbe.Depth, OperatorTeam.HeldGauge, ScenarioRunner.InFlightGauge];

    public static string Render(RunReport report)
    {
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Load report ").Append(E(report.StartedAt.ToString("u")))
            .Append("</title><style>").Append(Asset("uPlot.min.css")).Append(Style).Append("</style></head><body>");
        html.Append("<h1>Load report</h1><p>").Append(E($"{report.StartedAt:u} against {report.Engine}; {report.Machine.Cores} cores, load average {report.Machine.LoadAverageAtStart} at the start and {report.Machine.LoadAverageAtEnd} at the end; {report.Machine.Runtime}"))
            .Append("</p><p><code>").Append(E(report.Command)).Append("</code></p>")
            .Append("<p class=\"").Append(report.Passed ? "pass\">PASSED" : "fail\">FAILED").Append("</p>");
        for (var i = 0; i < report.Scenarios.Count; i++) Scenario(html, report.Scenarios[i], i);
        html.Append("<script id=\"report-data\" type=\"application/json\">").Append(ChartData(report).Replace("</", "<\\/", StringComparison.Ordinal)).Append("</script>");
        html.Append("<!-- uPlot 1.6.32, MIT License: ").Append(E(Asset("uPlot.LICENSE")).Replace("--", "- -", StringComparison.Ordinal)).Append(" -->");
        html.Append("<script>").Append(Asset("uPlot.iife.min.js")).Append("</script><script>").Append(Asset("report.js")).Append("</script></body></html>");
        return html.ToString();
    }

    private static void Scenario(StringBuilder html, ScenarioResult result, int index)
    {
        html.Append("<section><h2>").Append(E(result.Scenario)).Append(result.Passed ? " <span class=\"pass\">passed</span>" : " <span class=\"fail\">failed</span>").Append("</h2>")
            .Append("<p>").Append(E(result.Description)).Append("</p><p>")
            .Append(E($"Set-up {result.SetUp.TotalSeconds:0.0} s; load {result.Load.TotalSeconds:0.0} s, of which warm-up {result.WarmUp.TotalSeconds:0.#} s (left out of the totals); {result.Iterations:N0} iterations."))
            .Append("</p><table><tr><th>step</th><th>ok</th><th>failed</th><th>ok/s</th><th>p50 ms</th><th>p90 ms</th><th>p99 ms</th><th>p99.9 ms</th><th>max ms</th><th>errors by kind</th></tr>");
        foreach (var t in result.Totals)
            html.Append("<tr><td>").Append(E(t.Step)).Append("</td><td>").Append(t.Ok).Append("</td><td>").Append(t.Failed).Append("</td><td>").Append($"{t.OkPerSecond:0.#}")
                .Append("</td><td>").Append(Ms(t.Latency.P50)).Append("</td><td>").Append(Ms(t.Latency.P90)).Append("</td><td>").Append(Ms(t.Latency.P99))
                .Append("</td><td>").Append(Ms(t.Latency.P999)).Append("</td><td>").Append(Ms(t.Latency.Max)).Append("</td><td>")
                .Append(E(string.Join(", ", t.Errors.Select(e => $"{e.Key}: {e.Value}")))).Append("</td></tr>");
        html.Append("</table><h3>Checks and thresholds</h3><table class=\"verdicts\"><tr><th></th><th>what</th><th>measured</th></tr>");
        foreach (var c in result.Checks) Verdict(html, c.Passed, c.Name, c.Detail);
        foreach (var t in result.Thresholds) Verdict(html, t.Passed, t.Threshold.Text, t.Shown);
        html.Append("</table><div id=\"charts-").Append(index).Append("\"></div></section>");
    }

    private static void Verdict(StringBuilder html, bool passed, string what, string detail) =>
        html.Append("<tr><td class=\"").Append(passed ? "pass\">✔" : "fail\">✘").Append("</td><td>").Append(E(what)).Append("</td><td>").Append(E(detail)).Append("</td></tr>");

    /// <summary>Series per scenario, aligned on its seconds (a missing value is null, drawn as a gap).</summary>
    public static string ChartData(RunReport report) => JsonSerializer.Serialize(new
    {
        scenarios = report.Scenarios.Select(s =>
        {
            var seconds = s.Timeline.Select(r => r.Second).Concat(s.Gauges.Select(g => g.Second)).Distinct().Order().ToArray();
            return new
            {
                name = s.Scenario,
                seconds,
                steps = s.Timeline.GroupBy(r => r.Step).Select(g =>
                {
                    var bySecond = g.ToDictionary(r => r.Second);
                    double? Pick(int second, Func<StepSecond, double> value) =>
                        bySecond.TryGetValue(second, out var r) ? r.Latency.Count == 0 && value(r) == 0 ? null : value(r) : null;
                    return new
                    {
                        name = g.Key,
                        p50 = seconds.Select(x => Pick(x, r => r.Latency.P50)),
                        p90 = seconds.Select(x => Pick(x, r => r.Latency.P90)),
                        p99 = seconds.Select(x => Pick(x, r => r.Latency.P99)),
                        p999 = seconds.Select(x => Pick(x, r => r.Latency.P999)),
                        max = seconds.Select(x => Pick(x, r => r.Latency.Max)),
                        ok = seconds.Select(x => bySecond.TryGetValue(x, out var r) ? r.Ok : 0),
                        failed = seconds.Select(x => bySecond.TryGetValue(x, out var r) ? r.Failed : 0),
                    };
                }),
                gauges = s.Gauges.GroupBy(g => g.Gauge).Select(g =>
                {
                    var bySecond = g.ToDictionary(x => x.Second, x => x.Value);
                    return new { name = g.Key, count = CountGauges.Contains(g.Key), values = seconds.Select(x => bySecond.TryGetValue(x, out var v) ? v : (double?)null) };
                }),
            };
        }),
    });

    private static string Ms(double value) => value.ToString(value < 10 ? "0.###" : "0.#", System.Globalization.CultureInfo.InvariantCulture);

    private static string E(string text) => WebUtility.HtmlEncode(text);

    public static string Asset(string name)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(name) ?? throw new InvalidOperationException($"missing embedded asset {name}");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    private const string Style = """
        body{font-family:system-ui,sans-serif;margin:1.5em;max-width:1000px;color:#222}
        table{border-collapse:collapse;margin:.5em 0 1em}td,th{border:1px solid #ccc;padding:2px 8px;text-align:right}
        td:first-child,th:first-child,td:last-child{text-align:left}.pass{color:#18794e;font-weight:bold}.fail{color:#c62828;font-weight:bold}
        table.verdicts td{text-align:left}section{border-top:2px solid #888;margin-top:2em}.chart{margin:1em 0}code{background:#f4f4f4;padding:2px 4px}
        """;
}
