using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Orleans;
using Routing.ClientApi.Auth;
using Routing.ClientApi.Errors;

namespace Routing.ClientApi.Endpoints;

/// <summary>
/// The workspace's time zone (issue 13): the day of the live statistics' "today" (the wallboard's). An admin sets it,
/// supervisors read it; "UTC" until set.
/// </summary>
internal static class TimeZoneEndpoints
{
    public static void Map(RouteGroupBuilder v1)
    {
        var supervisor = WorkspaceGroups.For(v1, ApiClaims.SupervisorPolicy, "Statistics");
        supervisor.MapGet("/time-zone", async (string ws, IGrainFactory grains) =>
                Results.Ok(new TimeZoneSetting(await WorkspaceEndpoints.Workspace(grains, ws).GetTimeZone())))
            .WithSummary("The workspace's time zone: the day the live statistics count \"today\" in (UTC until an admin sets one)")
            .Produces<TimeZoneSetting>();
        var admin = WorkspaceGroups.For(v1, ApiClaims.AdminPolicy, "Admin");
        admin.MapPut("/time-zone", Set)
            .WithSummary("Sets the workspace's time zone (an IANA id such as Europe/Berlin); supervisors get workspace-changed `time-zone-set`")
            .WithDescription("The zone of the live statistics' today and of the statistics reports (GET stats: bounds, hours, days, months). "
                + "Until one is set, GET answers UTC for the live day, and reports count in each department's own zone.")
            .Produces<TimeZoneSetting>();
    }

    private static async Task<IResult> Set(string ws, TimeZoneSetting setting, IGrainFactory grains)
    {
        if (string.IsNullOrWhiteSpace(setting.TimeZoneId) || !TimeZoneInfo.TryFindSystemTimeZoneById(setting.TimeZoneId, out _))
            return ApiProblem.Invalid($"unknown time zone '{setting.TimeZoneId}'; give an IANA id such as Europe/Berlin");
        await WorkspaceEndpoints.Workspace(grains, ws).SetTimeZone(setting.TimeZoneId);
        return Results.Ok(setting);
    }
}

/// <summary>GET/PUT time-zone: the workspace's time zone, an IANA id.</summary>
public sealed record TimeZoneSetting(string TimeZoneId);
