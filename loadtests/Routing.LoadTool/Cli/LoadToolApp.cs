using System.Runtime.InteropServices;
using Routing.LoadTool.BuiltIn;
using Routing.LoadTool.Engine;
using Routing.LoadTool.Reports;
using Routing.LoadTool.Scenarios;
using Spectre.Console;

namespace Routing.LoadTool.Cli;

/// <summary>The tool as a function (Program.Main and the smoke test both call it): arguments in, reports written, exit code out.</summary>
public static class LoadToolApp
{
    public const int Passed = 0;
    public const int Broken = 1;
    public const int BadInput = 2;
    public const int EngineFailed = 3;

    public static async Task<int> RunAsync(IReadOnlyList<string> args, IAnsiConsole console, Func<string, string?> environment, CancellationToken cancellation)
    {
        ToolOptions options;
        try
        {
            options = ToolOptions.Parse(args, environment);
            if (options.Verb == "run")
                foreach (var scenario in options.Scenarios)
                    if (scenario.Build(options.SettingsFor(scenario)).Problem() is { } problem) throw new FormatException(problem);
        }
        catch (FormatException e)
        {
            console.WriteLine($"routing-load: {e.Message}");
            return BadInput;
        }
        if (options.Verb == "list")
        {
            List(console);
            return Passed;
        }
        if (options.Verb == "stub")
        {
            await using var stub = Stub.StubEngine.Build(options.StubPort);
            await stub.StartAsync(cancellation);
            console.WriteLine($"Stub engine on http://127.0.0.1:{options.StubPort} (any bootstrap key); Ctrl-C stops it.");
            try { await Task.Delay(Timeout.Infinite, cancellation); } catch (OperationCanceledException) { }
            await stub.StopAsync(CancellationToken.None);
            return Passed;
        }

        var startedAt = DateTimeOffset.UtcNow;
        var loadAtStart = MachineLoad.LoadAverage();
        var target = new EngineTarget(options.Engine, options.BootstrapKey!, options.ScrapeUrls ?? []) 
        {
            ConsoleAddress = options.ConsoleEngine, SupervisorAddress = options.SupervisorEngine, WaitFor = options.WaitFor, MoveConsolesTo = options.MoveConsoles, Spread = options.Engines,
        };
        var runner = new ScenarioRunner(TimeProvider.System, new LiveConsole(console));
        var results = new List<ScenarioResult>();
        using var scrapeHttp = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        foreach (var scenario in options.Scenarios)
        {
            var settings = options.SettingsFor(scenario);
            var scraper = new MetricsScraper(scrapeHttp, target.ScrapeUrls, options.ScrapeSums, options.Engine, options.BootstrapKey);
            try
            {
                results.Add(await runner.RunAsync(scenario.Build(settings), scenario.Describe(settings), target, options.Thresholds, [scraper], cancellation));
            }
            catch (Exception e) when (e is HttpRequestException or InvalidOperationException or System.Net.WebSockets.WebSocketException or TimeoutException or ArgumentException)
            {
                console.WriteLine($"routing-load: {scenario.Name} could not be set up against {options.Engine}: {e.Message}");
                return EngineFailed;
            }
        }

        var report = new RunReport("routing-load " + string.Join(' ', args.Select(a => a.Contains(' ') ? $"'{a}'" : a)).Replace(options.BootstrapKey!, "***", StringComparison.Ordinal),
            options.Engine.ToString(), startedAt, new MachineLoad(Environment.ProcessorCount, loadAtStart, MachineLoad.LoadAverage(), RuntimeInformation.FrameworkDescription), results);
        var directory = options.Output ?? Path.Combine("load-reports", startedAt.ToString("yyyyMMdd-HHmmss"));
        Directory.CreateDirectory(directory);
        await File.WriteAllTextAsync(Path.Combine(directory, "report.html"), HtmlReport.Render(report), cancellation);
        await File.WriteAllTextAsync(Path.Combine(directory, "report.json"), JsonReport.Render(report), cancellation);
        CsvReport.Write(report, directory);
        console.WriteLine($"Reports: {Path.GetFullPath(Path.Combine(directory, "report.html"))} (and report.json, totals.csv, seconds.csv, gauges.csv)");
        console.MarkupLine(report.Passed ? "[green]PASSED[/]" : "[red]FAILED[/]: a threshold or check is broken");
        return report.Passed ? Passed : Broken;
    }

    private static void List(IAnsiConsole console)
    {
        foreach (var scenario in BuiltInScenarios.All.Concat([BuiltInScenarios.Requests, BuiltInScenarios.Sockets]))
        {
            console.MarkupLineInterpolated($"[bold]{scenario.Name}[/]: {scenario.Summary}");
            console.WriteLine($"  default: {scenario.Describe(scenario.Defaults)}");
            console.WriteLine($"  --smoke: {scenario.Describe(scenario.Smoke)}");
        }
        console.WriteLine($"Scenario options: {string.Join(", ", LoadSettings.Names.Select(n => "--" + n))}");
        console.WriteLine(ToolOptions.Usage);
    }
}
