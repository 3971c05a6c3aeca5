using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Routing.ClientApi.Auth;
using Routing.ClientApi.Errors;
using Routing.GrainInterfaces;
using Orleans;

namespace Routing.ClientApi.Endpoints;

/// <summary>
/// Administration (issue 15): an admin blocks or unblocks an operator's access and removes operators; the platform (the
/// bootstrap key) sets a workspace's licensed seats, which its admins read.
/// </summary>
internal static class AdministrationEndpoints
{
    public static void Map(RouteGroupBuilder v1)
    {
        var admin = WorkspaceGroups.For(v1, ApiClaims.AdminPolicy, "Admin");
        admin.MapPut("/operators/{operatorId}/access", PutAccess)
            .WithSummary("Blocks an operator's access at once (tokens refused, sessions closed, dialogs back to the queue), or unblocks it")
            .Produces<OperatorAccessResponse>().ProducesProblem(404);
        admin.MapDelete("/operators/{operatorId}", DeleteOperator)
            .WithSummary("Removes an operator (frees a seat); refused while they hold dialogs")
            .Produces(StatusCodes.Status204NoContent).ProducesProblem(404).ProducesProblem(409);
        admin.MapGet("/seats", async (string ws, IGrainFactory grains) => Results.Ok(SeatsResponse.Of(ws, await Workspace(grains, ws).GetSeats())))
            .WithSummary("The workspace's licensed operator seats and how many are used").Produces<SeatsResponse>();

        v1.MapPut("/workspaces/{ws}/seats", PutSeats).RequireAuthorization(ApiClaims.BootstrapPolicy).WithTags("Workspaces")
            .WithSummary("Sets a workspace's licensed operator seats (bootstrap key only); null: unlimited")
            .Produces<SeatsResponse>().ProducesProblem(400).ProducesProblem(401).ProducesProblem(403).ProducesProblem(404);
    }

    private static async Task<IResult> PutAccess(string ws, string operatorId, OperatorAccessRequest? request, IGrainFactory grains)
    {
        if (request is null) return ApiProblem.Invalid("the body must be {\"blocked\": true|false, \"reason\": \"...\"}");
        if (request.Reason is { Length: > MaxReasonLength }) return ApiProblem.Invalid($"reason is at most {MaxReasonLength} characters");
        if (!Ids.IsId(operatorId)) return ApiProblem.Invalid("operatorId is not a valid id");
        var workspace = Workspace(grains, ws);
        if (await workspace.GetOperatorAccess(operatorId) == OperatorAccess.NotConfigured) return ApiProblem.Missing($"no operator '{operatorId}'");
        if (!request.Blocked)
        {
            await workspace.UnblockOperator(operatorId);
            return Results.Ok(new OperatorAccessResponse(operatorId, false, null, null));
        }
        var block = await workspace.BlockOperator(operatorId, request.Reason ?? "");
        return Results.Ok(new OperatorAccessResponse(operatorId, true, block.Reason, block.Since));
    }

    private static async Task<IResult> DeleteOperator(string ws, string operatorId, IGrainFactory grains) =>
        Ids.IsId(operatorId) && await Workspace(grains, ws).RemoveOperator(operatorId)
            ? Results.NoContent()
            : ApiProblem.Missing($"no operator '{operatorId}'");

    private static async Task<IResult> PutSeats(string ws, SeatsRequest? request, IGrainFactory grains)
    {
        if (request is null) return ApiProblem.Invalid("the body must be {\"seats\": n} (null: unlimited)");
        if (request.Seats is < 0 or > SeatsView.MaxSeats) return ApiProblem.Invalid($"seats must be between 0 and {SeatsView.MaxSeats}, or null for unlimited");
        if (!Ids.IsWorkspaceId(ws) || !await Workspace(grains, ws).Exists()) return ApiProblem.Missing($"no workspace '{ws}'");
        return Results.Ok(SeatsResponse.Of(ws, await Workspace(grains, ws).SetSeats(request.Seats)));
    }

    /// <summary>Longest reason for a block (the workspace grain's limit).</summary>
    private const int MaxReasonLength = 500;

    private static IWorkspaceGrain Workspace(IGrainFactory grains, string ws) => WorkspaceEndpoints.Workspace(grains, ws);
}
