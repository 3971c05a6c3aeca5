namespace Routing.Grains.Policies;

/// <summary>
/// The merged UTC intervals of the shifts that start on the local dates [from, to]. A shift lasts at most a day, so these
/// agree with the whole schedule within [<see cref="ExactFrom"/>, <see cref="ExactUntil"/>): midnight after
/// <c>from</c> to midnight after <c>to</c>, local time. Outside, earlier or later shifts may be missing.
/// </summary>
internal sealed class ShiftTimeline
{
    private readonly List<ShiftInterval> intervals;

    private ShiftTimeline(List<ShiftInterval> intervals, DateTimeOffset exactFrom, DateTimeOffset exactUntil)
    {
        this.intervals = intervals;
        ExactFrom = exactFrom;
        ExactUntil = exactUntil;
    }

    public DateTimeOffset ExactFrom { get; }
    public DateTimeOffset ExactUntil { get; }

    /// <summary>The merged intervals in order; exact within [<see cref="ExactFrom"/>, <see cref="ExactUntil"/>).</summary>
    public IReadOnlyList<ShiftInterval> Intervals => intervals;

    public static ShiftTimeline Build(ShiftCalendar calendar, TimeZoneInfo zone, DateOnly from, DateOnly to)
    {
        var spans = new List<(DateTime Start, DateTime End)>();
        foreach (var day in calendar.DaysWithShifts(from, to)) calendar.AddShiftsStarting(day, spans);
        // FirstInstantShowing never maps a later wall-clock time to an earlier instant, so the local order is the UTC
        // order, and spans that overlap or touch in local time still do in UTC.
        spans.Sort();
        var merged = new List<ShiftInterval>();
        foreach (var (localStart, localEnd) in spans)
        {
            var start = TimeZones.FirstInstantShowing(zone, localStart);
            var end = TimeZones.FirstInstantShowing(zone, localEnd);
            if (end <= start) continue; // lies wholly in a spring-forward gap: the clock never shows it that day
            if (merged.Count > 0 && start <= merged[^1].End)
            {
                if (end > merged[^1].End) merged[^1] = merged[^1] with { End = end };
            }
            else
            {
                merged.Add(new ShiftInterval(start, end));
            }
        }
        return new ShiftTimeline(
            merged,
            TimeZones.FirstInstantShowing(zone, from.AddDays(1).ToDateTime(TimeOnly.MinValue)),
            TimeZones.FirstInstantShowing(zone, to.AddDays(1).ToDateTime(TimeOnly.MinValue)));
    }

    public ShiftInterval? Containing(DateTimeOffset instant)
    {
        foreach (var interval in intervals)
            if (interval.Contains(instant)) return interval;
        return null;
    }

    /// <summary>
    /// The first interval edge after <paramref name="instant"/> (at or after <see cref="ExactFrom"/>) and before
    /// <see cref="ExactUntil"/>, or null. Merged intervals neither overlap nor touch, so within the exact range every edge
    /// is a real change of state.
    /// </summary>
    public ShiftTransition? FirstTransitionAfter(DateTimeOffset instant)
    {
        foreach (var interval in intervals)
        {
            if (interval.Start >= ExactUntil) return null;
            if (interval.Start > instant) return new ShiftTransition(interval.Start, ShiftTransitionKind.ShiftStart);
            if (interval.End > instant) return interval.End < ExactUntil ? new ShiftTransition(interval.End, ShiftTransitionKind.ShiftEnd) : null;
        }
        return null;
    }
}
