using System.Text.Json.Serialization;
using Routing.GrainInterfaces.Model;

namespace Routing.ClientApi.Auth;

/// <summary>
/// The JSON inside a token: names and enums as plain strings, times as unix seconds, so clients can read it
/// (never trust it: only the signature makes it true).
/// </summary>
internal sealed record AccessTokenPayload(string? WorkspaceId, string? Kind, string? Subject, string? Channel, long IssuedAt, long ExpiresAt)
{
    private const long MaxUnixSeconds = 253402300799; // 9999-12-31T23:59:59Z, DateTimeOffset's last second

    public static AccessTokenPayload From(AccessToken token) => new(token.WorkspaceId, Name(token.Kind), token.Subject,
        token.Channel is { } channel ? Name(channel) : null, token.IssuedAt.ToUnixTimeSeconds(), token.ExpiresAt.ToUnixTimeSeconds());

    /// <summary>The claims, when every field has a known value (not yet checked against <see cref="AccessToken.Problem"/>).</summary>
    public AccessToken? ToToken()
    {
        if (WorkspaceId is null || Subject is null || IssuedAt is < 0 or > MaxUnixSeconds || ExpiresAt is < 0 or > MaxUnixSeconds) return null;
        if (Parse<AccessTokenKind>(Kind) is not { } kind) return null;
        Channel? channel = null;
        if (Channel is not null && (channel = Parse<Channel>(Channel)) is null) return null;
        return new AccessToken(WorkspaceId, kind, Subject, channel, DateTimeOffset.FromUnixTimeSeconds(IssuedAt), DateTimeOffset.FromUnixTimeSeconds(ExpiresAt));
    }

    /// <summary>"operator", "customer", "chat" ...: the names the REST API uses for these enums.</summary>
    public static string Name<T>(T value) where T : struct, Enum => value.ToString().ToLowerInvariant();

    private static T? Parse<T>(string? name) where T : struct, Enum =>
        Enum.GetValues<T>().Select(v => (T?)v).FirstOrDefault(v => Name(v!.Value) == name);
}

/// <summary>Source-generated and strict: an unknown field makes the payload unreadable.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow)]
[JsonSerializable(typeof(AccessTokenPayload))]
internal sealed partial class AccessTokenJsonContext : JsonSerializerContext;
