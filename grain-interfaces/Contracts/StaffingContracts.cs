using Orleans;

namespace Routing.GrainInterfaces;

/// <summary>
/// A staffing question (what-if): arrivals per hour, the average handle time, the service target (a share answered
/// within <see cref="TargetSeconds"/>), for chat the dialogs an operator serves at once, and when known the customers'
/// mean patience (then abandonment is forecast, Erlang A).
/// </summary>
[GenerateSerializer, Immutable, Alias("routing.StaffingQuestion")]
public sealed record StaffingQuestion(double ArrivalsPerHour, double AverageHandleSeconds, double ServiceLevelTarget, double TargetSeconds)
{
    [Id(0)] public int Capacity { get; init; } = 1;
    [Id(1)] public double? PatienceSeconds { get; init; }
}

/// <summary>
/// The operators a question needs (servers: operators, or for chat capacity slots), the offered load in Erlangs, and
/// the forecast at that staffing: share waiting, share answered within the target, mean wait, share abandoning.
/// </summary>
[GenerateSerializer, Immutable, Alias("routing.StaffingAdvice")]
public sealed record StaffingAdvice(int RequiredOperators, int RequiredServers, double LoadErlangs, double ProbabilityOfWaiting, double ServiceLevel,
    double AverageWaitSeconds, double Abandonment);
