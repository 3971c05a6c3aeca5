using Routing.LoadTool.Measures;

namespace Routing.LoadTool.Scenarios;

/// <summary>What a scenario's set-up and iterations share: where the engine is, the run's measurements, the clock.</summary>
public sealed class ScenarioContext(string scenarioName, EngineTarget engine, RunStats stats, TimeProvider time, CancellationToken stopping)
{
    public string ScenarioName => scenarioName;

    public EngineTarget Engine => engine;
    public RunStats Stats => stats;
    public TimeProvider Time => time;

    /// <summary>Cancelled when the run is stopped (Ctrl-C) or its settle time is over.</summary>
    public CancellationToken Stopping => stopping;

    private readonly List<IGaugeProbe> _probes = [];

    /// <summary>Probes the set-up registered (e.g. queue depth through the supervisor API), sampled every second.</summary>
    public IReadOnlyList<IGaugeProbe> Probes => _probes;

    public void AddProbe(IGaugeProbe probe) => _probes.Add(probe);
}

/// <summary>One iteration: its number, the user (closed model; -1 in an open one), and the run's context.</summary>
public sealed record IterationContext(long Number, int User, ScenarioContext Scenario)
{
    public RunStats Stats => Scenario.Stats;
}

/// <summary>The engine under load: its base address, the bootstrap key to create workspaces with, and what to scrape.</summary>
public sealed record EngineTarget(Uri Address, string BootstrapKey, IReadOnlyList<Uri> ScrapeUrls)
{
    /// <summary>Where the operators' consoles connect their WebSocket (another silo of the cluster, to measure the hop); null: <see cref="Address"/>.</summary>
    public Uri? ConsoleAddress { get; init; }

    /// <summary>Where the supervisors' wallboards connect their WebSocket (another silo, to measure the feed's hop); null: as a widget.</summary>
    public Uri? SupervisorAddress { get; init; }

    /// <summary>A silo started after the set-up, awaited (/health) before the load: every grain of the set-up is on the others. Null: none.</summary>
    public Uri? WaitFor { get; init; }

    /// <summary>Where the consoles move once the dialogs are set up (and <see cref="WaitFor"/> answered), before the load. Null: they stay.</summary>
    public Uri? MoveConsolesTo { get; init; }

    /// <summary>Every silo REST calls and sockets take turns over (a cluster without its load balancer); null: <see cref="Address"/> alone.</summary>
    public IReadOnlyList<Uri>? Spread { get; init; }
}
