using Orleans;
using Routing.GrainInterfaces.Model;

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

/// <summary>
/// A department member as staffing sees them: the dialogs they serve at once, their work schedule (null: none, their
/// status is set by hand, so nobody knows when they work) and whether an admin blocked them (then they never work).
/// </summary>
[GenerateSerializer, Immutable, Alias("routing.ScheduledMember")]
public sealed record ScheduledMember(string OperatorId, int Capacity, WorkSchedule? Schedule, bool Blocked);

/// <summary>
/// The staffing gap of one department for a week: needed (forecast from the observed arrivals and handle times of the
/// last <see cref="Weeks"/> weeks, same weekday and hour) against scheduled (the members' work schedules). What-if
/// inputs: <see cref="ArrivalsFactor"/> (1.3: arrivals +30 %), the service target, <see cref="Capacity"/> (every
/// operator serving that many dialogs at once), <see cref="HandleSeconds"/> (instead of the observed handle times),
/// <see cref="PatienceSeconds"/> (abandonment forecast). Null: the department's own (its first-response target, its
/// members' capacities); <see cref="WeekStart"/> null: the coming Monday in the department's time zone.
/// </summary>
[GenerateSerializer, Immutable, Alias("routing.StaffingGapQuestion")]
public sealed record StaffingGapQuestion(string DepartmentId)
{
    public const int MaxWeeks = 26;
    public const double MaxArrivalsFactor = 100;

    [Id(0)] public DateOnly? WeekStart { get; init; }
    [Id(1)] public int Weeks { get; init; } = 4;
    [Id(2)] public double ArrivalsFactor { get; init; } = 1;
    [Id(3)] public double ServiceLevelTarget { get; init; } = 0.8;
    [Id(4)] public double? TargetSeconds { get; init; }
    [Id(5)] public int? Capacity { get; init; }
    [Id(6)] public double? HandleSeconds { get; init; }
    [Id(7)] public double? PatienceSeconds { get; init; }

    /// <summary>Why the question cannot be answered, naming the field, or null (the service inputs are the what-if's).</summary>
    public string? Problem() =>
        Weeks is < 1 or > MaxWeeks ? $"weeks must be between 1 and {MaxWeeks}"
        : double.IsNaN(ArrivalsFactor) || ArrivalsFactor is < 0 or > MaxArrivalsFactor ? $"arrivalsFactor must be between 0 and {MaxArrivalsFactor}"
        : WeekStart is { Year: < 2 or > 9998 } ? "weekStart is out of range"
        : null;
}

/// <summary>
/// One hour of the week: from <see cref="Start"/> (with the department's UTC offset then) for an hour; its forecast
/// arrivals and handle time, the operators and capacity slots needed and scheduled (operators on shift on average
/// over the hour: half an hour counts 0.5), and the gaps, scheduled minus needed: negative is short, positive over.
/// </summary>
[GenerateSerializer, Immutable, Alias("routing.StaffingGapHour")]
public sealed record StaffingGapHour(DateTimeOffset Start, double ArrivalsPerHour, double HandleSeconds, int NeededOperators, int NeededSlots,
    double ScheduledOperators, double ScheduledSlots, double Gap, double SlotGap);

/// <summary>
/// The gap per hour of a department's week, hours in the department's time zone (<see cref="TimeZoneId"/>; a week with
/// a DST change has 167 or 169 hours). Echoes the inputs used; <see cref="UnscheduledMembers"/> have no work schedule
/// and are not counted as scheduled.
/// </summary>
[GenerateSerializer, Immutable, Alias("routing.StaffingGap")]
public sealed record StaffingGap(string DepartmentId, string TimeZoneId, DateOnly WeekStart, int Weeks, double ArrivalsFactor, double ServiceLevelTarget,
    double TargetSeconds, int Capacity, IReadOnlyList<string> UnscheduledMembers, IReadOnlyList<StaffingGapHour> Hours);
