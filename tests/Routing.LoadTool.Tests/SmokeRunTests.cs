using System.Text.Json;
using Routing.LoadTool.BuiltIn;
using Routing.LoadTool.Cli;
using Spectre.Console.Testing;

namespace Routing.LoadTool.Tests;

/// <summary>
/// CI's smoke run: every built-in scenario at its smoke size against the real silo process, through the command
/// line's entry point, gated on thresholds as a pipeline would gate (seconds, not minutes).
/// </summary>
public sealed class SmokeRunTests(SiloUnderLoad silo) : IClassFixture<SiloUnderLoad>
{
    private static readonly CancellationToken NoCancel = CancellationToken.None;

    [Fact]
    public async Task Every_built_in_scenario_passes_its_checks_and_thresholds_at_a_low_rate()
    {
        var output = Path.Combine(silo.ReportDirectory, "all");
        var console = new TestConsole();

        var exit = await LoadToolApp.RunAsync(
            ["run", "all", "--smoke", "--engine", silo.Address.ToString(), "--bootstrap-key", silo.BootstrapKey, "--out", output,
                "--threshold", "errors<0.1%", "--threshold", "peak:time-to-assign.p99<10s", "--threshold", "reconnect-storm:resume.p99<10s"],
            console, _ => null, NoCancel);

        Assert.True(exit == LoadToolApp.Passed, console.Output + "\nsilo warnings and errors:\n" + silo.Problems);
        using var report = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(output, "report.json")));
        var scenarios = report.RootElement.GetProperty("scenarios").EnumerateArray().ToArray();
        Assert.Equal(BuiltInScenarios.All.Select(s => s.Name), scenarios.Select(s => s.GetProperty("scenario").GetString()));
        foreach (var scenario in scenarios)
        {
            var name = scenario.GetProperty("scenario").GetString();
            var steps = scenario.GetProperty("totals").EnumerateArray().ToDictionary(t => t.GetProperty("step").GetString()!, t => t.GetProperty("ok").GetInt64());
            Assert.True(steps.Values.Sum() > 0, $"{name} measured nothing");
            Assert.Contains(scenario.GetProperty("checks").EnumerateArray(), c => c.GetProperty("name").GetString() == "nothing lost");
            Assert.All(scenario.GetProperty("checks").EnumerateArray(), c => Assert.True(c.GetProperty("passed").GetBoolean(), $"{name}: {c}"));
        }
        Assert.Contains("time-to-assign", Steps(scenarios[0]));          // peak: first message → console
        Assert.Contains("first-reply-at-widget", Steps(scenarios[0]));   // and the reply the widget shows
        Assert.Contains("customer-to-operator", Steps(scenarios[2]));    // chat over WebSocket
        Assert.Contains("rescue-reassign", Steps(scenarios[3]));         // rescue storm
        Assert.Contains("missed-reply-delivered", Steps(scenarios[4]));  // reconnect storm
        Assert.True(File.Exists(Path.Combine(output, "report.html")));
        Assert.True(File.Exists(Path.Combine(output, "seconds.csv")));

        // The engine's own metrics were scraped every second: /stats/grains, and /metrics with the bootstrap key.
        foreach (var scenario in scenarios)
        {
            var gauges = scenario.GetProperty("gauges").EnumerateArray().Select(g => g.GetProperty("gauge").GetString()).ToHashSet();
            Assert.Contains("engine calls", gauges);
            Assert.Contains("engine routing_sessions_active", gauges);
            Assert.DoesNotContain("probe errors", gauges);
        }
        var rescues = scenarios[3].GetProperty("gauges").EnumerateArray().Where(g => g.GetProperty("gauge").GetString() == "engine routing_rescues_total");
        Assert.Contains(rescues, g => g.GetProperty("value").GetDouble() > 0); // the storm's rescues, as the engine counted them
    }

    [Fact]
    public async Task The_closed_model_keeps_its_users_writing_and_thinking_and_passes_its_checks()
    {
        var output = Path.Combine(silo.ReportDirectory, "closed");
        var console = new TestConsole();

        var exit = await LoadToolApp.RunAsync(
            ["run", "chat", "--smoke", "--users", "6", "--think", "200ms", "--engine", silo.Address.ToString(), "--bootstrap-key", silo.BootstrapKey,
                "--out", output, "--threshold", "errors<0.1%"],
            console, _ => null, NoCancel);

        Assert.True(exit == LoadToolApp.Passed, console.Output + "\nsilo warnings and errors:\n" + silo.Problems);
        using var report = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(output, "report.json")));
        var chat = Assert.Single(report.RootElement.GetProperty("scenarios").EnumerateArray());
        Assert.Contains("6 users", chat.GetProperty("description").GetString());
        var delivered = chat.GetProperty("totals").EnumerateArray().Single(t => t.GetProperty("step").GetString() == "customer-to-operator");
        Assert.True(delivered.GetProperty("ok").GetInt64() >= 6, delivered.ToString()); // every user wrote at least once
        Assert.All(chat.GetProperty("checks").EnumerateArray(), c => Assert.True(c.GetProperty("passed").GetBoolean(), c.ToString()));
    }

    [Fact]
    public async Task A_broken_threshold_fails_the_run_with_exit_code_1()
    {
        var output = Path.Combine(silo.ReportDirectory, "broken");
        var console = new TestConsole();

        var exit = await LoadToolApp.RunAsync(
            ["run", "intake-burst", "--smoke", "--count", "10", "--engine", silo.Address.ToString(), "--bootstrap-key", silo.BootstrapKey,
                "--out", output, "--threshold", "time-to-assign.p99<1us"],
            console, _ => null, NoCancel);

        Assert.Equal(LoadToolApp.Broken, exit);
        Assert.Contains("BROKEN threshold time-to-assign.p99<1us", console.Output);
    }

    [Fact]
    public async Task A_wrong_bootstrap_key_is_an_engine_failure_not_a_pass()
    {
        var console = new TestConsole();

        var exit = await LoadToolApp.RunAsync(
            ["run", "peak", "--smoke", "--engine", silo.Address.ToString(), "--bootstrap-key", "not-the-key", "--out", Path.Combine(silo.ReportDirectory, "refused")],
            console, _ => null, NoCancel);

        Assert.Equal(LoadToolApp.EngineFailed, exit);
        Assert.Contains("401", console.Output);
    }

    private static IEnumerable<string?> Steps(JsonElement scenario) => scenario.GetProperty("totals").EnumerateArray().Select(t => t.GetProperty("step").GetString());
}
