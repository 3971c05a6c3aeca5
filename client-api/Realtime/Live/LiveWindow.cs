using Routing.GrainInterfaces;

namespace Routing.ClientApi.Realtime.Live;

/// <summary>
/// The last 15 minutes of a workspace's <see cref="DialogMeasured"/> events, in one-minute slots per department: the
/// current minute and the 14 before it. Memory is per minute and department, not per event, whatever the load.
/// </summary>
internal sealed class LiveWindow
{
    public const int Minutes = 15;
    private readonly Dictionary<(long Minute, string Department), LiveFigures> _slots = new();

    public void Add(DialogMeasured measured)
    {
        var key = (MinuteOf(measured.At), measured.DepartmentId);
        var figures = _slots.GetValueOrDefault(key, LiveFigures.Zero);
        _slots[key] = figures.Plus(measured.Measure switch
        {
            LiveMeasure.Arrived => new LiveFigures(1, 0, 0, 0, 0),
            LiveMeasure.Answered => new LiveFigures(0, 1, 0, measured.SlaMet is null ? 0 : 1, measured.SlaMet == true ? 1 : 0),
            _ => new LiveFigures(0, 0, 1, measured.SlaMet is null ? 0 : 1, measured.SlaMet == true ? 1 : 0),
        });
    }

    /// <summary>Per department, the slots of the 15 minutes up to <paramref name="now"/>; older slots are dropped.</summary>
    public IReadOnlyDictionary<string, LiveFigures> Totals(DateTimeOffset now)
    {
        var first = MinuteOf(now) - (Minutes - 1);
        var totals = new Dictionary<string, LiveFigures>(StringComparer.Ordinal);
        foreach (var ((minute, department), figures) in _slots.ToList())
        {
            if (minute < first)
            {
                _slots.Remove((minute, department));
                continue;
            }
            totals[department] = totals.GetValueOrDefault(department, LiveFigures.Zero).Plus(figures);
        }
        return totals;
    }

    public static long MinuteOf(DateTimeOffset at) => at.ToUnixTimeSeconds() / 60;
}
