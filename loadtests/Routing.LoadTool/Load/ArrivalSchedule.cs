namespace Routing.LoadTool.Load;

/// <summary>How many arrivals an open load has due by a given time since it started: the phases' rates integrated.</summary>
public sealed class ArrivalSchedule
{
    private readonly IReadOnlyList<LoadSimulation> _phases;

    public ArrivalSchedule(IReadOnlyList<LoadSimulation> phases)
    {
        if (phases.Count == 0) throw new ArgumentException("an open load needs at least one phase", nameof(phases));
        if (phases.FirstOrDefault(p => !p.IsOpen) is { } closed) throw new ArgumentException($"not an open phase: {closed}", nameof(phases));
        _phases = phases;
        Duration = phases.Aggregate(TimeSpan.Zero, (sum, phase) => sum + phase.Duration);
        Total = DueBy(Duration);
    }

    public TimeSpan Duration { get; }

    /// <summary>Every arrival of the load.</summary>
    public long Total { get; }

    /// <summary>Arrivals due at or before <paramref name="elapsed"/> (a spike's arrivals are due at its phase's start).</summary>
    public long DueBy(TimeSpan elapsed)
    {
        double due = 0;
        var phaseStart = TimeSpan.Zero;
        foreach (var phase in _phases)
        {
            if (elapsed < phaseStart) break;
            due += phase switch
            {
                RatePhase rate => rate.ArrivalsBy(elapsed - phaseStart),
                SpikePhase spike => spike.Count,
                _ => 0,
            };
            phaseStart += phase.Duration;
        }
        // A hair of tolerance: 0.1 s at 10/s is 1 arrival, whatever the binary fraction of 0.1 does.
        return (long)Math.Floor(due + 1e-9);
    }
}
