using Routing.GrainInterfaces;

namespace Routing.Grains.Policies.Staffing;

/// <summary>One local hour of the department's past (the statistics' hour bucket): dialogs offered, handle times measured.</summary>
public sealed record ObservedHour(DateTime LocalHour, long Offered, long HandleCount, double? HandleAverageSeconds);

/// <summary>
/// How the gap is computed: over <paramref name="Weeks"/> past weeks, arrivals times <paramref name="ArrivalsFactor"/>,
/// the service target, and <paramref name="Capacity"/> dialogs per operator; when <paramref name="CapacityIsWhatIf"/>
/// every scheduled operator counts with that capacity too. <paramref name="HandleSeconds"/> replaces the observed handle
/// times; <paramref name="DefaultHandleSeconds"/> stands in where none was observed.
/// </summary>
public sealed record GapSettings(int Weeks, double ArrivalsFactor, double ServiceLevelTarget, double TargetSeconds, int Capacity, bool CapacityIsWhatIf,
    double? HandleSeconds, double DefaultHandleSeconds, double? PatienceSeconds = null);

/// <summary>
/// Needed against scheduled per hour of a week (R20 staffing gap). Needed: the arrivals of the same weekday and local
/// hour averaged over the past weeks (a week without any counts as zero), the handle time measured in those hours
/// (weighted by dialogs; else over all the weeks' hours; else the default), and <see cref="StaffingPolicy.Required"/>
/// on them, as the what-if computes. Gap: scheduled minus needed, in operators and in capacity slots (negative: short).
/// </summary>
public static class StaffingGapPolicy
{
    public static IReadOnlyList<StaffingGapHour> Gap(IReadOnlyList<ScheduledHour> scheduled, IEnumerable<ObservedHour> observed, GapSettings settings)
    {
        ArgumentNullException.ThrowIfNull(scheduled);
        ArgumentNullException.ThrowIfNull(observed);
        ArgumentNullException.ThrowIfNull(settings);
        var byHourOfWeek = new Dictionary<(DayOfWeek, int), (long Offered, long Handled, double HandleSum)>();
        long allHandled = 0;
        double allHandleSum = 0;
        foreach (var hour in observed)
        {
            var key = (hour.LocalHour.DayOfWeek, hour.LocalHour.Hour);
            var sum = byHourOfWeek.GetValueOrDefault(key);
            var handleSum = hour.HandleAverageSeconds is { } average ? average * hour.HandleCount : 0;
            var handled = hour.HandleAverageSeconds is null ? 0 : hour.HandleCount;
            byHourOfWeek[key] = (sum.Offered + hour.Offered, sum.Handled + handled, sum.HandleSum + handleSum);
            allHandled += handled;
            allHandleSum += handleSum;
        }
        var overallHandle = allHandled > 0 ? allHandleSum / allHandled : settings.DefaultHandleSeconds;
        var answers = new Dictionary<(double, double), StaffingAnswer>(); // the same load asked once
        return scheduled.Select(hour =>
        {
            var past = byHourOfWeek.GetValueOrDefault((hour.LocalStart.DayOfWeek, hour.LocalStart.Hour));
            var arrivals = past.Offered * settings.ArrivalsFactor / settings.Weeks;
            var handle = settings.HandleSeconds ?? (past.Handled > 0 ? past.HandleSum / past.Handled : overallHandle);
            if (!answers.TryGetValue((arrivals, handle), out var needed))
                answers[(arrivals, handle)] = needed = StaffingPolicy.Required(new StaffingInput(arrivals, handle, settings.ServiceLevelTarget,
                    settings.TargetSeconds, settings.Capacity, settings.PatienceSeconds));
            var slots = settings.CapacityIsWhatIf ? hour.Operators * settings.Capacity : hour.Slots;
            return new StaffingGapHour(hour.Start, Math.Round(arrivals, 3), Math.Round(handle, 1), needed.RequiredOperators, needed.RequiredServers,
                hour.Operators, slots, Math.Round(hour.Operators - needed.RequiredOperators, 3), Math.Round(slots - needed.RequiredServers, 3));
        }).ToList();
    }

    /// <summary>The capacity the department's operators usually have: the median of the members who may work (1 without any).</summary>
    public static int TypicalCapacity(IEnumerable<ScheduledMember> members)
    {
        var capacities = members.Where(m => !m.Blocked).Select(m => m.Capacity).Order().ToList();
        return capacities.Count == 0 ? 1 : capacities[capacities.Count / 2];
    }
}
