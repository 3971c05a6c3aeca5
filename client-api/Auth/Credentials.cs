using System.Security.Claims;
using Routing.GrainInterfaces;
using Orleans;

namespace Routing.ClientApi.Auth;

/// <summary>
/// Checks a raw credential: the silo's bootstrap key, a workspace key against the hash its workspace grain stores, or a
/// signed operator or customer token (<see cref="AccessTokens"/>) against its workspace's signing key. The
/// authentication handler checks every request with it; a WebSocket session re-checks its credential while it lives,
/// so a revoked key, a rotated signing key, an expired token or a removed operator ends open sockets too.
/// </summary>
public sealed class Credentials(IGrainFactory grains, ClientApiOptions api, AccessTokens tokens)
{
    private const int MaxKeyLength = 512;

    /// <summary>The claims the credential grants, or why it grants none.</summary>
    public sealed record Checked(IReadOnlyList<Claim>? Claims, string? Failure)
    {
        /// <summary>A stable code for a refusal that is not a bad credential (a blocked operator: 403 operator-blocked); else null.</summary>
        public string? FailureCode { get; init; }

        public static Checked Fail(string failure) => new(null, failure);
    }

    public async Task<Checked> CheckAsync(string raw)
    {
        if (raw.Length == 0) return Checked.Fail("malformed key");
        if (AccessTokens.IsToken(raw)) return await CheckToken(raw);
        if (raw.Length > MaxKeyLength) return Checked.Fail("malformed key");

        if (api.BootstrapKey.Length > 0 && ApiKey.SecretEquals(raw, api.BootstrapKey))
            return new([new Claim(ApiClaims.Scope, ApiClaims.BootstrapScope)], null);

        if (!ApiKey.TryParse(raw, out var workspaceId, out var keyId, out var secret)) return Checked.Fail("malformed key");
        var scope = await grains.GetGrain<IWorkspaceGrain>(RoutingKeys.Workspace(workspaceId)).Authenticate(keyId, ApiKey.Hash(secret));
        if (scope is not { } granted) return Checked.Fail("unknown or revoked key");
        return new([new Claim(ApiClaims.Workspace, workspaceId), new Claim(ApiClaims.KeyId, keyId),
            new Claim(ApiClaims.Scope, granted.ToString().ToLowerInvariant())], null);
    }

    private async Task<Checked> CheckToken(string raw)
    {
        // The payload names the workspace whose key must have signed it; nothing else of it is believed before the check.
        if (AccessTokens.ClaimedWorkspace(raw) is not { } workspaceId) return Checked.Fail("malformed token");
        var workspace = grains.GetGrain<IWorkspaceGrain>(RoutingKeys.Workspace(workspaceId));
        if (!tokens.TryValidate(raw, await workspace.GetTokenSigningKey(), out var token, out var failure)) return Checked.Fail(failure);
        if (token.Kind == AccessTokenKind.Customer)
            return new([new Claim(ApiClaims.Workspace, workspaceId), new Claim(ApiClaims.Scope, ApiClaims.CustomerScope),
                new Claim(ApiClaims.CustomerChannel, AccessTokenPayload.Name(token.Channel!.Value)), new Claim(ApiClaims.CustomerExternalId, token.Subject)], null);
        // An operator removed from the workspace, or blocked by an admin, loses access before the token expires.
        switch (await workspace.GetOperatorAccess(token.Subject, token.IssuedAt))
        {
            case OperatorAccess.NotConfigured:
                return Checked.Fail("the token's operator is not configured in the workspace");
            case OperatorAccess.TokenRevoked:
                return Checked.Fail("the token was issued before the operator was last blocked or removed; ask for a new one");
            case OperatorAccess.Blocked:
                return Checked.Fail($"operator '{token.Subject}' is blocked by an admin") with { FailureCode = Errors.ErrorCodes.OperatorBlocked };
        }
        return new([new Claim(ApiClaims.Workspace, workspaceId), new Claim(ApiClaims.Scope, ApiClaims.OperatorScope),
            new Claim(ApiClaims.OperatorId, token.Subject)], null);
    }
}
