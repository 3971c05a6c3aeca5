using Routing.GrainInterfaces.Model;
using Orleans.Concurrency;

namespace Routing.GrainInterfaces;

/// <summary>
/// Actions by hand on one conversation (R6, R12): transfer to a department or an operator, assign by a supervisor,
/// change priority. Key: RoutingKeys.ConversationControl(ws, conversationId). It sits above departments in the call
/// order (it calls departments, the conversation and operators; nothing calls it), so moves never form a cycle, and
/// it serializes the actions on one conversation. Bad requests throw and change nothing.
/// </summary>
public interface IConversationControlGrain : IGrainWithStringKey
{
    /// <summary>Into the department's queue, ahead of newer dialogs by its original wait.</summary>
    Task<Placement> TransferToDepartment(string departmentId, string note);

    /// <summary>
    /// To an operator who has room now; when they have none, throws <see cref="RoutingRefusedException"/>
    /// (<see cref="RoutingRefusedException.OperatorUnavailable"/>) and changes nothing.
    /// </summary>
    Task TransferToOperator(string operatorId, string note);

    /// <summary>
    /// An operator's transfer of a dialog assigned to them, to a department (<paramref name="departmentId"/>) or an
    /// operator: refused with <see cref="RoutingRefusedException.NotAssigned"/> when it is not (any more), checked in the
    /// turn that moves it (so a rescue or a supervisor's move in between wins). An offer is accepted first.
    /// </summary>
    Task TransferHeld(string heldBy, string? departmentId, string? toOperatorId, string note);
    /// <summary>A supervisor's assignment; beyond capacity only when <paramref name="force"/> (recorded as forced).</summary>
    Task AssignByHand(string operatorId, bool force, string note);

    Task ChangePriority(Priority priority);

    /// <summary>
    /// Re-drives a dialog that says it waits into its department (idempotent): repairs a crash between opening and
    /// queueing it. Serialized here with the moves by hand, so it cannot race a transfer. Null when it does not wait.
    /// </summary>
    Task<Placement?> EnsureQueued(EnqueueRequest request);

    /// <summary>
    /// The dialog leaves <paramref name="operatorId"/> for its department's queue, ahead of newer dialogs by its original
    /// wait (R13 rescue, R14 shift end). A rescue also keeps it from that operator from now on, and after the
    /// department's retry limit it goes to the rescue fallback department with a supervisor alert. Ignored when the dialog
    /// is no longer with that operator (or, for a rescue, when they replied meanwhile). One-way: the conversation and the
    /// operator grain ask for it from below, and re-ask from a durable deadline until it happened.
    /// </summary>
    [OneWay] Task ReturnToQueue(string operatorId, ReturnReason reason);

    /// <summary>
    /// Closes it (R23: the one close path). The conversation is marked closed first, then it leaves its department's
    /// queue or offer, then its operator is freed, under a durable intent that a crash cannot leave half done. With
    /// <paramref name="heldBy"/>, the operator's own close: refused with <see cref="RoutingRefusedException.NotAssigned"/>
    /// unless it is assigned to them (an offer is declined, not closed), checked in the turn that closes it. Idempotent:
    /// a retry of a close that took effect answers as the first did.
    /// </summary>
    Task Close(string by, string? heldBy);

    /// <summary>
    /// Closes it for customer inactivity (R13) if it is still due: the conversation's inactivity deadline asks from
    /// below, one-way, and asks again until it is closed.
    /// </summary>
    [OneWay] Task CloseForInactivity();

    /// <summary>
    /// Moves an assigned dialog to another of the customer's channels (issue 15), under a durable intent like the other
    /// moves: checked (not voice, not the same channel, an identity of this customer there), then the operator's load
    /// re-evaluated at the new channel's cost, then the identity linked to the customer, then the conversation moved.
    /// Refusals (<see cref="ChannelMoveRefusals"/>, not-assigned, identity-blocked) and a closed or unassigned dialog
    /// (<see cref="InvalidOperationException"/>) change nothing. A retry of a move that took effect answers as it did.
    /// </summary>
    Task<ConversationView> MoveToChannel(ChannelMoveRequest request);

    /// <summary>The bot hands the dialog to a human: it enters its department's queue now (R7).</summary>
    Task<Placement> HandOverFromBot(string note);
}
