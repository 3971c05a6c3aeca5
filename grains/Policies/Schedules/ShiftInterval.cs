namespace Routing.Grains.Policies;

/// <summary>
/// An operator's time on shift (R14), in UTC: from <paramref name="Start"/> (included) to <paramref name="End"/>
/// (excluded). Overlapping and back-to-back shifts of a schedule form one interval.
/// </summary>
public sealed record ShiftInterval(DateTimeOffset Start, DateTimeOffset End)
{
    public bool Contains(DateTimeOffset instant) => Start <= instant && instant < End;
}
