using Orleans;

namespace Routing.GrainInterfaces.Model;

/// <summary>
/// An operator's work schedule (R14): weekly <see cref="Shifts"/> and dated <see cref="Exceptions"/>, in wall-clock time
/// of an IANA time zone ("Europe/Berlin"). Overlapping and back-to-back shifts are allowed and count as one shift.
/// The shifts must leave some time off each week: an operator on duty around the clock needs no schedule.
/// Defaults: UTC, no shifts (never on shift), no grace period, no lateness alert.
/// </summary>
[GenerateSerializer, Immutable, Alias("routing.WorkSchedule")]
public sealed record WorkSchedule
{
    /// <summary>Bounds that keep a schedule's evaluation cheap.</summary>
    public const int MaxShifts = 100;
    public const int MaxExceptions = 1000;

    /// <summary>Longest shift: one day, so a shift reaches at most into the next day.</summary>
    public static readonly TimeSpan MaxShiftDuration = TimeSpan.FromHours(24);

    /// <summary>Longest grace period and lateness alert delay: beyond a day they mean nothing, and instants stay in range.</summary>
    public static readonly TimeSpan MaxDelay = TimeSpan.FromHours(24);

    [Id(0)] public string TimeZoneId { get; init; } = "UTC";
    [Id(1)] public IReadOnlyList<WeeklyShift> Shifts { get; init; } = [];
    [Id(2)] public IReadOnlyList<ScheduleException> Exceptions { get; init; } = [];

    /// <summary>After a shift ends, how long the operator may finish open dialogs before they move to colleagues; zero: at once.</summary>
    [Id(3)] public TimeSpan GracePeriod { get; init; } = TimeSpan.Zero;

    /// <summary>Supervisors are alerted when the operator is not online this long after their shift starts; null: never.</summary>
    [Id(4)] public TimeSpan? LatenessAlertAfter { get; init; }

    /// <summary>Why this schedule is invalid, or null.</summary>
    public string? Problem()
    {
        if (TimeZoneIds.Problem(TimeZoneId) is { } zoneProblem) return zoneProblem;
        if (Shifts is null || Exceptions is null) return "shifts and exceptions must be lists (possibly empty)";
        if (Shifts.Count > MaxShifts) return $"{Shifts.Count} weekly shifts; at most {MaxShifts}";
        if (Exceptions.Count > MaxExceptions) return $"{Exceptions.Count} exceptions; at most {MaxExceptions}";
        if (Shifts.Any(s => s is null) || Exceptions.Any(e => e is null)) return "a shift or exception is missing (null)";
        for (var i = 0; i < Shifts.Count; i++)
        {
            if (!Enum.IsDefined(Shifts[i].Day)) return $"shift {i}: unknown day {(int)Shifts[i].Day}";
            if (ShiftProblem(Shifts[i].Start, Shifts[i].Duration) is { } problem) return $"shift {i} ({Shifts[i].Day} {Shifts[i].Start:HH:mm}): {problem}";
        }
        for (var i = 0; i < Exceptions.Count; i++)
            if (ExceptionProblem(Exceptions[i]) is { } problem) return $"exception {i} ({Exceptions[i].Date:yyyy-MM-dd}): {problem}";
        if (GracePeriod < TimeSpan.Zero) return "grace period is negative";
        if (GracePeriod > MaxDelay) return $"grace period {GracePeriod}; at most {MaxDelay}";
        if (LatenessAlertAfter < TimeSpan.Zero) return "lateness alert delay is negative";
        if (LatenessAlertAfter > MaxDelay) return $"lateness alert delay {LatenessAlertAfter}; at most {MaxDelay}";
        return CoversWholeWeek(Shifts) ? "the shifts cover the whole week; an operator on duty around the clock needs no schedule" : null;
    }

    private static string? ExceptionProblem(ScheduleException exception)
    {
        // Keeps date arithmetic around the exception (a few weeks either side) within DateOnly's range.
        if (exception.Date.Year is < 2 or > 9998) return "date out of range";
        return exception.Kind switch
        {
            ScheduleExceptionKind.DayOff => exception.Start != default || exception.Duration != TimeSpan.Zero ? "a day off has no start or duration" : null,
            ScheduleExceptionKind.ExtraShift => ShiftProblem(exception.Start, exception.Duration),
            _ => $"unknown kind {exception.Kind}",
        };
    }

    // Whole minutes: schedules are planned in minutes, and durable deadlines have second precision.
    private static string? ShiftProblem(TimeOnly start, TimeSpan duration)
    {
        if (duration <= TimeSpan.Zero || duration > MaxShiftDuration) return $"lasts {duration}; a shift lasts more than zero and at most 24 h";
        if (start.Ticks % TimeSpan.TicksPerMinute != 0 || duration.Ticks % TimeSpan.TicksPerMinute != 0) return "start and duration must be whole minutes";
        return null;
    }

    /// <summary>Whether the weekly shifts, laid on one wall-clock week that wraps from Sunday to Sunday, leave no gap.</summary>
    private static bool CoversWholeWeek(IReadOnlyList<WeeklyShift> shifts)
    {
        var week = TimeSpan.FromDays(7).Ticks;
        var spans = new List<(long Start, long End)>();
        foreach (var shift in shifts)
        {
            var start = (long)shift.Day * TimeSpan.TicksPerDay + shift.Start.Ticks;
            var end = start + shift.Duration.Ticks;
            spans.Add((start, Math.Min(end, week)));
            if (end > week) spans.Add((0, end - week));
        }
        spans.Sort();
        var covered = 0L;
        foreach (var (start, end) in spans)
        {
            if (start > covered) return false;
            covered = Math.Max(covered, end);
        }
        return covered >= week;
    }
}
