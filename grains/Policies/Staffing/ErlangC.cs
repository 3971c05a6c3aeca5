namespace Routing.Grains.Policies.Staffing;

/// <summary>
/// Erlang C (M/M/N, nobody abandons): the probability of waiting, from Erlang B's stable recursion; the service level
/// P(wait &lt;= T) = 1 - C·e^(-(N-A)·T/AHT); the average wait C·AHT/(N-A). A load at or above the servers never
/// settles: everyone waits, nobody within the target.
/// </summary>
public static class ErlangC
{
    public static double ProbabilityOfWaiting(int servers, double load)
    {
        if (load <= 0) return 0;
        if (servers <= load) return 1;
        var blocking = 1.0; // Erlang B, B(0) = 1, B(k) = A·B(k-1) / (k + A·B(k-1))
        for (var k = 1; k <= servers; k++) blocking = load * blocking / (k + load * blocking);
        var occupancy = load / servers;
        return blocking / (1 - occupancy * (1 - blocking));
    }

    public static QueueForecast Forecast(QueueModel model, double targetSeconds)
    {
        ArgumentNullException.ThrowIfNull(model);
        var load = model.Load;
        var waiting = ProbabilityOfWaiting(model.Servers, load);
        if (model.Servers <= load && load > 0) return new QueueForecast(1, 0, double.PositiveInfinity, 0);
        var spare = model.Servers - load;
        return new QueueForecast(waiting, 1 - waiting * Math.Exp(-spare * targetSeconds / model.HandleSeconds),
            load <= 0 ? 0 : waiting * model.HandleSeconds / spare, 0);
    }
}
