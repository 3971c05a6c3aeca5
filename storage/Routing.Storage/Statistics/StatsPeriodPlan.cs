using System.Globalization;

namespace Routing.Storage.Statistics;

/// <summary>One part of a period read from one grain's table: [<see cref="From"/>, <see cref="To"/>) in that grain's key text.</summary>
public sealed record StatsPeriodPart(StatsGrain Grain, string From, string To);

/// <summary>
/// Splits a period of local hours into the coarsest grains that cover it exactly: hours at the ragged ends, days up to
/// the first whole month and after the last one, whole months in the middle. A year is then about 12 month rows per
/// bucket key instead of 8,760 hour rows. Grouping by hour reads hours only, grouping by day never reads months.
/// </summary>
public static class StatsPeriodPlan
{
    private const string HourFormat = "yyyy-MM-dd'T'HH";

    public static IReadOnlyList<StatsPeriodPart> Split(string fromHour, string toHour, StatsGrain coarsest)
    {
        var from = Parse(fromHour);
        var to = Parse(toHour);
        if (from >= to) return [];
        if (coarsest == StatsGrain.Hour) return [Part(StatsGrain.Hour, from, to)];
        var firstDay = from.TimeOfDay == TimeSpan.Zero ? from : from.Date.AddDays(1);
        var endDay = to.Date;
        if (firstDay >= endDay) return [Part(StatsGrain.Hour, from, to)];
        var middle = coarsest == StatsGrain.Day ? [Part(StatsGrain.Day, firstDay, endDay)] : Days(firstDay, endDay);
        return [.. NonEmpty(Part(StatsGrain.Hour, from, firstDay)), .. middle, .. NonEmpty(Part(StatsGrain.Hour, endDay, to))];
    }

    // Whole days [from, to): months where they are whole, days around them.
    private static IEnumerable<StatsPeriodPart> Days(DateTime from, DateTime to)
    {
        var firstMonth = from.Day == 1 ? from : new DateTime(from.Year, from.Month, 1).AddMonths(1);
        var endMonth = new DateTime(to.Year, to.Month, 1);
        if (firstMonth >= endMonth) return [Part(StatsGrain.Day, from, to)];
        return [.. NonEmpty(Part(StatsGrain.Day, from, firstMonth)), Part(StatsGrain.Month, firstMonth, endMonth), .. NonEmpty(Part(StatsGrain.Day, endMonth, to))];
    }

    private static StatsPeriodPart Part(StatsGrain grain, DateTime from, DateTime to)
    {
        var length = StatsGrains.KeyLength(grain);
        return new StatsPeriodPart(grain, Format(from)[..length], Format(to)[..length]);
    }

    private static IEnumerable<StatsPeriodPart> NonEmpty(StatsPeriodPart part) => part.From == part.To ? [] : [part];

    private static DateTime Parse(string hour) => DateTime.ParseExact(hour, HourFormat, CultureInfo.InvariantCulture);

    private static string Format(DateTime at) => at.ToString(HourFormat, CultureInfo.InvariantCulture);
}
