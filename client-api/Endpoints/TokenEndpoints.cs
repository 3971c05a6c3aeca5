using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Routing.ClientApi.Auth;
using Routing.ClientApi.Errors;
using Routing.GrainInterfaces;
using Routing.GrainInterfaces.Model;
using Orleans;

namespace Routing.ClientApi.Endpoints;

/// <summary>
/// Signed operator and customer tokens (R25): an admin issues an operator's, a site's backend (channel key) its
/// visitor's before showing the widget; rotating the workspace's signing key revokes them all. /me tells any caller who it is.
/// </summary>
internal static class TokenEndpoints
{
    public const int DefaultOperatorTtlMinutes = 12 * 60;
    public const int DefaultCustomerTtlMinutes = 24 * 60;
    public static readonly int MaxTtlMinutes = (int)AccessToken.MaxLifetime.TotalMinutes;

    private const string Tag = "Tokens";

    public static void Map(RouteGroupBuilder v1)
    {
        var admin = WorkspaceGroups.For(v1, ApiClaims.AdminPolicy, Tag);
        admin.MapPost("/operators/{operatorId}/tokens", IssueOperatorToken).WithSummary("Issues a signed token for an operator's console (default 12 h)")
            .Produces<OperatorTokenResponse>(StatusCodes.Status201Created).ProducesProblem(404);
        admin.MapPost("/token-signing-key/rotate", Rotate).WithSummary("Replaces the workspace's token signing key: every token issued before stops working")
            .Produces(StatusCodes.Status204NoContent);

        WorkspaceGroups.For(v1, ApiClaims.ChannelPolicy, Tag)
            .MapPost("/customer-tokens", IssueCustomerToken).WithSummary("Issues a signed token for a site widget's visitor (chat, default 24 h)")
            .Produces<CustomerTokenResponse>(StatusCodes.Status201Created);

        WorkspaceGroups.For(v1, WorkspaceCallerPolicy.Name, Tag)
            .MapGet("/me", Me).WithSummary("Who the caller is: any API key or token of the workspace").Produces<CallerResponse>();
    }

    private static async Task<IResult> IssueOperatorToken(string ws, string operatorId, OperatorTokenRequest? request, IGrainFactory grains, TimeProvider time)
    {
        if (Lifetime(request?.TtlMinutes, DefaultOperatorTtlMinutes) is not { } lifetime) return InvalidTtl();
        var workspace = WorkspaceEndpoints.Workspace(grains, ws);
        switch (Ids.IsId(operatorId) ? await workspace.GetOperatorAccess(operatorId) : OperatorAccess.NotConfigured)
        {
            case OperatorAccess.NotConfigured:
                return ApiProblem.Missing($"no operator '{operatorId}'");
            case OperatorAccess.Blocked: // no new sign-in until an admin unblocks them
                return ApiProblem.Result(StatusCodes.Status403Forbidden, ErrorCodes.OperatorBlocked, $"operator '{operatorId}' is blocked; unblock them first");
        }
        var token = AccessToken.Operator(ws, operatorId, time.GetUtcNow(), lifetime);
        var raw = AccessTokens.Issue(token, await workspace.GetTokenSigningKey());
        return Results.Created((string?)null, new OperatorTokenResponse(raw, operatorId, token.ExpiresAt));
    }

    private static async Task<IResult> IssueCustomerToken(string ws, CustomerTokenRequest? request, IGrainFactory grains, TimeProvider time)
    {
        if (request is null) return ApiProblem.Invalid("the body must name the customer: externalCustomerId");
        if (!Ids.IsExternalId(request.ExternalCustomerId)) return ApiProblem.Invalid("externalCustomerId must be 1-256 printable characters without '/'");
        if (Lifetime(request.TtlMinutes, DefaultCustomerTtlMinutes) is not { } lifetime) return InvalidTtl();
        // The widget is the site's chat: its visitors are chat identities, as its intake messages are.
        var token = AccessToken.Customer(ws, Channel.Chat, request.ExternalCustomerId, time.GetUtcNow(), lifetime);
        var raw = AccessTokens.Issue(token, await WorkspaceEndpoints.Workspace(grains, ws).GetTokenSigningKey());
        return Results.Created((string?)null, new CustomerTokenResponse(raw, Channel.Chat, request.ExternalCustomerId, token.ExpiresAt));
    }

    private static async Task<IResult> Rotate(string ws, IGrainFactory grains)
    {
        await WorkspaceEndpoints.Workspace(grains, ws).RotateTokenSigningKey();
        return Results.NoContent();
    }

    private static IResult Me(string ws, ClaimsPrincipal user) => Results.Ok(new CallerResponse(ws, user.FindFirstValue(ApiClaims.Scope)!,
        user.FindFirstValue(ApiClaims.OperatorId), user.FindFirstValue(ApiClaims.CustomerChannel), user.FindFirstValue(ApiClaims.CustomerExternalId),
        user.FindFirstValue(ApiClaims.KeyId)));

    private static TimeSpan? Lifetime(int? ttlMinutes, int defaultMinutes) =>
        (ttlMinutes ?? defaultMinutes) is var minutes && minutes >= 1 && minutes <= MaxTtlMinutes ? TimeSpan.FromMinutes(minutes) : null;

    private static IResult InvalidTtl() => ApiProblem.Invalid($"ttlMinutes must be between 1 and {MaxTtlMinutes} (7 days)");
}
