using Routing.LoadTool.Measures;
using Routing.LoadTool.Thresholds;

namespace Routing.LoadTool.Scenarios;

/// <summary>Everything one scenario run measured and judged: what the reports show.</summary>
public sealed record ScenarioResult(
    string Scenario,
    string Description,
    DateTimeOffset StartedAt,
    TimeSpan SetUp,
    TimeSpan Load,
    TimeSpan WarmUp,
    TimeSpan Measured,
    long Iterations,
    IReadOnlyList<StepTotal> Totals,
    IReadOnlyList<StepSecond> Timeline,
    IReadOnlyList<GaugeSecond> Gauges,
    IReadOnlyList<CheckResult> Checks,
    IReadOnlyList<ThresholdResult> Thresholds,
    IReadOnlyList<ScrapeSnapshot> Scrapes)
{
    public bool Passed => Checks.All(c => c.Passed) && Thresholds.All(t => t.Passed);
}

/// <summary>One scrape of an engine metrics endpoint, kept raw (a few per run) for the JSON report.</summary>
public sealed record ScrapeSnapshot(int Second, string Url, string Body);
