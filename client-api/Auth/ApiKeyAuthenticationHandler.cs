using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Routing.ClientApi.Errors;
using Routing.GrainInterfaces;
using Routing.Runtime;

namespace Routing.ClientApi.Auth;

/// <summary>
/// <c>Authorization: Bearer &lt;key&gt;</c>: the silo's bootstrap key, a workspace key checked against the hash its
/// workspace grain stores, or a signed operator or customer token (<see cref="AccessTokens"/>) checked with its
/// workspace's signing key. Answers 401 and 403 as problem details.
/// </summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder,
    IGrainFactory grains, ClientApiOptions api, AccessTokens tokens) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    /// <summary>The query parameter a browser's WebSocket carries its key or token in (SignalR's name for it).</summary>
    public const string AccessTokenParameter = "access_token";

    private const int MaxKeyLength = 512;

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        string? header = Request.Headers.Authorization;
        string raw;
        if (!string.IsNullOrEmpty(header))
        {
            if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)) return AuthenticateResult.Fail("the Authorization header is not a Bearer key");
            raw = header["Bearer ".Length..].Trim();
        }
        else if (Request.Query.TryGetValue(AccessTokenParameter, out var query))
        {
            // Browsers cannot set headers on a WebSocket; on plain REST a key in the URL would end up in logs.
            if (!Context.WebSockets.IsWebSocketRequest) return AuthenticateResult.Fail($"{AccessTokenParameter} is accepted on WebSocket upgrades only");
            if (query.Count != 1) return AuthenticateResult.Fail("malformed key");
            raw = query[0]?.Trim() ?? "";
        }
        else return AuthenticateResult.NoResult();

        if (raw.Length == 0) return AuthenticateResult.Fail("malformed key");
        if (AccessTokens.IsToken(raw)) return await AuthenticateToken(raw);
        if (raw.Length > MaxKeyLength) return AuthenticateResult.Fail("malformed key");

        if (api.BootstrapKey.Length > 0 && ApiKey.SecretEquals(raw, api.BootstrapKey))
            return Success(new Claim(ApiClaims.Scope, ApiClaims.BootstrapScope));

        if (!ApiKey.TryParse(raw, out var workspaceId, out var keyId, out var secret)) return AuthenticateResult.Fail("malformed key");
        var scope = await grains.GetGrain<IWorkspaceGrain>(RoutingKeys.Workspace(workspaceId)).Authenticate(keyId, ApiKey.Hash(secret));
        if (scope is not { } granted) return AuthenticateResult.Fail("unknown or revoked key");
        return Success(new Claim(ApiClaims.Workspace, workspaceId), new Claim(ApiClaims.KeyId, keyId),
            new Claim(ApiClaims.Scope, granted.ToString().ToLowerInvariant()));
    }

    private async Task<AuthenticateResult> AuthenticateToken(string raw)
    {
        // The payload names the workspace whose key must have signed it; nothing else of it is believed before the check.
        if (AccessTokens.ClaimedWorkspace(raw) is not { } workspaceId) return AuthenticateResult.Fail("malformed token");
        var workspace = grains.GetGrain<IWorkspaceGrain>(RoutingKeys.Workspace(workspaceId));
        if (!tokens.TryValidate(raw, await workspace.GetTokenSigningKey(), out var token, out var failure)) return AuthenticateResult.Fail(failure);
        if (token.Kind == AccessTokenKind.Customer)
            return Success(new Claim(ApiClaims.Workspace, workspaceId), new Claim(ApiClaims.Scope, ApiClaims.CustomerScope),
                new Claim(ApiClaims.CustomerChannel, AccessTokenPayload.Name(token.Channel!.Value)), new Claim(ApiClaims.CustomerExternalId, token.Subject));
        // An operator removed from the workspace loses access before the token expires.
        if (!(await workspace.GetOperators()).ContainsKey(token.Subject)) return AuthenticateResult.Fail("the token's operator is not configured in the workspace");
        return Success(new Claim(ApiClaims.Workspace, workspaceId), new Claim(ApiClaims.Scope, ApiClaims.OperatorScope),
            new Claim(ApiClaims.OperatorId, token.Subject));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.Headers.WWWAuthenticate = "Bearer";
        return ApiProblem.Write(Context, StatusCodes.Status401Unauthorized, ApiProblem.Unauthenticated,
            "A valid API key or token is required: Authorization: Bearer <key or token>.");
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        ApiProblem.Write(Context, StatusCodes.Status403Forbidden, ApiProblem.Forbidden,
            "This key or token may not call this endpoint (wrong scope or another workspace).");

    private AuthenticateResult Success(params Claim[] claims) =>
        AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(new ClaimsIdentity(claims, Scheme.Name)), Scheme.Name));
}
