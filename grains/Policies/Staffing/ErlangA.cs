namespace Routing.Grains.Policies.Staffing;

/// <summary>
/// Erlang A (M/M/N+M, Palm): customers abandon after an exponential patience. Solved as its birth-death chain (arrival
/// rate λ; in state n, nμ below N servers, Nμ + (n-N)θ above), truncated where the probabilities vanish: the share
/// that waits, the share that abandons (θ·E[queue]/λ), the mean wait (E[queue]/λ, Little). Its service level, the share
/// answered within the target, has no closed form here: <see cref="StaffingSimulation"/> measures it.
/// </summary>
public static class ErlangA
{
    private const int MaxStates = 100_000;

    public static QueueForecast Forecast(QueueModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (model.PatienceSeconds is not { } patience || patience <= 0) throw new ArgumentException("Erlang A needs a patience", nameof(model));
        double lambda = model.ArrivalsPerSecond, mu = 1 / model.HandleSeconds, theta = 1 / patience;
        if (lambda <= 0) return new QueueForecast(0, 1, 0, 0);
        // Unnormalised stationary probabilities, scaled as they grow to stay within double's range.
        var p = new List<double> { 1.0 };
        for (var n = 1; n < MaxStates; n++)
        {
            var death = Math.Min(n, model.Servers) * mu + Math.Max(n - model.Servers, 0) * theta;
            p.Add(p[^1] * lambda / death);
            if (p[^1] > 1e250) for (var i = 0; i < p.Count; i++) p[i] /= 1e250;
            if (n > model.Servers && p[^1] < 1e-16 * p.Max()) break;
        }
        var total = p.Sum();
        double waiting = 0, queue = 0;
        for (var n = model.Servers; n < p.Count; n++)
        {
            waiting += p[n] / total;
            queue += (n - model.Servers) * p[n] / total;
        }
        return new QueueForecast(waiting, double.NaN, queue / lambda, theta * queue / lambda);
    }
}
