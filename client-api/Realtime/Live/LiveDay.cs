using System.Globalization;
using Routing.GrainInterfaces;

namespace Routing.ClientApi.Realtime.Live;

/// <summary>
/// "Today" and "this hour" of a workspace (issue 13) over the hourly statistics buckets. The day is the workspace's
/// (its time zone); each department's buckets are keyed by its own local hour (the projection's rule), so the day is
/// mapped to each department's local hours: exact where the zones differ by whole hours, to the hour otherwise.
/// </summary>
internal sealed class LiveDay
{
    private const string HourFormat = "yyyy-MM-dd'T'HH";
    private readonly DateTimeOffset _now;
    private readonly DateTimeOffset _dayStart;

    public LiveDay(DateTimeOffset now, TimeZoneInfo workspaceZone)
    {
        _now = now;
        var local = TimeZoneInfo.ConvertTime(now, workspaceZone);
        Day = DateOnly.FromDateTime(local.DateTime);
        _dayStart = FirstInstantShowing(workspaceZone, local.Date);
        HourStart = new DateTimeOffset(Floor(local.DateTime), local.Offset).ToUniversalTime(); // a zone off by half an hour: at :30 UTC
    }

    public DateOnly Day { get; }
    public DateTimeOffset HourStart { get; }

    /// <summary>The bucket hours of today in a department's zone: [from, to), to being the hour after the current one.</summary>
    public (DateTime From, DateTime To, DateTime Now) HoursIn(TimeZoneInfo departmentZone) =>
        (Floor(TimeZoneInfo.ConvertTime(_dayStart, departmentZone).DateTime), Floor(TimeZoneInfo.ConvertTime(_now, departmentZone).DateTime).AddHours(1),
            Floor(TimeZoneInfo.ConvertTime(_now, departmentZone).DateTime));

    /// <summary>
    /// Today's and this hour's figures per department from rows grouped by department and hour (<see cref="StatsPeriod"/>
    /// of the union of every department's range), each row counted only within its own department's range.
    /// </summary>
    public static Dictionary<string, (LiveFigures Today, LiveFigures Hour)> Sum(StatsPeriod period,
        Func<string, (DateTime From, DateTime To, DateTime Now)> hoursOf)
    {
        var sums = new Dictionary<string, (LiveFigures Today, LiveFigures Hour)>(StringComparer.Ordinal);
        foreach (var group in period.Groups)
        {
            var department = group.Group.GetValueOrDefault("department", "");
            if (!DateTime.TryParseExact(group.Group.GetValueOrDefault("hour"), HourFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out var hour)) continue;
            var (from, to, now) = hoursOf(department);
            if (hour < from || hour >= to) continue;
            var f = group.Figures;
            var figures = new LiveFigures(f.Offered, f.Answered, f.Abandoned, f.SlaMeasured, f.SlaMet);
            var (today, thisHour) = sums.GetValueOrDefault(department, (LiveFigures.Zero, LiveFigures.Zero));
            sums[department] = (today.Plus(figures), hour == now ? thisHour.Plus(figures) : thisHour);
        }
        return sums;
    }

    private static DateTime Floor(DateTime local) => new(local.Year, local.Month, local.Day, local.Hour, 0, 0, DateTimeKind.Unspecified);

    /// <summary>The first instant whose wall clock shows <paramref name="local"/> or later (midnight may not exist on a DST day).</summary>
    private static DateTimeOffset FirstInstantShowing(TimeZoneInfo zone, DateTime local)
    {
        var wall = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        while (zone.IsInvalidTime(wall)) wall = wall.AddMinutes(15);
        var offsets = zone.IsAmbiguousTime(wall) ? zone.GetAmbiguousTimeOffsets(wall).Max() : zone.GetUtcOffset(wall);
        return new DateTimeOffset(wall, offsets);
    }
}
