using Routing.GrainInterfaces.Model;
using Orleans.Concurrency;

namespace Routing.GrainInterfaces;

/// <summary>
/// An operator (R5) and THE authority on their capacity. Key: RoutingKeys.Operator(ws, id).
/// A leaf: it calls nobody synchronously; it tells its router about changes one-way.
/// </summary>
public interface IOperatorGrain : IGrainWithStringKey
{
    Task<OperatorSnapshot> Configure(OperatorProfile profile);

    /// <summary>
    /// Changes status; going offline while holding dialogs is refused (they must be closed or moved first), and
    /// <see cref="OperatorStatus.WrappingUp"/> is the work schedule's alone. Online after a shift end is overtime: it
    /// ends the wrap-up (their dialogs stay with them).
    /// </summary>
    Task<OperatorSnapshot> SetStatus(OperatorStatus status);

    /// <summary>
    /// Sets the work schedule (R14), or removes it (null). Bad input throws ArgumentException and changes nothing. It takes
    /// effect now: on shift by the new schedule they start their shift, off it they end the one they were on.
    /// </summary>
    Task<OperatorSnapshot> SetSchedule(WorkSchedule? schedule);

    /// <summary>Reserves capacity for a dialog if CapacityPolicy allows it on this grain's own state. Idempotent per dialog.</summary>
    Task<ReserveResult> TryReserve(string conversationId, Channel channel, string departmentId);

    /// <summary>A supervisor's assignment: like TryReserve, but beyond capacity (and whatever the status) when forced.</summary>
    Task<ReserveResult> ReserveByHand(string conversationId, Channel channel, string departmentId, bool force);

    /// <summary>Frees what the dialog took. Idempotent.</summary>
    Task<OperatorSnapshot> Release(string conversationId);

    /// <summary>
    /// A held dialog moved to another channel (issue 15): its cost becomes that channel's, in one turn, so the load is
    /// re-evaluated atomically with every reservation. False, and nothing changed, when the new cost does not fit their
    /// capacity (a cheaper or equal channel always fits; <paramref name="force"/> undoes a move that could not finish);
    /// throws not-assigned when they do not hold it. Idempotent.
    /// </summary>
    Task<bool> ChangeChannel(string conversationId, Channel channel, bool force);

    [ReadOnly] Task<OperatorSnapshot> GetSnapshot();

    /// <summary>
    /// Blocks their access (issue 15): offline at once, never reserved again (not even forced), no status but offline;
    /// each dialog they hold is asked (one-way) to go back to its department's queue by its original wait, again every
    /// 30 s while any is left. Published as <see cref="OperatorChangeKinds.Blocked"/>, which ends their sessions.
    /// Idempotent: a repeat asks for the returns again.
    /// </summary>
    Task<OperatorSnapshot> Block();

    /// <summary>Lifts the block; they stay offline until they (or a supervisor, or their schedule) set a status.</summary>
    Task<OperatorSnapshot> Unblock();

    /// <summary>
    /// The operator leaves the workspace: refused (InvalidOperationException) while they hold dialogs; otherwise offline and
    /// never reserved until configured again. Idempotent.
    /// </summary>
    Task<OperatorSnapshot> Remove();
}
