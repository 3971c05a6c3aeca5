using System.ComponentModel;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Orleans;
using Routing.ClientApi.Auth;
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
            .WithDescription("`from` and `to` are local dates or whole hours (`2026-03-02`, `2026-03-02T14:00`; `to` excluded) in each "
                + "department's time zone. `groupBy` lists any of hour, day, month (one at most), department, operator, channel, "
                + "topic (comma-separated); none gives one total. Measures: dialogs offered (entered a queue), assigned, answered (an "
                + "operator replied), rescued, transferred, abandoned (closed before any reply), closed, resolved (first-contact "
                + "resolution: answered, never transferred); messages; the SLA share (first reply within the department's target); "
                + "ratings (count, mean normalised to 0-1); first response, wait (queue to first assignment) and handle time (first "
                + "assignment to close) with mean and p50/p90/p99 in seconds. Measures of no operator (offered, abandoned) have "
                + "operator \"\". `format=csv` answers text/csv, one row per group and period.")
            .Produces<StatsReport>().Produces<string>(200, CsvType);
        supervisor.MapGet("/stats/low-rated", LowRated)
            .WithSummary("Rated dialogs of a period with a score at most `maxScore` (default 2), lowest first, for review")
            .Produces<List<LowRatedDialog>>().Produces<string>(200, CsvType);

        supervisor.MapPost("/staffing/what-if", WhatIf)
            .WithSummary("Operators needed for given arrivals, handle time and service target (Erlang C; chat on capacity slots; Erlang A abandonment with a patience)")
            .WithDescription("For example 80 % answered within 20 s: `serviceLevelTarget` 0.8, `targetSeconds` 20. `capacity` (default 1) is the "
                + "dialogs an operator serves at once: servers are capacity slots and operators are slots / capacity rounded up. With "
                + "`patienceSeconds` the forecast includes abandonment (Erlang A); the staffing stays Erlang C's, on the safe side. "
                + "Ask again with other inputs (arrivals +30 %, capacity 3 instead of 2, a new target) to compare.")
            .Produces<StaffingAdvice>();

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

    private static async Task<IResult> Rebuild(IGrainFactory grains) =>
        Results.Ok(new RebuildResponse(await grains.GetGrain<IStatisticsMaintenanceGrain>(0).Rebuild()));
}

/// <summary>POST staffing/what-if: see <see cref="StaffingQuestion"/>.</summary>
public sealed record StaffingWhatIfRequest(double ArrivalsPerHour, double AverageHandleSeconds, double ServiceLevelTarget, double TargetSeconds,
    int Capacity = 1, double? PatienceSeconds = null);

/// <summary>How many timeline events the rebuild counted.</summary>
public sealed record RebuildResponse(long ProjectedEvents);
