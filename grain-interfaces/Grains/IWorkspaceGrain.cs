using Routing.GrainInterfaces.Model;
using Orleans.Concurrency;

namespace Routing.GrainInterfaces;

/// <summary>
/// A workspace's configuration (R1): departments, operators, entry rules. Key: the workspace id.
/// Bad input throws <see cref="ArgumentException"/> and changes nothing. Pushes changes down to departments and operators.
/// </summary>
public interface IWorkspaceGrain : IGrainWithStringKey
{
    Task ConfigureDepartment(string departmentId, DepartmentConfig config);
    Task ConfigureOperator(string operatorId, OperatorProfile profile);
    Task SetEntryRouting(EntryRouting routing);
    [ReadOnly] Task<EntryConfig> GetEntryConfig();

    /// <summary>Turns the widgets' draft preview (issue 15) on or off and tells every customer session ("draft-preview:{ws}").</summary>
    Task SetDraftPreview(bool enabled);

    /// <summary>Whether the workspace's widgets may send draft previews (off unless an admin turned it on).</summary>
    [ReadOnly] Task<bool> GetDraftPreview();
    [ReadOnly] Task<IReadOnlyDictionary<string, DepartmentConfig>> GetDepartments();
    [ReadOnly] Task<IReadOnlyDictionary<string, OperatorProfile>> GetOperators();

    /// <summary>Creates the workspace with its first admin key; throws InvalidOperationException when it already exists.</summary>
    Task Create(ApiKeyRecord firstAdminKey);

    [ReadOnly] Task<bool> Exists();

    /// <summary>Adds an API key (R25) to an existing workspace; throws InvalidOperationException when it does not exist or is full.</summary>
    Task<ApiKeyView> AddApiKey(ApiKeyRecord key);

    /// <summary>
    /// Revokes a key at once; false when there is no such key. The last admin key is never revoked
    /// (InvalidOperationException): the workspace would be locked out.
    /// </summary>
    Task<bool> RevokeApiKey(string keyId);

    [ReadOnly] Task<IReadOnlyList<ApiKeyView>> GetApiKeys();

    /// <summary>The scope of key <paramref name="keyId"/> when <paramref name="secretHash"/> is its hash (compared in constant time), else null.</summary>
    [ReadOnly] Task<ApiKeyScope?> Authenticate(string keyId, string secretHash);

    /// <summary>
    /// The HMAC key (32 bytes) that signs the workspace's operator and customer tokens (R25), created and persisted on
    /// first use. Empty for a workspace never created through <see cref="Create"/>: nothing is signed for it, and
    /// probing unknown workspaces writes nothing.
    /// </summary>
    Task<byte[]> GetTokenSigningKey();

    /// <summary>Replaces the token signing key: every token issued before stops working at once.</summary>
    Task RotateTokenSigningKey();
}
