using Orleans;

namespace Routing.GrainInterfaces.Model;

/// <summary>What a <see cref="ScheduleException"/> does on its date.</summary>
[GenerateSerializer, Alias("routing.ScheduleExceptionKind")]
public enum ScheduleExceptionKind
{
    /// <summary>The weekly shifts starting on the date do not take place.</summary>
    DayOff,

    /// <summary>One more shift starts on the date, at <see cref="ScheduleException.Start"/> for <see cref="ScheduleException.Duration"/>.</summary>
    ExtraShift,
}

/// <summary>
/// A dated change to an operator's weekly pattern (R14), on a local date in the schedule's time zone. A day off removes
/// the weekly shifts that start on that date (a night shift from the day before still ends as planned); extra shifts
/// apply even on a day off, so "off, but in from 18:00 to 20:00" is a day off plus an extra shift.
/// </summary>
[GenerateSerializer, Immutable, Alias("routing.ScheduleException")]
public sealed record ScheduleException(DateOnly Date, ScheduleExceptionKind Kind)
{
    /// <summary>An extra shift's local start; unused for a day off.</summary>
    [Id(0)] public TimeOnly Start { get; init; }

    /// <summary>An extra shift's wall-clock length, as for <see cref="WeeklyShift.Duration"/>; unused for a day off.</summary>
    [Id(1)] public TimeSpan Duration { get; init; }

    public static ScheduleException DayOff(DateOnly date) => new(date, ScheduleExceptionKind.DayOff);

    public static ScheduleException ExtraShift(DateOnly date, TimeOnly start, TimeSpan duration) =>
        new(date, ScheduleExceptionKind.ExtraShift) { Start = start, Duration = duration };
}
