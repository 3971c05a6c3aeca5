using Routing.GrainInterfaces.Model;

namespace Routing.ClientApi;

/// <summary>POST /v1/workspaces/{ws}/operators/{operatorId}/tokens: the token's lifetime (default 12 h).</summary>
public sealed record OperatorTokenRequest(int? TtlMinutes = null);

/// <summary>A signed operator token for the operator's console (its WebSocket); valid until <paramref name="ExpiresAt"/>.</summary>
public sealed record OperatorTokenResponse(string Token, string OperatorId, DateTimeOffset ExpiresAt);

/// <summary>POST /v1/workspaces/{ws}/customer-tokens: the site's visitor (default lifetime 24 h).</summary>
public sealed record CustomerTokenRequest(string? ExternalCustomerId, int? TtlMinutes = null);

/// <summary>A signed customer token for the site widget: the visitor <paramref name="ExternalCustomerId"/> on <paramref name="Channel"/>.</summary>
public sealed record CustomerTokenResponse(string Token, Channel Channel, string ExternalCustomerId, DateTimeOffset ExpiresAt);

/// <summary>GET /v1/workspaces/{ws}/me: who the caller is (an API key's scope and id, or a token's operator or customer).</summary>
public sealed record CallerResponse(string WorkspaceId, string Scope, string? OperatorId, string? CustomerChannel, string? ExternalCustomerId, string? KeyId);
