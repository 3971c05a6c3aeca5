using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Routing.ClientApi.Auth;

/// <summary>
/// The caller's key belongs to the workspace in the route (<c>{ws}</c>) and has one of <see cref="Scopes"/> (R1, R25).
/// </summary>
public sealed class WorkspaceScopeRequirement(params string[] scopes) : AuthorizationHandler<WorkspaceScopeRequirement>, IAuthorizationRequirement
{
    public IReadOnlyList<string> Scopes { get; } = scopes;

    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, WorkspaceScopeRequirement requirement)
    {
        var http = context.Resource as HttpContext;
        var routeWorkspace = http?.GetRouteValue("ws") as string;
        var keyWorkspace = context.User.FindFirst(ApiClaims.Workspace)?.Value;
        var scope = context.User.FindFirst(ApiClaims.Scope)?.Value;
        if (routeWorkspace is not null && keyWorkspace is not null && string.Equals(routeWorkspace, keyWorkspace, StringComparison.Ordinal) &&
            scope is not null && requirement.Scopes.Contains(scope))
            context.Succeed(requirement);
        return Task.CompletedTask;
    }
}
