using System.Security.Claims;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using Routing.ClientApi.Auth;
using Routing.ClientApi.Errors;
using Routing.Silo.Configuration;

namespace Routing.Silo.Dashboard;

/// <summary>
/// Lets the ops role (the holder of <see cref="AuthOptions.BootstrapKey"/>) open the Orleans Dashboard, which shows grain
/// state and live logs: the key as <c>Authorization: Bearer</c>, or as the password of HTTP Basic authentication
/// (any user name), which browsers ask for themselves after the 401 challenge. Without a bootstrap key nobody may.
/// </summary>
internal sealed class DashboardAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, SiloSettings settings)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "OrleansDashboard";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        string? header = Request.Headers.Authorization;
        if (string.IsNullOrEmpty(header)) return Task.FromResult(AuthenticateResult.NoResult());
        var bootstrapKey = settings.Auth.BootstrapKey;
        if (KeyIn(header) is not { } key || bootstrapKey.Length == 0 || !ApiKey.SecretEquals(key, bootstrapKey))
            return Task.FromResult(AuthenticateResult.Fail("only the bootstrap key opens the dashboard"));
        var identity = new ClaimsIdentity([new Claim(ApiClaims.Scope, ApiClaims.BootstrapScope)], SchemeName);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.Headers.WWWAuthenticate = "Basic realm=\"Orleans Dashboard\", charset=\"UTF-8\"";
        return ApiProblem.Write(Context, StatusCodes.Status401Unauthorized, ErrorCodes.Unauthenticated,
            "The dashboard needs the bootstrap key: Authorization: Bearer <key>, or Basic with the key as password.");
    }

    /// <summary>The key of a Bearer header, or the password of a Basic one; null for anything else.</summary>
    private static string? KeyIn(string header)
    {
        if (header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)) return header["Bearer ".Length..].Trim();
        if (!header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase)) return null;
        var encoded = header["Basic ".Length..].Trim();
        var bytes = new byte[encoded.Length];
        if (!Convert.TryFromBase64String(encoded, bytes, out var length)) return null;
        var credentials = Encoding.UTF8.GetString(bytes, 0, length);
        var colon = credentials.IndexOf(':', StringComparison.Ordinal);
        return colon < 0 ? null : credentials[(colon + 1)..];
    }
}
