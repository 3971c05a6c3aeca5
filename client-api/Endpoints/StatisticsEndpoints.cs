using System.ComponentModel;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Orleans;
using Routing.ClientApi.Auth;
using Routing.ClientApi.Errors;
using Routing.ClientApi.Validation;
using Routing.GrainInterfaces;

namespace Routing.ClientApi.Endpoints;

/// <summary>Statistics and reports (R20): a workspace's figures of any period beside the period before, as JSON or CSV.</summary>
internal static class StatisticsEndpoints
{
    private const string CsvType = "text/csv";

    public static void Map(RouteGroupBuilder v1)
    {
        var supervisor = WorkspaceGroups.For(v1, ApiClaims.SupervisorPolicy, "Statistics");
        supervisor.MapGet("/stats", Stats)
            .WithSummary("Figures of a period per group, with the period of the same length just before it (R20)")
            .WithDescription("`from` and `to` are local dates or whole hours (`2026-03-02`, `2026-03-02T14:00`; `to` excluded) in the "
                + "workspace's time zone once an admin set one (PUT time-zone; hours, days and months are then the workspace's too), else "
                + "in each department's own. `groupBy` lists any of hour, day, month (one at most), department, operator, channel, "
                + "topic (comma-separated); none gives one total. Measures: dialogs offered (entered a queue), assigned, answered (an "
                + "operator replied), rescued, transferred, abandoned (closed before any reply), closed, resolved (first-contact "
                + "resolution: answered, never transferred); messages; the SLA share (first reply within the department's target); "
                + "ratings (count, mean normalised to 0-1); first response, wait (queue to first assignment) and handle time (first "
                + "assignment to close) with mean and p50/p90/p99 in seconds. Measures of no operator (offered, abandoned) have "
                + "operator \"\". `format=csv` answers text/csv, one row per group and period.")
            .Produces<StatsReport>().Produces<string>(200, CsvType);
        supervisor.MapGet("/stats/low-rated", LowRated)
            .WithSummary("Rated dialogs of a period with a score at most `maxScore` (default 2), lowest first, for review")
            .WithDescription("`from` and `to` as for stats: in the workspace's time zone once one is set, else each department's.")
            .Produces<List<LowRatedDialog>>().Produces<string>(200, CsvType);

        supervisor.MapPost("/staffing/what-if", WhatIf)
            .WithSummary("Operators needed for given arrivals, handle time and service target (Erlang C; chat on capacity slots; Erlang A abandonment with a patience)")
            .WithDescription("For example 80 % answered within 20 s: `serviceLevelTarget` 0.8, `targetSeconds` 20. `capacity` (default 1) is the "
                + "dialogs an operator serves at once: servers are capacity slots and operators are slots / capacity rounded up. With "
                + "`patienceSeconds` the forecast includes abandonment (Erlang A); the staffing stays Erlang C's, on the safe side. "
                + "Ask again with other inputs (arrivals +30 %, capacity 3 instead of 2, a new target) to compare.")
            .Produces<StaffingAdvice>();
        supervisor.MapGet("/staffing/gap", Gap)
            .WithSummary("Operators needed against scheduled per hour of a department's week, with the gap (short or over)")
            .WithDescription("Needed: the dialogs offered in the same weekday and local hour of the last `weeks` weeks (default 4), averaged, "
                + "and their measured handle time, through the what-if's computation (Erlang C on capacity slots). Scheduled: the "
                + "members' work schedules, each in its own time zone with its days off and extra shifts, averaged over the hour (on "
                + "shift half of it: 0.5); blocked members and members without a schedule (listed in `unscheduledMembers`) count for "
                + "nothing. Hours are the department's time zone's, from local midnight of `weekStart` (default: the coming Monday) for "
                + "seven days: a week with a DST change has 167 or 169 hours, each `start` carries its UTC offset. `gap` and `slotGap` "
                + "are scheduled minus needed (negative: short). What-if: `arrivalsFactor` (1.3: +30 %), `serviceLevelTarget` "
                + "(default 0.8), `targetSeconds` (default the department's first-response target), `capacity` (default the members' "
                + "median; given, every scheduled operator counts with it), `handleSeconds` (instead of the measured), `patienceSeconds`.")
            .Produces<StaffingGap>().ProducesProblem(404);

        v1.MapPost("/statistics/rebuild", Rebuild).RequireAuthorization(ApiClaims.BootstrapPolicy).WithTags("Statistics")
            .WithSummary("Recomputes every workspace's statistics from the conversation timelines (bootstrap key)")
            .Produces<RebuildResponse>().ProducesProblem(401).ProducesProblem(403);
    }

