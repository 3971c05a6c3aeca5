using Routing.GrainInterfaces.Model;
using Routing.Storage.Statistics;

namespace Routing.Grains.Policies.Statistics;

/// <summary>
/// Turns an operator's status history into time per status (R20): when the status changes, the time spent in the one
/// before is added to that status's counter, split over the local hours it spanned (the operator's first department's
/// time zone), so each hour holds only its own share. The time in the current status counts once it ends. A change at
/// or below <see cref="OperatorStatusFacts.LastVersion"/> changes nothing; one older than the last (a clock that went
/// back) adds no time.
/// </summary>
public static class OperatorStatusFold
{
    public static (OperatorStatusFacts Facts, IReadOnlyList<StatsChange> Changes) Apply(
        OperatorStatusFacts? facts, string operatorId, int status, DateTimeOffset at, long version, StatsContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (facts is not null && version <= facts.LastVersion) return (facts, []);
        var next = new OperatorStatusFacts(status, facts is null || at > facts.Since ? at : facts.Since, version);
        if (facts is null || at <= facts.Since || MeasureOf(facts.Status) is not { } measure) return (next, []);
        var zone = context.OperatorZoneOf(operatorId);
        var changes = HourShares(facts.Since, at, zone)
            .Select(share => StatsChange.Count(new StatsBucketKey(context.Workspace, share.Hour, "", operatorId, "", ""), measure, share.Milliseconds))
            .ToList();
        return (next, changes);
    }

    /// <summary>The counter of time in a status (<see cref="OperatorStatus"/> as stored), or null for one unknown.</summary>
    public static StatsMeasure? MeasureOf(int status) => (OperatorStatus)status switch
    {
        OperatorStatus.Online => StatsMeasure.OnlineMs,
        OperatorStatus.Away => StatsMeasure.AwayMs,
        OperatorStatus.Offline => StatsMeasure.OfflineMs,
        OperatorStatus.NotResponding => StatsMeasure.NotRespondingMs,
        OperatorStatus.WrappingUp => StatsMeasure.WrappingUpMs,
        _ => null,
    };

    /// <summary>[from, to) cut at the local hour boundaries: each local hour with its milliseconds.</summary>
    public static IEnumerable<(string Hour, long Milliseconds)> HourShares(DateTimeOffset from, DateTimeOffset to, TimeZoneInfo zone)
    {
        for (var start = from; start < to;)
        {
            // The next whole UTC hour is the next local hour boundary in whole-hour zones; half-hour zones cut at their own.
            var local = TimeZoneInfo.ConvertTime(start, zone);
            var localHourStart = new DateTimeOffset(local.Year, local.Month, local.Day, local.Hour, 0, 0, local.Offset);
            var end = localHourStart.AddHours(1);
            if (end > to) end = to;
            yield return (StatsHour.Of(start, zone), (long)(end - start).TotalMilliseconds);
            start = end;
        }
    }
}
