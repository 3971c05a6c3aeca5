using System.Text.Json;
using Routing.LoadCommon.Latency;
using Routing.LoadTool.Measures;
using Routing.LoadTool.Reports;
using Routing.LoadTool.Scenarios;
using Routing.LoadTool.Thresholds;

namespace Routing.LoadTool.Tests;

public sealed class ReportTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("load-report-").FullName;

    private static RunReport Report(bool thresholdPasses)
    {
        var latency = new LatencySummary(10, 4, 9, 12, 12, 12, 5);
        var threshold = Threshold.Parse(thresholdPasses ? "intake.p99<50ms" : "intake.p99<10ms");
        var totals = new StepTotal[] { new("intake", 10, 1, 5, latency, new Dictionary<string, long> { ["http-503 unavailable"] = 1 }) };
        var result = new ScenarioResult("peak", "5/s <then> 50/s", DateTimeOffset.UnixEpoch, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(1),
            TimeSpan.FromSeconds(2), 11, totals,
            [
                new StepSecond(1, "intake", true, 2, 0, latency, new Dictionary<string, long>()),
                new StepSecond(2, "intake", false, 8, 1, latency, new Dictionary<string, long> { ["http-503 unavailable"] = 1 }),
                new StepSecond(3, "intake", false, 0, 0, LatencySummary.Empty, new Dictionary<string, long>()),
            ],
            [new GaugeSecond(1, "queue depth", 0), new GaugeSecond(2, "queue depth", 4)],
            [new CheckResult("nothing lost", true, "10 of 10")],
            [threshold.Evaluate(totals)],
            [new ScrapeSnapshot(0, "http://engine/stats/grains", "{\"grainTypes\":[]}")]);
        return new RunReport("routing-load run peak", "http://engine/", DateTimeOffset.UnixEpoch, new MachineLoad(2, "1.00 1.00 1.00", "2.00 1.50 1.00", ".NET"), [result]);
    }

    [Fact]
    public void The_html_report_is_self_contained_with_its_tables_and_chart_data()
    {
        var html = HtmlReport.Render(Report(thresholdPasses: false));

        Assert.Contains("uPlot", html); // the chart library itself, not a link to it
        Assert.DoesNotContain("<script src=", html);
        Assert.Contains("MIT License", html);
        Assert.Contains("5/s &lt;then&gt; 50/s", html); // text is escaped
        Assert.Contains("http-503 unavailable: 1", html);
        Assert.Contains("FAILED", html);
        Assert.Contains("intake.p99&lt;10ms", html);
        const string dataStart = "<script id=\"report-data\" type=\"application/json\">";
        var data = html[(html.IndexOf(dataStart, StringComparison.Ordinal) + dataStart.Length)..];
        using var chart = JsonDocument.Parse(data[..data.IndexOf("</script>", StringComparison.Ordinal)]);
        var scenario = chart.RootElement.GetProperty("scenarios")[0];
        Assert.Equal([1, 2, 3], scenario.GetProperty("seconds").EnumerateArray().Select(s => s.GetInt32()));
        var step = scenario.GetProperty("steps")[0];
        Assert.Equal(JsonValueKind.Null, step.GetProperty("p99")[2].ValueKind); // a second without samples is a gap, not a zero
        Assert.Equal([0, 1, 0], step.GetProperty("failed").EnumerateArray().Select(s => s.GetInt32()));
        Assert.Equal(4, scenario.GetProperty("gauges")[0].GetProperty("values")[1].GetDouble());
    }

    [Fact]
    public void A_passing_run_says_passed()
    {
        var report = Report(thresholdPasses: true);

        Assert.True(report.Passed);
        Assert.Contains("PASSED", HtmlReport.Render(report));
    }

    [Fact]
    public void Json_and_csv_carry_the_raw_numbers()
    {
        var report = Report(thresholdPasses: false);

        using var json = JsonDocument.Parse(JsonReport.Render(report));
        var scenario = json.RootElement.GetProperty("scenarios")[0];
        Assert.Equal(12, scenario.GetProperty("totals")[0].GetProperty("latency").GetProperty("p99").GetDouble());
        Assert.False(scenario.GetProperty("thresholds")[0].GetProperty("passed").GetBoolean());

        CsvReport.Write(report, _directory);
        var totals = File.ReadAllLines(Path.Combine(_directory, "totals.csv"));
        Assert.Equal("Scenario,Step,Ok,Failed,OkPerSecond,P50Ms,P90Ms,P99Ms,P999Ms,MaxMs,Errors", totals[0]);
        Assert.Equal("peak,intake,10,1,5,4,9,12,12,12,http-503 unavailable=1", totals[1]);
        Assert.Equal(4, File.ReadAllLines(Path.Combine(_directory, "seconds.csv")).Length);
        Assert.Equal(3, File.ReadAllLines(Path.Combine(_directory, "gauges.csv")).Length);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
