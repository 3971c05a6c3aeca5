using System.Globalization;
using Orleans.Concurrency;
using Routing.GrainInterfaces;
using Routing.GrainInterfaces.Model;
using Routing.Grains.Policies;
using Routing.Grains.Policies.Staffing;
using Routing.Grains.Policies.Statistics;

namespace Routing.Grains.Grains;

/// <summary>
/// Answers staffing questions with <see cref="StaffingPolicy"/>; no state, any silo, several at once. The gap of a week
/// costs three calls whatever the department's size: the workspace (the department's configuration), the department
/// (its members' schedules, held there) and the statistics (one SQL query of the past weeks' hours).
/// </summary>
[StatelessWorker]
[GrainType("staffing")]
public sealed class StaffingGrain(TimeProvider time) : Grain, IStaffingGrain
{
    private const double DefaultHandleSeconds = 300;

    public Task<StaffingAdvice> WhatIf(StaffingQuestion question)
    {
        ArgumentNullException.ThrowIfNull(question);
        var answer = StaffingPolicy.Required(new StaffingInput(question.ArrivalsPerHour, question.AverageHandleSeconds, question.ServiceLevelTarget,
            question.TargetSeconds, question.Capacity, question.PatienceSeconds));
        var forecast = answer.Forecast;
        return Task.FromResult(new StaffingAdvice(answer.RequiredOperators, answer.RequiredServers, answer.Load, forecast.ProbabilityOfWaiting,
            forecast.ServiceLevel, forecast.AverageWaitSeconds, forecast.Abandonment));
    }

    public async Task<StaffingGap> Gap(StaffingGapQuestion question)
    {
        ArgumentNullException.ThrowIfNull(question);
        if (question.Problem() is { } problem) throw new ArgumentException(problem, nameof(question));
        var workspace = this.GetPrimaryKeyString();
        var departments = await GrainFactory.GetGrain<IWorkspaceGrain>(RoutingKeys.Workspace(workspace)).GetDepartments();
        if (!departments.TryGetValue(question.DepartmentId, out var config))
            throw new ArgumentException($"no department '{question.DepartmentId}'", nameof(question));
        var members = await GrainFactory.GetGrain<IDepartmentGrain>(RoutingKeys.Department(workspace, question.DepartmentId)).GetScheduledMembers();
        var settings = new GapSettings(question.Weeks, question.ArrivalsFactor, question.ServiceLevelTarget,
            question.TargetSeconds ?? (config.FirstResponseTarget ?? ResponseTargets.LiveChannelDefault).TotalSeconds,
            question.Capacity ?? StaffingGapPolicy.TypicalCapacity(members), question.Capacity is not null, question.HandleSeconds,
            config.AverageHandleTime?.TotalSeconds ?? DefaultHandleSeconds, question.PatienceSeconds);
        if (StaffingPolicy.Problem(new StaffingInput(0, settings.HandleSeconds ?? settings.DefaultHandleSeconds, settings.ServiceLevelTarget,
                settings.TargetSeconds, settings.Capacity, settings.PatienceSeconds)) is { } inputProblem)
            throw new ArgumentException(inputProblem, nameof(question));

        var zone = TimeZones.Find(config.TimeZoneId);
        var weekStart = question.WeekStart ?? ComingMonday(zone);
        var history = weekStart.AddDays(-7 * question.Weeks).ToDateTime(TimeOnly.MinValue);
        var report = await GrainFactory.GetGrain<IStatisticsGrain>(RoutingKeys.Workspace(workspace)).Query(
            new StatsRequest(history, weekStart.ToDateTime(TimeOnly.MinValue), [StatsDimension.Hour]) { DepartmentId = question.DepartmentId, InDepartmentZones = true });
        var observed = report.Current.Groups.Select(g => new ObservedHour(ParseHour(g.Group["hour"]), g.Figures.Offered, g.Figures.Handle.Count,
            g.Figures.Handle.AverageSeconds));
        var hours = StaffingGapPolicy.Gap(ScheduledWeek.Of(members, zone, weekStart), observed.ToList(), settings);
        var unscheduled = members.Where(m => m.Schedule is null && !m.Blocked).Select(m => m.OperatorId).Order(StringComparer.Ordinal).ToList();
        return new StaffingGap(question.DepartmentId, config.TimeZoneId, weekStart, question.Weeks, question.ArrivalsFactor, settings.ServiceLevelTarget,
            settings.TargetSeconds, settings.Capacity, unscheduled, hours);
    }

    /// <summary>The Monday after today in the department's zone: the coming week.</summary>
    private DateOnly ComingMonday(TimeZoneInfo zone)
    {
        var today = DateOnly.FromDateTime(TimeZones.WallClock(zone, time.GetUtcNow()));
        var days = ((int)DayOfWeek.Monday - (int)today.DayOfWeek + 7) % 7;
        return today.AddDays(days == 0 ? 7 : days);
    }

    private static DateTime ParseHour(string hour) =>
        DateTime.ParseExact(hour, StatsHour.Format, CultureInfo.InvariantCulture);
}
