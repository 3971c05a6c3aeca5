namespace Routing.Grains.Policies.Staffing;

/// <summary>
/// A queue as the staffing formulas see it (M/M/N, with +M when <see cref="PatienceSeconds"/> is set): Poisson
/// arrivals, exponential handle times, <see cref="Servers"/> identical servers (operators, or for chat their capacity
/// slots), and exponential patience. Rates are per second.
/// </summary>
public sealed record QueueModel(double ArrivalsPerSecond, double HandleSeconds, int Servers, double? PatienceSeconds = null)
{
    /// <summary>The offered load in Erlangs: how many servers the arrivals keep busy on average.</summary>
    public double Load => ArrivalsPerSecond * HandleSeconds;

    public static QueueModel PerHour(double arrivalsPerHour, double handleSeconds, int servers, double? patienceSeconds = null) =>
        new(arrivalsPerHour / 3600, handleSeconds, servers, patienceSeconds);
}

/// <summary>What a queue model predicts: the share that waits, the share answered within the target, the mean wait, the share that abandons.</summary>
public sealed record QueueForecast(double ProbabilityOfWaiting, double ServiceLevel, double AverageWaitSeconds, double Abandonment);
