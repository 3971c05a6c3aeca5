using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Routing.ClientApi.Auth;
using Routing.ClientApi.Errors;
using Routing.GrainInterfaces;
using Orleans;

namespace Routing.ClientApi.Endpoints;

/// <summary>Workspaces and their API keys (R1, R25).</summary>
internal static class WorkspaceEndpoints
{
    public static void Map(RouteGroupBuilder v1)
    {
        v1.MapPost("/workspaces", CreateWorkspace).RequireAuthorization(ApiClaims.BootstrapPolicy).WithTags("Workspaces")
            .WithSummary("Creates a workspace and its first admin key (bootstrap key only)")
            .Produces<CreatedApiKey>(StatusCodes.Status201Created).ProducesProblem(400).ProducesProblem(409);

        var keys = v1.MapGroup("/workspaces/{ws}/api-keys").RequireAuthorization(ApiClaims.AdminPolicy).WithTags("API keys");
        keys.MapPost("", CreateKey).WithSummary("Creates an API key; the raw key is in this answer only")
            .Produces<CreatedApiKey>(StatusCodes.Status201Created).ProducesProblem(400).ProducesProblem(409);
        keys.MapGet("", async (string ws, IGrainFactory grains) => Results.Ok(await Workspace(grains, ws).GetApiKeys()))
            .WithSummary("Lists the workspace's keys (never their secrets)").Produces<IReadOnlyList<ApiKeyView>>();
        keys.MapDelete("/{keyId}", async (string ws, string keyId, IGrainFactory grains) =>
                await Workspace(grains, ws).RevokeApiKey(keyId) ? Results.NoContent() : ApiProblem.Missing($"no key '{keyId}'"))
            .WithSummary("Revokes a key at once").Produces(StatusCodes.Status204NoContent).ProducesProblem(404);
    }

    private static async Task<IResult> CreateWorkspace(CreateWorkspaceRequest? request, IGrainFactory grains, TimeProvider time)
    {
        if (request is null || !Ids.IsWorkspaceId(request.WorkspaceId))
            return ApiProblem.Invalid("workspaceId must be 1-63 lowercase letters, digits or '-', starting with a letter or digit");
        if (request.KeyName is { Length: > RequestValidation.MaxNameLength }) return ApiProblem.Invalid("keyName is at most 200 characters");
        if (request.Seats is < 0 or > SeatsView.MaxSeats) return ApiProblem.Invalid($"seats must be between 0 and {SeatsView.MaxSeats}, or null for unlimited");
        var (record, raw) = ApiKey.Create(request.WorkspaceId, ApiKeyScope.Admin, request.KeyName ?? "first admin key", time.GetUtcNow());
        await Workspace(grains, request.WorkspaceId).Create(record, request.Seats); // throws InvalidOperationException (409) when it exists
        return Results.Created($"/v1/workspaces/{request.WorkspaceId}",
            new CreatedApiKey(request.WorkspaceId, new ApiKeyView(record.KeyId, record.Scope, record.Name, record.CreatedAt), raw));
    }

    private static async Task<IResult> CreateKey(string ws, CreateApiKeyRequest? request, IGrainFactory grains, TimeProvider time)
    {
        if (request?.Scope is not { } scope || !Enum.IsDefined(scope)) return ApiProblem.Invalid("scope is required: admin, channel or supervisor");
        if (request.Name is { Length: > RequestValidation.MaxNameLength }) return ApiProblem.Invalid("name is at most 200 characters");
        var (record, raw) = ApiKey.Create(ws, scope, request.Name ?? "", time.GetUtcNow());
        var view = await Workspace(grains, ws).AddApiKey(record);
        return Results.Created($"/v1/workspaces/{ws}/api-keys/{view.KeyId}", new CreatedApiKey(ws, view, raw));
    }

    internal static IWorkspaceGrain Workspace(IGrainFactory grains, string ws) => grains.GetGrain<IWorkspaceGrain>(RoutingKeys.Workspace(ws));
}
