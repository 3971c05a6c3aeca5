using Routing.LoadTool.BuiltIn;
using Routing.LoadTool.Cli;
using Routing.LoadTool.Load;

namespace Routing.LoadTool.Tests;

public sealed class ToolOptionsTests
{
    private static string? NoEnvironment(string _) => null;

    [Fact]
    public void Scenario_settings_override_the_defaults_or_the_smoke_sizes()
    {
        var options = ToolOptions.Parse(["run", "peak,chat", "--bootstrap-key", "k", "--smoke", "--rate", "20", "--handle-time", "exp:3s",
            "--threshold", "time-to-assign.p99<50ms", "--engine", "http://10.0.0.5:8080"], NoEnvironment);

        Assert.Equal(["peak", "chat"], options.Scenarios.Select(s => s.Name));
        var peak = options.SettingsFor(BuiltInScenarios.Peak);
        Assert.Equal(20, peak.Rate);
        Assert.Equal("exp:3s", peak.HandleTime.Text);
        Assert.Equal(BuiltInScenarios.Peak.Smoke.Before, peak.Before);
        Assert.Equal([new Uri("http://10.0.0.5:8080/stats/grains"), new Uri("http://10.0.0.5:8080/metrics")], options.ScrapeUrls);
        Assert.Equal("time-to-assign.p99<50ms", Assert.Single(options.Thresholds).Text);
        Assert.Null(options.ConsoleEngine); // the consoles connect to the engine
    }

    [Fact]
    public void Consoles_may_connect_to_another_silo_of_the_cluster()
    {
        var options = ToolOptions.Parse(["run", "chat", "--bootstrap-key", "k", "--engine", "http://127.0.0.1:5080", "--console-engine", "http://127.0.0.1:5081"], NoEnvironment);

        Assert.Equal(new Uri("http://127.0.0.1:5081"), options.ConsoleEngine);
        Assert.Equal(new Uri("http://127.0.0.1:5080"), options.Engine);
    }

    [Fact]
    public void Supervisors_follow_the_workspace_feed_on_another_silo_in_any_scenario()
    {
        var options = ToolOptions.Parse(["run", "intake-burst,chat", "--bootstrap-key", "k", "--engine", "http://127.0.0.1:5080",
            "--supervisor-engine", "http://127.0.0.1:5081", "--supervisors", "20"], NoEnvironment);

        Assert.Equal(new Uri("http://127.0.0.1:5081"), options.SupervisorEngine);
        Assert.Null(options.ConsoleEngine);
        Assert.All(options.Scenarios, s => Assert.Equal(20, options.SettingsFor(s).Supervisors));
        Assert.Equal(0, ToolOptions.Parse(["run", "peak", "--bootstrap-key", "k"], NoEnvironment).SettingsFor(BuiltInScenarios.Peak).Supervisors);
        Assert.Null(ToolOptions.Parse(["run", "peak", "--bootstrap-key", "k"], NoEnvironment).SupervisorEngine);
    }

    [Fact]
    public void Consoles_may_move_after_the_set_up_to_a_silo_started_then()
    {
        var options = ToolOptions.Parse(["run", "chat", "--bootstrap-key", "k", "--move-consoles", "http://127.0.0.1:5080", "--wait-for", "http://127.0.0.1:5081"], NoEnvironment);

        Assert.Equal(new Uri("http://127.0.0.1:5080"), options.MoveConsoles);
        Assert.Equal(new Uri("http://127.0.0.1:5081"), options.WaitFor);
        Assert.Null(options.ConsoleEngine); // they set up on the engine
        Assert.Null(ToolOptions.Parse(["run", "chat", "--bootstrap-key", "k"], NoEnvironment).MoveConsoles);
        Assert.Null(ToolOptions.Parse(["run", "chat", "--bootstrap-key", "k"], NoEnvironment).WaitFor);
    }

    [Fact]
    public void Several_silos_of_a_cluster_share_the_load_and_the_first_is_scraped()
    {
        var options = ToolOptions.Parse(["run", "peak", "--bootstrap-key", "k", "--engine", "http://127.0.0.1:5080, http://127.0.0.1:5081,http://127.0.0.1:5082"], NoEnvironment);

        Assert.Equal([new Uri("http://127.0.0.1:5080"), new Uri("http://127.0.0.1:5081"), new Uri("http://127.0.0.1:5082")], options.Engines);
        Assert.Equal(new Uri("http://127.0.0.1:5080"), options.Engine);
        Assert.Equal([new Uri("http://127.0.0.1:5080/stats/grains"), new Uri("http://127.0.0.1:5080/metrics")], options.ScrapeUrls);
    }

