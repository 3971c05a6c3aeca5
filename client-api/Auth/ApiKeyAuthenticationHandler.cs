using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Routing.ClientApi.Errors;

namespace Routing.ClientApi.Auth;

/// <summary>
/// <c>Authorization: Bearer &lt;key or token&gt;</c>, checked by <see cref="Credentials"/>. Answers 401 and 403 as
/// problem details.
/// </summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder,
    Credentials credentials) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    /// <summary>The query parameter a browser's WebSocket carries its key or token in (SignalR's name for it).</summary>
    public const string AccessTokenParameter = "access_token";

    /// <summary>The HttpContext item holding the credential that authenticated the request.</summary>
    public const string CredentialItem = "routing:credential";

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

        var checkedCredential = await credentials.CheckAsync(raw);
        if (checkedCredential.Claims is not { } claims)
        {
            if (checkedCredential.FailureCode is { } code) Context.Items[FailureItem] = (code, checkedCredential.Failure);
            return AuthenticateResult.Fail(checkedCredential.Failure!);
        }
        Context.Items[CredentialItem] = raw; // a WebSocket session re-checks it while it lives
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(new ClaimsIdentity(claims, Scheme.Name)), Scheme.Name));
    }

    /// <summary>The HttpContext item holding the code and detail of a credential refused for a reason of its own.</summary>
    private const string FailureItem = "routing:credential-failure";

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        // A blocked operator's token is genuine but refused: 403 with its own code, so the console can say why.
        if (Context.Items[FailureItem] is (string code, string detail))
            return ApiProblem.Write(Context, StatusCodes.Status403Forbidden, code, detail + "; ask an admin to unblock you");
        Response.Headers.WWWAuthenticate = "Bearer";
        return ApiProblem.Write(Context, StatusCodes.Status401Unauthorized, ErrorCodes.Unauthenticated,
            "A valid API key or token is required: Authorization: Bearer <key or token>.");
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        ApiProblem.Write(Context, StatusCodes.Status403Forbidden, ErrorCodes.Forbidden,
            "This key or token may not call this endpoint (wrong scope or another workspace).");

}
