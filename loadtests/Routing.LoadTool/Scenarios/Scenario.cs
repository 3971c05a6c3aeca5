using Routing.LoadTool.Load;
using Routing.LoadTool.Thresholds;

namespace Routing.LoadTool.Scenarios;

/// <summary>
/// A load scenario written as code, in NBomber's shape: a world set up before the load (<see cref="Init"/>), one
/// iteration (an arrival in an open load, a user's turn in a closed one) made of timed <see cref="Step"/>s, the load
/// simulation, a warm-up left out of the results, and thresholds that fail the run.
/// </summary>
public sealed record Scenario(string Name, Func<ScenarioContext, Task<IScenarioWorld>> Init)
{
    public IReadOnlyList<LoadSimulation> Load { get; init; } = [];
    public TimeSpan WarmUp { get; init; }
    public IReadOnlyList<Threshold> Thresholds { get; init; } = [];

    /// <summary>How long in-flight iterations and end-to-end measures may take to finish once the load stops.</summary>
    public TimeSpan Settle { get; init; } = TimeSpan.FromSeconds(30);

    public Scenario WithLoadSimulations(params LoadSimulation[] load) => this with { Load = load };

    public Scenario WithWarmUp(TimeSpan warmUp) => this with { WarmUp = warmUp };

    public Scenario WithThresholds(params Threshold[] thresholds) => this with { Thresholds = [.. Thresholds, .. thresholds] };

    public TimeSpan Duration => Load.Aggregate(TimeSpan.Zero, (sum, phase) => sum + phase.Duration);

    /// <summary>Why this scenario cannot run, or null.</summary>
    public string? Problem() =>
        Load.Count == 0 ? $"scenario {Name} has no load simulation"
        : Load.Select(p => p.Problem()).FirstOrDefault(p => p is not null) is { } phase ? $"scenario {Name}: {phase}"
        : Load.Any(p => p.IsOpen) && Load.Any(p => !p.IsOpen) ? $"scenario {Name} mixes open and closed phases"
        : WarmUp < TimeSpan.Zero || (WarmUp > TimeSpan.Zero && WarmUp >= Duration) ? $"scenario {Name}: the warm-up must be shorter than the load ({Duration})"
        : null;
}

/// <summary>What a scenario's world does during a run: iterations, a wait for what is still on its way, and checks.</summary>
public interface IScenarioWorld : IAsyncDisposable
{
    /// <summary>One arrival (open) or one user's turn (closed); steps inside record themselves.</summary>
    Task IterateAsync(IterationContext context);

    /// <summary>After the load: waits (at most until <paramref name="cancellation"/>) for end-to-end measures still on their way.</summary>
    Task SettleAsync(CancellationToken cancellation);

    /// <summary>Correctness under load: each check's verdict.</summary>
    Task<IReadOnlyList<CheckResult>> VerifyAsync();
}

/// <summary>A correctness check of a run (every acknowledged message seen once, no operator over capacity, nothing lost).</summary>
public sealed record CheckResult(string Name, bool Passed, string Detail);
