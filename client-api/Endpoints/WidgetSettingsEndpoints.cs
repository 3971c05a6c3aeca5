using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Routing.ClientApi.Auth;
using Routing.GrainInterfaces;
using Orleans;

namespace Routing.ClientApi.Endpoints;

/// <summary>
/// The workspace's widget settings an admin sets (issue 15): the draft preview, off by default. PUT turns it on,
/// DELETE off, like blocking; every customer session hears the change at once.
/// </summary>
internal static class WidgetSettingsEndpoints
{
    public static void Map(RouteGroupBuilder v1)
    {
        var admin = WorkspaceGroups.For(v1, ApiClaims.AdminPolicy, "Admin");
        admin.MapGet("/draft-preview", async (string ws, IGrainFactory grains) => Results.Ok(new DraftPreviewSetting(await Workspace(grains, ws).GetDraftPreview())))
            .WithSummary("Whether the widgets send what the visitor types to the operator before it is sent (Webim's draft preview)")
            .Produces<DraftPreviewSetting>();
        admin.MapPut("/draft-preview", (string ws, IGrainFactory grains) => Set(ws, true, grains))
            .WithSummary("Turns the draft preview on: the operator sees what the visitor types before it is sent").Produces<DraftPreviewSetting>();
        admin.MapDelete("/draft-preview", (string ws, IGrainFactory grains) => Set(ws, false, grains))
            .WithSummary("Turns the draft preview off (the default): drafts are dropped and widgets told to stop sending them").Produces<DraftPreviewSetting>();
    }

    private static async Task<IResult> Set(string ws, bool enabled, IGrainFactory grains)
    {
        await Workspace(grains, ws).SetDraftPreview(enabled);
        return Results.Ok(new DraftPreviewSetting(enabled));
    }

    private static IWorkspaceGrain Workspace(IGrainFactory grains, string ws) => WorkspaceEndpoints.Workspace(grains, ws);
}
