using Orleans;
using Routing.GrainInterfaces.Events;

namespace Routing.GrainInterfaces;

/// <summary>What one dialog adds to the live statistics (the supervisors' wallboard, issue 13).</summary>
[GenerateSerializer, Alias("routing.LiveMeasure")]
public enum LiveMeasure
{
    /// <summary>It entered a queue: opened (not with a bot) or handed over by a bot.</summary>
    Arrived = 0,

    /// <summary>The first operator reply.</summary>
    Answered = 1,

    /// <summary>Closed before any operator replied.</summary>
    Abandoned = 2,
}

/// <summary>
/// Published on <see cref="RoutingTopics.LiveStats"/> by a conversation when it arrives, is answered or abandoned: the
/// same moments, and the same SLA rule, as the statistics projection's offered, answered and abandoned.
/// <see cref="SlaMet"/> is null where no SLA is decided (an arrival; a dialog without a target or that a bot kept).
/// </summary>
[GenerateSerializer, Immutable, Alias("routing.DialogMeasured")]
public sealed record DialogMeasured(string ConversationId, string DepartmentId, LiveMeasure Measure, DateTimeOffset At, bool? SlaMet) : IGrainEventPayload;

/// <summary>
/// A department's live figures over some minutes (<see cref="IStatisticsGrain.LiveMinutes"/>), from the projection's
/// durable minute counts: the same for every silo, and after a restart.
/// </summary>
[GenerateSerializer, Immutable, Alias("routing.LiveMinuteFigures")]
public sealed record LiveMinuteFigures(string DepartmentId, long Arrivals, long Answered, long Abandoned, long SlaMeasured, long SlaMet);
