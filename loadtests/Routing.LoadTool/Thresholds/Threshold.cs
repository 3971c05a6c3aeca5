using System.Globalization;
using System.Text.RegularExpressions;
using Routing.LoadTool.Measures;

namespace Routing.LoadTool.Thresholds;

/// <summary>
/// A pass/fail rule on a run's totals, written as on the command line: <c>[scenario:][step.]metric op value[unit]</c>,
/// e.g. <c>peak:time-to-assign.p99&lt;50ms</c>, <c>errors&lt;0.1%</c> (every step of every scenario), <c>intake.rps&gt;100</c>.
/// Metrics: p50, p90, p99, p99.9, max (latency of one step: ms, s or us; ms when no unit), errors (a share with %, else
/// a count), rps (successes per second).
/// </summary>
public sealed partial record Threshold(string Text, string? Step, string Metric, string Operator, double Limit)
{
    /// <summary>The scenario the rule is for; null: every scenario of the run.</summary>
    public string? Scenario { get; init; }

    public bool AppliesTo(string scenario) => Scenario is null || Scenario == scenario;

    private static readonly string[] LatencyMetrics = ["p50", "p90", "p99", "p99.9", "max"];

    /// <summary>Parses one rule; a bad one throws <see cref="FormatException"/> saying what is accepted.</summary>
    public static Threshold Parse(string text)
    {
        var match = Grammar().Match(text.Trim());
        if (!match.Success)
            throw new FormatException($"threshold '{text}' is not [scenario:][step.]metric<value (or >, <=, >=) with metric p50, p90, p99, p99.9, max, errors or rps, e.g. 'time-to-console.p99<50ms', 'errors<0.1%'");
        var metric = match.Groups["metric"].Value;
        var unit = match.Groups["unit"].Value;
        var value = double.Parse(match.Groups["value"].Value, CultureInfo.InvariantCulture);
        var step = match.Groups["step"].Success ? match.Groups["step"].Value : null;
        var scenario = match.Groups["scenario"].Success ? match.Groups["scenario"].Value : null;
        return Rule(text, step, metric, match.Groups["op"].Value, value, unit) with { Scenario = scenario };
    }

    private static Threshold Rule(string text, string? step, string metric, string op, double value, string unit)
    {
        if (LatencyMetrics.Contains(metric))
        {
            if (step is null) throw new FormatException($"threshold '{text}': a latency belongs to one step, e.g. 'time-to-assign.{metric}<50ms'");
            value = unit switch
            {
                "" or "ms" => value,
                "s" => value * 1000,
                "us" => value / 1000,
                _ => throw new FormatException($"threshold '{text}': a latency takes ms, s or us, not '{unit}'"),
            };
            return new Threshold(text, step, metric, op, value);
        }
        if (metric == "errors" && unit is "" or "%") return new Threshold(text, step, unit == "%" ? "error-rate" : "errors", op, unit == "%" ? value / 100 : value);
        if (metric == "rps" && unit == "") return new Threshold(text, step, metric, op, value);
        throw new FormatException($"threshold '{text}': {metric} does not take the unit '{unit}'");
    }

    /// <summary>Checks the rule against a run's step totals (every step's sum when <see cref="Step"/> is null).</summary>
    public ThresholdResult Evaluate(IReadOnlyList<StepTotal> totals)
    {
        var scope = Step is null ? totals : totals.Where(t => t.Step == Step).ToArray();
        if (Step is not null && scope.Count == 0)
            return new(this, false, double.NaN, $"no step '{Step}' in this run (steps: {string.Join(", ", totals.Select(t => t.Step))})");
        var ok = scope.Sum(t => t.Ok);
        var failed = scope.Sum(t => t.Failed);
        if (LatencyMetrics.Contains(Metric))
        {
            var latency = scope[0].Latency;
            if (latency.Count == 0) return new(this, false, double.NaN, "no successful sample to measure");
            return Judge(Metric switch { "p50" => latency.P50, "p90" => latency.P90, "p99" => latency.P99, "p99.9" => latency.P999, _ => latency.Max });
        }
        return Judge(Metric switch
        {
            "error-rate" => ok + failed == 0 ? 0 : (double)failed / (ok + failed),
            "errors" => failed,
            _ => scope.Sum(t => t.OkPerSecond),
        });
    }

    private ThresholdResult Judge(double actual)
    {
        var passed = Operator switch
        {
            "<" => actual < Limit,
            "<=" => actual <= Limit,
            ">" => actual > Limit,
            _ => actual >= Limit,
        };
        var shown = Metric == "error-rate" ? $"{actual * 100:0.###} %" : Metric is "errors" or "rps" ? $"{actual:0.##}" : $"{actual:0.###} ms";
        return new(this, passed, actual, $"{shown}");
    }

    public override string ToString() => Text;

    [GeneratedRegex(@"^(?:(?<scenario>[a-z0-9][a-z0-9-]*):)?(?:(?<step>[a-z0-9][a-z0-9-]*)\.)?(?<metric>p50|p90|p99\.9|p99|max|errors|rps)\s*(?<op><=|>=|<|>)\s*(?<value>\d+(?:\.\d+)?)\s*(?<unit>ms|us|s|%)?$")]
    private static partial Regex Grammar();
}

/// <summary>A threshold's verdict: the value measured and whether it holds.</summary>
public sealed record ThresholdResult(Threshold Threshold, bool Passed, double Actual, string Shown);
