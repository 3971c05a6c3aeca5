using Routing.LoadTool.BuiltIn;
using Routing.LoadTool.Thresholds;

namespace Routing.LoadTool.Cli;

/// <summary>
/// The command line: <c>run SCENARIO[,SCENARIO]|all [options]</c> or <c>list</c>. Bad input throws
/// <see cref="FormatException"/> with a message that says what is accepted.
/// </summary>
public sealed record ToolOptions
{
    public const string EngineVariable = "ROUTING_LOAD_ENGINE";
    public const string BootstrapKeyVariable = "ROUTING_Auth__BootstrapKey"; // the silo's own variable: one export serves both

    public string Verb { get; init; } = "run";
    public IReadOnlyList<BuiltInScenario> Scenarios { get; init; } = [];
    public Uri Engine { get; init; } = new("http://127.0.0.1:5080");

    /// <summary>
    /// Every silo the load is spread over, <see cref="Engine"/> first: REST calls and sockets take turns, as behind a
    /// load balancer in front of a cluster. One entry unless --engine named several.
    /// </summary>
    public IReadOnlyList<Uri> Engines { get; init; } = [new("http://127.0.0.1:5080")];
    public string? BootstrapKey { get; init; }

    /// <summary>Where the consoles connect (another silo of the engine's cluster); null: the engine.</summary>
    public Uri? ConsoleEngine { get; init; }

    /// <summary>Where the supervisors' wallboards (setting supervisors) connect; null: as the widgets.</summary>
    public Uri? SupervisorEngine { get; init; }

    /// <summary>A silo the dialog scenarios wait for after the set-up, before the load (/health); null: none.</summary>
    public Uri? WaitFor { get; init; }

    /// <summary>Where the consoles of the dialog scenarios move after the set-up; null: they stay.</summary>
    public Uri? MoveConsoles { get; init; }
    public bool Smoke { get; init; }
    public IReadOnlyList<Threshold> Thresholds { get; init; } = [];
    public IReadOnlyList<Uri>? ScrapeUrls { get; init; }
    /// <summary>
    /// Summed into gauges: /stats/grains' activations, calls and errors, and from /metrics (OpenTelemetry, Prometheus
    /// text) the queue depth over every department, the open WebSocket sessions and the rescues so far.
    /// </summary>
    public IReadOnlyList<string> ScrapeSums { get; init; } =
        ["activations", "calls", "errors", "routing_queue_depth", "routing_sessions_active", "routing_rescues_total"];
    public string? Output { get; init; }
    public int StubPort { get; init; } = 5099;
    public IReadOnlyList<(string Name, string Value)> Settings { get; init; } = [];

    public const string Usage = """
        routing-load run SCENARIO[,SCENARIO...]|all [options]    load a running engine over its public API
        routing-load list                                         the built-in scenarios and their options
        routing-load stub [--port N]                              an engine stand-in that answers at once (default port 5099)

        --engine URL[,URL...]  the engine (default http://127.0.0.1:5080, or $ROUTING_LOAD_ENGINE); several silos of one
                               cluster, comma-separated: REST calls and sockets take turns over them, as a load balancer
                               would (the first one is scraped and named in the report)
        --console-engine URL   where the operators' consoles connect: another silo of the engine's cluster, so the
                               events of grains on the engine's silo cross to theirs (default: the engine)
        --supervisor-engine URL  where the supervisors (--supervisors N) follow the workspace feed: another silo of
                               the cluster (default: as the widgets)
        --wait-for URL         chat, reconnect-storm: once the dialogs are set up, wait until URL answers /health before
                               the load (a silo started then: every grain of the set-up is on the others)
        --move-consoles URL    chat, reconnect-storm: once the dialogs are set up (and --wait-for answered), move every
                               console to URL (a new session there) before the load
        --bootstrap-key KEY    the engine's Auth:BootstrapKey (default $ROUTING_Auth__BootstrapKey)
        --smoke                the scenarios' smoke sizes: seconds, for CI
        --threshold RULE       [scenario:][step.]metric<value: fail the run when broken (repeatable), e.g.
                               'peak:time-to-assign.p99<50ms', 'errors<0.1%' (metrics: p50 p90 p99 p99.9 max errors rps)
        --scrape URL           an engine metrics endpoint to scrape every second (default ENGINE/stats/grains and
                               ENGINE/metrics, which gets the bootstrap key; repeatable)
        --no-scrape            scrape nothing
        --scrape-sum NAMES     metrics summed into gauges (default activations,calls,errors,routing_queue_depth,
                               routing_sessions_active,routing_rescues_total)
        --out DIR              where report.html, report.json and the CSV files go (default load-reports/TIMESTAMP)
        --NAME VALUE           a scenario setting (see list), e.g. --rate 20 --handle-time exp:3s
        Exit code: 0 passed, 1 a threshold or check broken, 2 bad input, 3 the engine could not be set up.
        """;

