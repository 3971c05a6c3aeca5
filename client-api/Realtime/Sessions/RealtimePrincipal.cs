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
    public static RealtimePrincipal From(ClaimsPrincipal user, string ws, RealtimeRole role) => role switch
    {
        RealtimeRole.Operator => new(ws, role, Claim(user, ApiClaims.OperatorId)),
        RealtimeRole.Customer => new(ws, role, Claim(user, ApiClaims.CustomerExternalId),
            Enum.Parse<Channel>(Claim(user, ApiClaims.CustomerChannel), ignoreCase: true)),
        _ => new(ws, role, user.FindFirst(ApiClaims.KeyId)?.Value ?? "bootstrap"),
    };

    private static string Claim(ClaimsPrincipal user, string type) =>
        user.FindFirst(type)?.Value ?? throw new InvalidOperationException($"the authenticated caller has no {type} claim");
}
