namespace Routing.Grains.Policies.Staffing;

/// <summary>
/// A discrete-event simulation of the same queue (first come, first served; a waiting customer leaves when their
/// patience runs out), to check the formulas and to measure what they cannot (Erlang A's service level, chat slots).
/// Seeded, so a run is repeatable. Time is in seconds.
/// </summary>
public static class StaffingSimulation
{
    public static QueueForecast Run(QueueModel model, double targetSeconds, int customers, int seed, int warmUp = 1_000)
    {
        ArgumentNullException.ThrowIfNull(model);
        var random = new Random(seed);
        double Exponential(double mean) => -mean * Math.Log(1 - random.NextDouble());
        // Each server's next free time; FCFS with exponential patience: a customer is served at the earliest free time
        // of any server if that comes before they give up, else abandons (and takes no server time).
        var freeAt = new PriorityQueue<int, double>();
        for (var s = 0; s < model.Servers; s++) freeAt.Enqueue(s, 0);
        double now = 0, totalWait = 0;
        long waited = 0, withinTarget = 0, abandoned = 0, counted = 0;
        for (var i = 0; i < warmUp + customers; i++)
        {
            now += Exponential(1 / model.ArrivalsPerSecond);
            freeAt.TryPeek(out var server, out var free);
            var wait = Math.Max(0, free - now);
            var patience = model.PatienceSeconds is { } mean ? Exponential(mean) : double.PositiveInfinity;
            var gaveUp = wait > patience;
            if (!gaveUp)
            {
                freeAt.Dequeue();
                freeAt.Enqueue(server, now + wait + Exponential(model.HandleSeconds));
            }
            if (i < warmUp) continue;
            counted++;
            if (gaveUp)
            {
                abandoned++;
                waited++;
                totalWait += patience;
                continue;
            }
            if (wait > 0) waited++;
            if (wait <= targetSeconds) withinTarget++;
            totalWait += wait;
        }
        return new QueueForecast((double)waited / counted, (double)withinTarget / counted, totalWait / counted, (double)abandoned / counted);
    }
}
