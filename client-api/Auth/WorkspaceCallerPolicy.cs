using Routing.GrainInterfaces;

namespace Routing.ClientApi.Auth;

/// <summary>
/// Any caller of the route's workspace, whatever its scope: API keys and operator and customer tokens alike
/// (GET /v1/workspaces/{ws}/me, which tells a caller who it is).
/// </summary>
public static class WorkspaceCallerPolicy
{
    public const string Name = "workspace-caller";

    /// <summary>Every key scope (a new one included) and both token scopes; never the bootstrap key, which has no workspace.</summary>
    public static readonly string[] Scopes =
        [.. Enum.GetValues<ApiKeyScope>().Select(s => s.ToString().ToLowerInvariant()), ApiClaims.OperatorScope, ApiClaims.CustomerScope];
}
