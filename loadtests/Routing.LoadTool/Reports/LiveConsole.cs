using Routing.LoadTool.Measures;
using Routing.LoadTool.Scenarios;
using Spectre.Console;

namespace Routing.LoadTool.Reports;

/// <summary>
/// The console view while a run goes (Spectre.Console): each second, a table of the steps over the last second and
/// the gauges. On a terminal it redraws in place; in CI (output redirected) it prints one line every few seconds.
/// </summary>
public sealed class LiveConsole(IAnsiConsole console) : IRunObserver
{
    private const int PrintEverySeconds = 5;
    private readonly bool _interactive = console.Profile.Capabilities.Interactive;
    private readonly Table _table = new();
    private LiveDisplayContext? _live;
    private TaskCompletionSource? _finished;
    private Task? _display;

    public void Started(Scenario scenario, string phase)
    {
        if (phase == "load" && _interactive)
        {
            _finished = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _table.Title = new TableTitle($"{scenario.Name}: starting");
            _display = console.Live(_table).StartAsync(async context =>
            {
                _live = context;
                ready.TrySetResult();
                await _finished.Task;
            });
            ready.Task.Wait();
            return;
        }
        console.MarkupLineInterpolated($"[bold]{scenario.Name}[/]: {phase}");
    }

    public void Second(Scenario scenario, TimeSpan elapsed, IReadOnlyList<StepSecond> rows, RunStats stats)
    {
        var gauges = string.Join(", ", stats.GaugeValues.OrderBy(g => g.Key).Select(g => $"{g.Key} {g.Value:0.#}"));
        var warm = elapsed <= stats.WarmUp ? " (warm-up)" : "";
        if (!_interactive)
        {
            if ((int)elapsed.TotalSeconds % PrintEverySeconds != 0) return;
            var steps = string.Join("; ", rows.Select(r => $"{r.Step} {r.Ok}/s p99 {r.Latency.P99:0.#} ms{(r.Failed > 0 ? $" {r.Failed} failed" : "")}"));
            console.WriteLine($"  {elapsed.TotalSeconds,5:0}s{warm} {steps} | {gauges}");
            return;
        }
        _table.Rows.Clear();
        if (_table.Columns.Count == 0)
            foreach (var column in new[] { "step", "ok/s", "failed/s", "p50 ms", "p90 ms", "p99 ms", "p99.9 ms", "max ms" }) _table.AddColumn(column);
        foreach (var r in rows)
            _table.AddRow(r.Step, $"{r.Ok}", r.Failed > 0 ? $"[red]{r.Failed}[/]" : "0", F(r.Latency.P50), F(r.Latency.P90), F(r.Latency.P99), F(r.Latency.P999), F(r.Latency.Max));
        _table.Title = new TableTitle($"{scenario.Name}: {elapsed.TotalSeconds:0} of {scenario.Duration.TotalSeconds:0} s{warm}");
        _table.Caption = new TableTitle(Markup.Escape(gauges));
        _live?.Refresh();
    }

    public void Finished(ScenarioResult result)
    {
        _finished?.TrySetResult();
        _display?.Wait();
        _finished = null;
        Summary(console, result);
    }

    /// <summary>The end-of-scenario table: totals, checks, thresholds.</summary>
    public static void Summary(IAnsiConsole console, ScenarioResult result)
    {
        var table = new Table { Title = new TableTitle($"{result.Scenario}: {(result.Passed ? "passed" : "FAILED")} ({result.Measured.TotalSeconds:0.#} s measured)") };
        foreach (var column in new[] { "step", "ok", "failed", "ok/s", "p50 ms", "p90 ms", "p99 ms", "p99.9 ms", "max ms", "errors" }) table.AddColumn(column);
        foreach (var t in result.Totals)
            table.AddRow(Markup.Escape(t.Step), $"{t.Ok}", $"{t.Failed}", $"{t.OkPerSecond:0.#}", F(t.Latency.P50), F(t.Latency.P90), F(t.Latency.P99), F(t.Latency.P999),
                F(t.Latency.Max), Markup.Escape(string.Join(", ", t.Errors.Select(e => $"{e.Key}: {e.Value}"))));
        console.Write(table);
        foreach (var c in result.Checks) console.MarkupLine($"  {(c.Passed ? "[green]ok[/]" : "[red]BROKEN[/]")} {Markup.Escape(c.Name)}: {Markup.Escape(c.Detail)}");
        foreach (var t in result.Thresholds) console.MarkupLine($"  {(t.Passed ? "[green]ok[/]" : "[red]BROKEN[/]")} threshold {Markup.Escape(t.Threshold.Text)}: {Markup.Escape(t.Shown)}");
    }

    private static string F(double ms) => ms.ToString(ms < 10 ? "0.##" : "0", System.Globalization.CultureInfo.InvariantCulture);
}
