namespace Routing.LoadTool.Load;

/// <summary>
/// One phase of a scenario's load, as in NBomber. Open phases set an arrival rate (arrivals never wait for replies,
/// so the queueing shows); a closed phase keeps a number of users, each starting again after a think time.
/// A scenario's phases are all open or all closed.
/// </summary>
public abstract record LoadSimulation(TimeSpan Duration)
{
    /// <summary>Arrivals per second going linearly from <paramref name="from"/> to <paramref name="to"/>.</summary>
    public static LoadSimulation Ramp(double from, double to, TimeSpan during) => new RatePhase(from, to, during);

    /// <summary>A steady arrival rate.</summary>
    public static LoadSimulation Constant(double perSecond, TimeSpan during) => new RatePhase(perSecond, perSecond, during);

    /// <summary>A number of arrivals all at once (a burst), then nothing for <paramref name="thenWait"/>.</summary>
    public static LoadSimulation Spike(int count, TimeSpan thenWait = default) => new SpikePhase(count, thenWait);

    /// <summary>Closed model: <paramref name="users"/> each run an iteration, think, and run the next, for the duration.</summary>
    public static LoadSimulation KeepConstant(int users, TimeSpan during, TimeSpan think) => new UsersPhase(users, during, think);

    public abstract bool IsOpen { get; }

    /// <summary>Why this phase cannot run, or null.</summary>
    public abstract string? Problem();
}

/// <summary>Open: a rate going linearly from <see cref="From"/> to <see cref="To"/> arrivals/s over the duration.</summary>
public sealed record RatePhase(double From, double To, TimeSpan During) : LoadSimulation(During)
{
    public override bool IsOpen => true;

    public override string? Problem() =>
        double.IsNaN(From) || double.IsNaN(To) || From < 0 || To < 0 ? $"arrival rates must be 0 or more (got {From} and {To})"
        : During <= TimeSpan.Zero ? $"a rate phase must last more than 0 s (got {During})"
        : null;

    /// <summary>Arrivals due in the first <paramref name="elapsed"/> of this phase: the integral of the rate.</summary>
    public double ArrivalsBy(TimeSpan elapsed)
    {
        var t = Math.Clamp(elapsed.TotalSeconds, 0, During.TotalSeconds);
        return From * t + (To - From) * t * t / (2 * During.TotalSeconds);
    }
}

/// <summary>Open: <see cref="Count"/> arrivals at the phase's first instant.</summary>
public sealed record SpikePhase(int Count, TimeSpan ThenWait) : LoadSimulation(ThenWait)
{
    public override bool IsOpen => true;

    public override string? Problem() =>
        Count < 1 ? $"a spike needs at least 1 arrival (got {Count})" : ThenWait < TimeSpan.Zero ? "a spike's wait must not be negative" : null;
}

/// <summary>Closed: <see cref="Users"/> concurrent users, each thinking <see cref="Think"/> between iterations.</summary>
public sealed record UsersPhase(int Users, TimeSpan During, TimeSpan Think) : LoadSimulation(During)
{
    public override bool IsOpen => false;

    public override string? Problem() =>
        Users < 1 ? $"a closed phase needs at least 1 user (got {Users})"
        : During <= TimeSpan.Zero ? $"a closed phase must last more than 0 s (got {During})"
        : Think < TimeSpan.Zero ? "think time must not be negative"
        : null;
}
