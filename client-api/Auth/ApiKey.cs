using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text;
using Routing.GrainInterfaces;

namespace Routing.ClientApi.Auth;

/// <summary>
/// A workspace API key as the caller sends it: <c>{workspace}.{keyId}.{secret}</c>, the secret 32 random bytes in hex.
/// The workspace and key id say where to look; only the SHA-256 of the secret is stored.
/// </summary>
public static class ApiKey
{
    /// <summary>A new key: the record to store (hash only) and the raw key to show once.</summary>
    public static (ApiKeyRecord Record, string RawKey) Create(string workspaceId, ApiKeyScope scope, string name, DateTimeOffset now)
    {
        var keyId = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
        var secret = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        return (new ApiKeyRecord(keyId, scope, name, Hash(secret), now), $"{workspaceId}.{keyId}.{secret}");
    }

    public static string Hash(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    public static bool TryParse(string raw, [NotNullWhen(true)] out string? workspaceId, [NotNullWhen(true)] out string? keyId, [NotNullWhen(true)] out string? secret)
    {
        workspaceId = keyId = secret = null;
        var parts = raw.Split('.');
        if (parts.Length != 3 || !Ids.IsWorkspaceId(parts[0]) || parts[1].Length != 16 || parts[2].Length != 64 ||
            !parts[1].All(char.IsAsciiHexDigitLower) || !parts[2].All(char.IsAsciiHexDigitLower)) return false;
        (workspaceId, keyId, secret) = (parts[0], parts[1], parts[2]);
        return true;
    }

    /// <summary>Compares two secrets in constant time (of their hashes, so lengths leak nothing).</summary>
    public static bool SecretEquals(string a, string b) =>
        CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(a)), SHA256.HashData(Encoding.UTF8.GetBytes(b)));
}
