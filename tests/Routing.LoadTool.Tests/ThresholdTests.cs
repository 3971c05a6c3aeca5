using Routing.LoadCommon.Latency;
using Routing.LoadTool.Measures;
using Routing.LoadTool.Thresholds;

namespace Routing.LoadTool.Tests;

public sealed class ThresholdTests
{
    private static readonly IReadOnlyList<StepTotal> Totals =
    [
        new("intake", 998, 2, 99.8, new LatencySummary(998, 4, 9, 40, 60, 80, 5), new Dictionary<string, long> { ["http-503"] = 2 }),
        new("time-to-assign", 1000, 0, 100, new LatencySummary(1000, 10, 30, 55, 70, 90, 12), new Dictionary<string, long>()),
    ];

    [Theory]
    [InlineData("time-to-assign.p99<50ms", false, 55)]
    [InlineData("time-to-assign.p99<60ms", true, 55)]
    [InlineData("time-to-assign.p99.9<=0.07s", true, 70)]
    [InlineData("intake.p50<4000us", false, 4)]
    [InlineData("intake.max<100ms", true, 80)]
    [InlineData("errors<0.1%", false, 0.001)] // 2 of 2,000
    [InlineData("errors<=0.1%", true, 0.001)]
    [InlineData("intake.errors<3", true, 2)]
    [InlineData("time-to-assign.errors<1", true, 0)]
    [InlineData("rps>150", true, 199.8)]
    [InlineData("intake.rps>=100", false, 99.8)]
    public void A_rule_holds_or_breaks_on_the_totals(string text, bool passes, double actual)
    {
        var result = Threshold.Parse(text).Evaluate(Totals);

        Assert.Equal(passes, result.Passed);
        Assert.Equal(actual, result.Actual, 1e-9);
    }

    [Fact]
    public void A_rule_may_be_for_one_scenario_only()
    {
        var rule = Threshold.Parse("peak:time-to-assign.p99.9<50ms");

        Assert.Equal(("peak", "time-to-assign", "p99.9", 50.0), (rule.Scenario, rule.Step, rule.Metric, rule.Limit));
        Assert.True(rule.AppliesTo("peak"));
        Assert.False(rule.AppliesTo("chat"));
        Assert.True(Threshold.Parse("errors<1%").AppliesTo("chat"));
    }

    [Fact]
    public void A_rule_on_a_step_the_run_does_not_have_breaks_and_says_so()
    {
        var result = Threshold.Parse("time-to-asign.p99<50ms").Evaluate(Totals);

        Assert.False(result.Passed);
        Assert.Contains("no step 'time-to-asign'", result.Shown);
        Assert.Contains("time-to-assign", result.Shown);
    }

    [Fact]
    public void A_latency_rule_on_a_step_without_successes_breaks()
    {
        var result = Threshold.Parse("resume.p99<50ms").Evaluate([new("resume", 0, 5, 0, LatencySummary.Empty, new Dictionary<string, long> { ["timeout"] = 5 })]);

        Assert.False(result.Passed);
        Assert.Contains("no successful sample", result.Shown);
    }

    [Theory]
    [InlineData("p99 50ms")]
    [InlineData("time-to-assign.p98<50ms")]
    [InlineData("errors<0.1ms")]
    [InlineData("rps<5%")]
    [InlineData("Intake.p99<5")]
    [InlineData("p99.9 < 100")] // a latency without a step: which one?
    public void A_bad_rule_is_refused_with_what_is_accepted(string text)
    {
        var error = Assert.Throws<FormatException>(() => Threshold.Parse(text));
        Assert.Contains(text, error.Message);
    }
}