    private static async Task<IResult> Stats(string ws,
        [Description("Start of the period: a local date (yyyy-MM-dd) or hour (yyyy-MM-ddTHH:00).")] string? from,
        [Description("End of the period (excluded), as `from`.")] string? to,
        [Description("Comma-separated: hour|day|month, department, operator, channel, topic.")] string? groupBy,
        [Description("Only this department's figures.")] string? departmentId,
        [Description("Only this operator's figures.")] string? operatorId,
        [Description("json (default) or csv.")] string? format,
        IGrainFactory grains)
    {
        var request = StatsParameters.Request(from, to, groupBy, departmentId, operatorId);
        var csv = StatsParameters.Csv(format);
        var report = await grains.GetGrain<IStatisticsGrain>(RoutingKeys.Workspace(ws)).Query(request);
        return csv ? Results.Text(StatisticsCsv.Of(report, request.GroupBy), CsvType) : Results.Ok(report);
    }

    private static async Task<IResult> LowRated(string ws, string? from, string? to,
        [Description("The highest score listed, 1-5; default 2.")] int? maxScore,
        [Description("At most this many, 1-1000; default 100.")] int? limit,
        [Description("json (default) or csv.")] string? format,
        IGrainFactory grains)
    {
        var period = StatsParameters.Request(from, to, null, null, null);
        var (max, count) = StatsParameters.LowRated(maxScore, limit);
        var csv = StatsParameters.Csv(format);
        var dialogs = await grains.GetGrain<IStatisticsGrain>(RoutingKeys.Workspace(ws)).LowRated(period.From, period.To, max, count);
        return csv ? Results.Text(StatisticsCsv.Of(dialogs), CsvType) : Results.Ok(dialogs);
    }

    private static async Task<IResult> WhatIf(string ws, StaffingWhatIfRequest request, IGrainFactory grains) =>
        Results.Ok(await grains.GetGrain<IStaffingGrain>(RoutingKeys.Workspace(ws)).WhatIf(
            new StaffingQuestion(request.ArrivalsPerHour, request.AverageHandleSeconds, request.ServiceLevelTarget, request.TargetSeconds)
            {
                Capacity = request.Capacity, PatienceSeconds = request.PatienceSeconds,
            }));

    private static async Task<IResult> Gap(string ws,
        [Description("The department.")] string? departmentId,
        [Description("First day of the week, a local date (yyyy-MM-dd) in the department's time zone; default the coming Monday.")] string? weekStart,
        [Description("Past weeks whose arrivals and handle times are averaged, 1-26; default 4.")] int? weeks,
        [Description("Arrivals multiplied by this (what-if), 0-100; default 1.")] double? arrivalsFactor,
        [Description("Share answered within targetSeconds, between 0 and 1 (excluded); default 0.8.")] double? serviceLevelTarget,
        [Description("The service target's seconds; default the department's first-response target.")] double? targetSeconds,
        [Description("Dialogs per operator (what-if), 1-100; default the members' median capacity.")] int? capacity,
        [Description("Handle time in seconds instead of the measured one (what-if).")] double? handleSeconds,
        [Description("Customers' mean patience in seconds: forecasts abandonment (Erlang A).")] double? patienceSeconds,
        IGrainFactory grains)
    {
        var question = StaffingGapParameters.Question(departmentId, weekStart, weeks, arrivalsFactor, serviceLevelTarget, targetSeconds, capacity,
            handleSeconds, patienceSeconds);
        if (!(await grains.GetGrain<IWorkspaceGrain>(RoutingKeys.Workspace(ws)).GetDepartments()).ContainsKey(question.DepartmentId))
            return ApiProblem.Missing($"no department '{question.DepartmentId}'");
        return Results.Ok(await grains.GetGrain<IStaffingGrain>(RoutingKeys.Workspace(ws)).Gap(question));
    }

    private static async Task<IResult> Rebuild(IGrainFactory grains) =>
        Results.Ok(new RebuildResponse(await grains.GetGrain<IStatisticsMaintenanceGrain>(0).Rebuild()));
}

/// <summary>POST staffing/what-if: see <see cref="StaffingQuestion"/>.</summary>
public sealed record StaffingWhatIfRequest(double ArrivalsPerHour, double AverageHandleSeconds, double ServiceLevelTarget, double TargetSeconds,
    int Capacity = 1, double? PatienceSeconds = null);

/// <summary>How many timeline events the rebuild counted.</summary>
public sealed record RebuildResponse(long ProjectedEvents);
