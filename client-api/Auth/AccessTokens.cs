using System.Buffers.Text;
using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Routing.ClientApi.Auth;

/// <summary>
/// Signed operator and customer tokens (R25): <c>rt1.{base64url(JSON payload)}.{base64url(HMAC-SHA256(key, "rt1." + payload))}</c>,
/// the key being the workspace's token signing key. Nothing is stored per token: rotating the key revokes them all.
/// </summary>
public sealed class AccessTokens(TimeProvider time)
{
    public const string Prefix = "rt1.";

    /// <summary>Longest token read: a 256-character external id escaped in JSON and encoded fits with room to spare.</summary>
    public const int MaxLength = 4096;

    /// <summary>How far in the future a token's issue time may be: another silo's clock may run a little ahead.</summary>
    public static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(5);

    private const int MinKeyLength = 32;
    private const int SignatureLength = 43; // 32 bytes in unpadded base64url

    /// <summary>Whether a Bearer value is meant as a token (else it is an API key).</summary>
    public static bool IsToken(string raw) => raw.StartsWith(Prefix, StringComparison.Ordinal);

    /// <summary>Signs <paramref name="token"/> with the workspace's key.</summary>
    public static string Issue(AccessToken token, ReadOnlySpan<byte> key)
    {
        ArgumentNullException.ThrowIfNull(token);
        if (token.Problem() is { } problem) throw new ArgumentException(problem, nameof(token));
        if (key.Length < MinKeyLength) throw new ArgumentException($"a signing key has at least {MinKeyLength} bytes", nameof(key));
        var signed = Prefix + Base64Url.EncodeToString(JsonSerializer.SerializeToUtf8Bytes(AccessTokenPayload.From(token), AccessTokenJsonContext.Default.AccessTokenPayload));
        return signed + "." + Sign(key, signed);
    }

    /// <summary>
    /// The workspace a token claims, read without checking anything but its shape: it says whose key checks the
    /// signature. Null when <paramref name="raw"/> cannot be a token.
    /// </summary>
    public static string? ClaimedWorkspace(string raw) => TrySplit(raw, out var payload, out _) && Read(payload) is { } token ? token.WorkspaceId : null;

    /// <summary>The token's claims when it is well formed, signed with <paramref name="key"/> and not expired; else why not.</summary>
    public bool TryValidate(string raw, ReadOnlySpan<byte> key, [NotNullWhen(true)] out AccessToken? token, [NotNullWhen(false)] out string? failure)
    {
        token = null;
        failure = "malformed token";
        if (!TrySplit(raw, out var payload, out var signature)) return false;
        if (key.Length < MinKeyLength)
        {
            failure = "the token's workspace has no signing key";
            return false;
        }
        // The signature first: nothing of an unsigned payload is believed. Both sides are ASCII of the same length.
        var expected = Encoding.ASCII.GetBytes(Sign(key, raw[..(Prefix.Length + payload.Length)]));
        if (!CryptographicOperations.FixedTimeEquals(expected, Encoding.ASCII.GetBytes(signature)))
        {
            failure = "bad token signature (another key, or the workspace's key was rotated)";
            return false;
        }
        if (Read(payload) is not { } claims) return false;
        var now = time.GetUtcNow();
        if (now >= claims.ExpiresAt)
        {
            failure = "expired token";
            return false;
        }
        if (claims.IssuedAt > now + ClockSkew)
        {
            failure = "token issued in the future";
            return false;
        }
        (token, failure) = (claims, null);
        return true;
    }

    private static string Sign(ReadOnlySpan<byte> key, string signed) => Base64Url.EncodeToString(HMACSHA256.HashData(key, Encoding.ASCII.GetBytes(signed)));

    private static bool TrySplit(string raw, out string payload, out string signature)
    {
        payload = signature = "";
        if (raw is null || raw.Length > MaxLength || !IsToken(raw)) return false;
        var parts = raw[Prefix.Length..].Split('.');
        if (parts.Length != 2 || parts[0].Length == 0 || parts[1].Length != SignatureLength || !parts.All(IsBase64Url)) return false;
        (payload, signature) = (parts[0], parts[1]);
        return true;
    }

    private static bool IsBase64Url(string part) => part.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');

    /// <summary>The claims of a payload part, when it decodes to a complete, valid payload.</summary>
    private static AccessToken? Read(string payload)
    {
        var bytes = new byte[Base64Url.GetMaxDecodedLength(payload.Length)];
        if (!Base64Url.TryDecodeFromChars(payload, bytes, out var length)) return null;
        try
        {
            var token = JsonSerializer.Deserialize(bytes.AsSpan(0, length), AccessTokenJsonContext.Default.AccessTokenPayload)?.ToToken();
            return token?.Problem() is null ? token : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
