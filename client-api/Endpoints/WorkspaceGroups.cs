using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Routing.ClientApi.Endpoints;

/// <summary>The routes under /workspaces/{ws} for one role, with the problems every such route may answer.</summary>
internal static class WorkspaceGroups
{
    public static RouteGroupBuilder For(RouteGroupBuilder v1, string policy, string tag) =>
        v1.MapGroup("/workspaces/{ws}").RequireAuthorization(policy).WithTags(tag)
            .ProducesProblem(400).ProducesProblem(401).ProducesProblem(403);
}
