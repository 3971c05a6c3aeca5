using Orleans;

namespace Routing.GrainInterfaces;

/// <summary>What a workspace API key may do (R25): configure (admin), feed customer messages (channel), watch and move (supervisor).</summary>
[GenerateSerializer, Alias("routing.ApiKeyScope")]
public enum ApiKeyScope
{
    Admin = 0,
    Channel = 1,
    Supervisor = 2,
}

/// <summary>
/// A workspace API key as stored: only the SHA-256 of the secret (lowercase hex), never the secret itself.
/// <paramref name="KeyId"/> is public (part of the key the caller sends) and unique within the workspace.
/// </summary>
[GenerateSerializer, Immutable, Alias("routing.ApiKeyRecord")]
public sealed record ApiKeyRecord(string KeyId, ApiKeyScope Scope, string Name, string SecretHash, DateTimeOffset CreatedAt);

/// <summary>An API key as listed to admins: everything but the hash.</summary>
[GenerateSerializer, Immutable, Alias("routing.ApiKeyView")]
public sealed record ApiKeyView(string KeyId, ApiKeyScope Scope, string Name, DateTimeOffset CreatedAt);
