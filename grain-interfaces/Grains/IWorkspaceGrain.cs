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
    /// <summary>
    /// Creates or replaces an operator. A new one beyond the licensed seats is refused with
    /// <see cref="RoutingRefusedException.SeatLimitReached"/> in the same turn that counts them, so concurrent adds never
    /// exceed the seats; replacing an existing operator never counts twice.
    /// </summary>
    Task ConfigureOperator(string operatorId, OperatorProfile profile);
    Task SetEntryRouting(EntryRouting routing);
    [ReadOnly] Task<EntryConfig> GetEntryConfig();

    /// <summary>Turns the widgets' draft preview (issue 15) on or off and tells every customer session ("draft-preview:{ws}").</summary>
    Task SetDraftPreview(bool enabled);

    /// <summary>Whether the workspace's widgets may send draft previews (off unless an admin turned it on).</summary>
    [ReadOnly] Task<bool> GetDraftPreview();
    [ReadOnly] Task<IReadOnlyDictionary<string, DepartmentConfig>> GetDepartments();

    /// <summary>
    /// Sets the workspace's time zone (an IANA id; ArgumentException for an unknown one): the day the live statistics'
    /// "today" is counted in, and the hours, days and months of its statistics reports. Tells the workspace's supervisors (<see cref="WorkspaceChanged"/> "time-zone-set").
    /// </summary>
    Task SetTimeZone(string timeZoneId);

    /// <summary>The workspace's time zone, "UTC" until an admin sets one.</summary>
    [ReadOnly] Task<string> GetTimeZone();

    /// <summary>The time zone an admin set, or null when none was ever set (reports then count in each department's zone).</summary>
    [ReadOnly] Task<string?> GetTimeZoneSetting();
    [ReadOnly] Task<IReadOnlyDictionary<string, OperatorProfile>> GetOperators();

    /// <summary>
    /// Creates the workspace with its first admin key and its licensed operator seats (null: unlimited); throws
    /// InvalidOperationException when it already exists.
    /// </summary>
    Task Create(ApiKeyRecord firstAdminKey, int? seats = null);

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

    // Administration (issue 15): operator access and seats.

    /// <summary>
    /// Whether operator <paramref name="operatorId"/> may sign in now, and, given <paramref name="tokenIssuedAt"/>, whether
    /// that token may be used: one issued before their last block or removal never works again, even after an unblock.
    /// </summary>
    [ReadOnly] Task<OperatorAccess> GetOperatorAccess(string operatorId, DateTimeOffset? tokenIssuedAt = null);

    /// <summary>
    /// Blocks a configured operator's access (ArgumentException for an unknown one, or a reason over 500 characters): stored
    /// first, so their tokens are refused from then on, then the operator grain is blocked (offline, dialogs back to the
    /// queue, sessions ended). Idempotent: a repeat keeps the first block and asks the operator grain again.
    /// </summary>
    Task<OperatorBlock> BlockOperator(string operatorId, string reason);

    /// <summary>Lifts a block (ArgumentException for an unknown operator); true when one was lifted.</summary>
    Task<bool> UnblockOperator(string operatorId);

    /// <summary>The blocked operators and their blocks.</summary>
    [ReadOnly] Task<IReadOnlyDictionary<string, OperatorBlock>> GetOperatorBlocks();

    /// <summary>
    /// Removes an operator: refused (InvalidOperationException) while they hold dialogs; frees their seat, takes them
    /// out of their departments and ends their tokens. False when there is no such operator.
    /// </summary>
    Task<bool> RemoveOperator(string operatorId);

    /// <summary>Sets the licensed seats (null: unlimited; 0 to <see cref="SeatsView.MaxSeats"/>); below the count is allowed and reported.</summary>
    Task<SeatsView> SetSeats(int? seats);

    [ReadOnly] Task<SeatsView> GetSeats();
}