    public static ToolOptions Parse(IReadOnlyList<string> args, Func<string, string?> environment)
    {
        var options = new ToolOptions
        {
            BootstrapKey = environment(BootstrapKeyVariable),
        };
        if (environment(EngineVariable) is { Length: > 0 } engine) options = WithEngines(options, engine, "$" + EngineVariable);
        if (args.Count == 0) throw new FormatException("no verb\n" + Usage);
        options = options with { Verb = args[0] };
        var i = 1;
        if (options.Verb == "list") return args.Count == 1 ? options : throw new FormatException("list takes no options");
        if (options.Verb == "stub")
            return args.Count == 1 ? options
                : args.Count == 3 && args[1] == "--port" && int.TryParse(args[2], out var port) && port is > 0 and < 65536 ? options with { StubPort = port }
                : throw new FormatException("stub takes only --port N (1-65535)");
        if (options.Verb != "run") throw new FormatException($"unknown verb '{args[0]}'\n" + Usage);
        if (args.Count < 2 || args[1].StartsWith("--", StringComparison.Ordinal)) throw new FormatException("run needs scenario names or 'all'\n" + Usage);
        options = options with { Scenarios = ParseScenarios(args[1]) };
        var thresholds = new List<Threshold>();
        var scrapes = new List<Uri>();
        var settings = new List<(string, string)>();
        var noScrape = false;
        for (i = 2; i < args.Count; i++)
        {
            var name = args[i];
            if (!name.StartsWith("--", StringComparison.Ordinal)) throw new FormatException($"unexpected '{name}': options start with --");
            if (name == "--smoke")
            {
                options = options with { Smoke = true };
                continue;
            }
            if (name == "--no-scrape")
            {
                noScrape = true;
                continue;
            }
            if (i + 1 >= args.Count) throw new FormatException($"{name} needs a value");
            var value = args[++i];
            switch (name)
            {
                case "--engine": options = WithEngines(options, value, name); break;
                case "--console-engine": options = options with { ConsoleEngine = AbsoluteUri(value, name) }; break;
                case "--supervisor-engine": options = options with { SupervisorEngine = AbsoluteUri(value, name) }; break;
                case "--wait-for": options = options with { WaitFor = AbsoluteUri(value, name) }; break;
                case "--move-consoles": options = options with { MoveConsoles = AbsoluteUri(value, name) }; break;
                case "--bootstrap-key": options = options with { BootstrapKey = value }; break;
                case "--threshold": thresholds.Add(Threshold.Parse(value)); break;
                case "--scrape": scrapes.Add(AbsoluteUri(value, name)); break;
                case "--scrape-sum": options = options with { ScrapeSums = value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) }; break;
                case "--out": options = options with { Output = value }; break;
                default:
                    _ = new LoadSettings().With(name[2..], value); // checks the name and the value now, before any set-up
                    settings.Add((name[2..], value));
                    break;
            }
        }
        if (string.IsNullOrEmpty(options.BootstrapKey))
            throw new FormatException($"no bootstrap key: pass --bootstrap-key or set {BootstrapKeyVariable} (the engine's Auth:BootstrapKey)");
        return options with
        {
            Thresholds = thresholds,
            Settings = settings,
            ScrapeUrls = noScrape ? [] : scrapes.Count > 0 ? scrapes : [new Uri(options.Engine, "/stats/grains"), new Uri(options.Engine, "/metrics")],
        };
    }

    /// <summary>The settings a scenario runs with: its defaults (or smoke sizes), then the command line's.</summary>
    public LoadSettings SettingsFor(BuiltInScenario scenario) =>
        Settings.Aggregate(Smoke ? scenario.Smoke : scenario.Defaults, (settings, s) => settings.With(s.Name, s.Value));

    private static IReadOnlyList<BuiltInScenario> ParseScenarios(string names)
    {
        if (names == "all") return BuiltInScenarios.All;
        return [.. names.Split(',').Select(n => BuiltInScenarios.Find(n.Trim())
            ?? throw new FormatException($"unknown scenario '{n}'; built in: {string.Join(", ", BuiltInScenarios.All.Select(s => s.Name))}, requests, sockets, or all"))];
    }

    private static ToolOptions WithEngines(ToolOptions options, string value, string name)
    {
        IReadOnlyList<Uri> engines = [.. value.Split(',', StringSplitOptions.TrimEntries).Select(url => AbsoluteUri(url, name))];
        if (engines.Distinct().Count() < engines.Count) throw new FormatException($"{name} {value}: an engine is named twice");
        return options with { Engine = engines[0], Engines = engines };
    }

    private static Uri AbsoluteUri(string value, string name) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
            ? uri : throw new FormatException($"{name} {value}: not an absolute http(s) URL");
}
