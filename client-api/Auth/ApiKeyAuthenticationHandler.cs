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
/// <c>Authorization: Bearer &lt;key&gt;</c>: the silo's bootstrap key, or a workspace key checked against the hash its
/// workspace grain stores. Answers 401 and 403 as problem details.
/// </summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder,
    IGrainFactory grains, ClientApiOptions api) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        string? header = Request.Headers.Authorization;
        if (string.IsNullOrEmpty(header)) return AuthenticateResult.NoResult();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)) return AuthenticateResult.Fail("the Authorization header is not a Bearer key");
        var raw = header["Bearer ".Length..].Trim();
        if (raw.Length is 0 or > 512) return AuthenticateResult.Fail("malformed key");

        if (api.BootstrapKey.Length > 0 && ApiKey.SecretEquals(raw, api.BootstrapKey))
            return Success(new Claim(ApiClaims.Scope, ApiClaims.BootstrapScope));

        if (!ApiKey.TryParse(raw, out var workspaceId, out var keyId, out var secret)) return AuthenticateResult.Fail("malformed key");
        var scope = await grains.GetGrain<IWorkspaceGrain>(RoutingKeys.Workspace(workspaceId)).Authenticate(keyId, ApiKey.Hash(secret));
        if (scope is not { } granted) return AuthenticateResult.Fail("unknown or revoked key");
        return Success(new Claim(ApiClaims.Workspace, workspaceId), new Claim(ApiClaims.KeyId, keyId),
            new Claim(ApiClaims.Scope, granted.ToString().ToLowerInvariant()));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.Headers.WWWAuthenticate = "Bearer";
        return ApiProblem.Write(Context, StatusCodes.Status401Unauthorized, ApiProblem.Unauthenticated,
            "A valid API key is required: Authorization: Bearer <key>.");
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        ApiProblem.Write(Context, StatusCodes.Status403Forbidden, ApiProblem.Forbidden,
            "This key may not call this endpoint (wrong scope or another workspace).");

    private AuthenticateResult Success(params Claim[] claims) =>
        AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(new ClaimsIdentity(claims, Scheme.Name)), Scheme.Name));
}