    [Fact]
    public void The_bootstrap_key_and_engine_come_from_the_environment_as_the_silo_takes_them()
    {
        var environment = new Dictionary<string, string> { [ToolOptions.BootstrapKeyVariable] = "boot", [ToolOptions.EngineVariable] = "http://127.0.0.1:6000" };

        var options = ToolOptions.Parse(["run", "all", "--no-scrape"], environment.GetValueOrDefault);

        Assert.Equal("boot", options.BootstrapKey);
        Assert.Equal(new Uri("http://127.0.0.1:6000"), options.Engine);
        Assert.Equal([new Uri("http://127.0.0.1:6000")], options.Engines);
        Assert.Equal(BuiltInScenarios.All, options.Scenarios);
        Assert.Empty(options.ScrapeUrls!);
    }

    [Theory]
    [InlineData("unknown scenario 'peek'", "run", "peek", "--bootstrap-key", "k")]
    [InlineData("no bootstrap key", "run", "peak")]
    [InlineData("unknown option --rte", "run", "peak", "--bootstrap-key", "k", "--rte", "5")]
    [InlineData("--rate -5: must be more than 0", "run", "peak", "--bootstrap-key", "k", "--rate", "-5")]
    [InlineData("--handle-time soon", "run", "peak", "--bootstrap-key", "k", "--handle-time", "soon")]
    [InlineData("--engine localhost:5080: not an absolute http(s) URL", "run", "peak", "--bootstrap-key", "k", "--engine", "localhost:5080")]
    [InlineData("--engine 127.0.0.1:5081: not an absolute http(s) URL", "run", "peak", "--bootstrap-key", "k", "--engine", "http://127.0.0.1:5080,127.0.0.1:5081")]
    [InlineData("--engine http://127.0.0.1:5080,http://127.0.0.1:5080: an engine is named twice", "run", "peak", "--bootstrap-key", "k", "--engine", "http://127.0.0.1:5080,http://127.0.0.1:5080")]
    [InlineData("--console-engine 5081: not an absolute http(s) URL", "run", "chat", "--bootstrap-key", "k", "--console-engine", "5081")]
    [InlineData("--supervisor-engine 5081: not an absolute http(s) URL", "run", "chat", "--bootstrap-key", "k", "--supervisor-engine", "5081")]
    [InlineData("--wait-for 5081: not an absolute http(s) URL", "run", "chat", "--bootstrap-key", "k", "--wait-for", "5081")]
    [InlineData("--move-consoles :5081: not an absolute http(s) URL", "run", "chat", "--bootstrap-key", "k", "--move-consoles", ":5081")]
    [InlineData("--supervisors -1: must be 0 or more", "run", "chat", "--bootstrap-key", "k", "--supervisors", "-1")]
    [InlineData("--threshold needs a value", "run", "peak", "--bootstrap-key", "k", "--threshold")]
    [InlineData("unknown verb 'walk'", "walk")]
    public void Bad_input_is_refused_with_a_message_that_names_it(string message, params string[] args)
    {
        var error = Assert.Throws<FormatException>(() => ToolOptions.Parse(args, NoEnvironment));
        Assert.Contains(message, error.Message);
    }

    [Theory]
    [InlineData("250ms", 0.25)]
    [InlineData("2s", 2)]
    [InlineData("1.5m", 90)]
    public void Durations_read_as_written(string text, double seconds) =>
        Assert.Equal(TimeSpan.FromSeconds(seconds), Sampler.Parse(text).Next());

    [Fact]
    public void A_uniform_sampler_stays_in_its_range_and_an_exponential_one_keeps_its_mean()
    {
        var uniform = Sampler.Parse("1s..3s");
        var exponential = Sampler.Parse("exp:2s");
        var random = new Random(7);

        Assert.All(Enumerable.Range(0, 1000).Select(_ => uniform.Draw(random)), d => Assert.InRange(d.TotalSeconds, 1, 3));
        var mean = Enumerable.Range(0, 20_000).Average(_ => exponential.Draw(random).TotalSeconds);
        Assert.InRange(mean, 1.9, 2.1);
    }
}
