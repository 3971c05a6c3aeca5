using System.Security.Claims;
using Routing.ClientApi.Auth;
using Routing.GrainInterfaces.Model;

namespace Routing.ClientApi.Realtime.Sessions;

/// <summary>The three kinds of WebSocket client.</summary>
public enum RealtimeRole
{
    Customer = 0,
    Operator = 1,
    Supervisor = 2,
}

/// <summary>
/// Who a session belongs to: a session is resumed only by the same principal (its id alone proves nothing).
/// <see cref="Subject"/> is the operator id, the customer's external id, or the supervisor's key id.
/// </summary>
public sealed record RealtimePrincipal(string WorkspaceId, RealtimeRole Role, string Subject, Channel Channel = Channel.Chat)
{
    /// <summary>The principal of an authorized caller of the role's endpoint.</summary>
    public static RealtimePrincipal From(ClaimsPrincipal user, string ws, RealtimeRole role) =>
        TryFrom(user, ws, role) ?? throw new InvalidOperationException($"the caller is not a {role} of workspace '{ws}'");

    /// <summary>The principal the claims make in the role, or null when they do not grant it (a session's re-check).</summary>
    public static RealtimePrincipal? TryFrom(ClaimsPrincipal user, string ws, RealtimeRole role)
    {
        if (user.FindFirst(ApiClaims.Workspace)?.Value != ws) return null;
        var scope = user.FindFirst(ApiClaims.Scope)?.Value;
        return role switch
        {
            RealtimeRole.Operator when scope == ApiClaims.OperatorScope && user.FindFirst(ApiClaims.OperatorId)?.Value is { } operatorId =>
                new(ws, role, operatorId),
            RealtimeRole.Customer when scope == ApiClaims.CustomerScope && user.FindFirst(ApiClaims.CustomerExternalId)?.Value is { } externalId &&
                Enum.TryParse<Channel>(user.FindFirst(ApiClaims.CustomerChannel)?.Value, ignoreCase: true, out var channel) =>
                new(ws, role, externalId, channel),
            RealtimeRole.Supervisor when scope is "supervisor" or "admin" && user.FindFirst(ApiClaims.KeyId)?.Value is { } keyId =>
                new(ws, role, keyId),
            _ => null,
        };
    }
}
