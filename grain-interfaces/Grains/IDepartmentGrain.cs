using Orleans.Concurrency;

namespace Routing.GrainInterfaces;

/// <summary>
/// A department (R4): the single writer of its waiting queue and operator index. Key: RoutingKeys.Department(ws, id).
/// Calls operators (reserve) and conversations (assigned); never calls up.
/// </summary>
public interface IDepartmentGrain : IGrainWithStringKey
{
    Task Configure(DepartmentConfig config);

    /// <summary>Adds, re-tiers (tier) or removes (null) a member operator.</summary>
    Task SetMember(string operatorId, int? tier);

    /// <summary>A dialog enters: to the best operator at once, else into the queue.</summary>
    Task<Placement> Enqueue(EnqueueRequest request);

    /// <summary>
    /// A fresh operator snapshot (an older one than this department holds is ignored); answers the first waiting dialog
    /// this operator may take here, if any. What the router asks each department of an operator in several, to choose
    /// among their heads (FairSharePolicy).
    /// </summary>
    Task<DepartmentHeadView?> UpdateOperator(OperatorSnapshot snapshot);

    /// <summary>
    /// The router's one call for an operator who may take more: keeps the snapshot (an older one than this department
    /// holds is ignored), then gives them the first waiting dialog they may take here (assigned, or offered in offer
    /// mode; nothing under pull distribution). <paramref name="conversationId"/> is the dialog the router chose across
    /// departments: it goes first if it still waits and they may take it; when another operator took it meanwhile, the
    /// department's next dialog for them goes instead, so a lost race costs no extra call. The result holds the
    /// operator's newest snapshot after it, so the router stops when that shows no room.
    /// </summary>
    Task<ServeResult> Serve(OperatorSnapshot snapshot, string? conversationId);

    /// <summary>
    /// The operator takes a waiting dialog from the shared queue themselves (pull), in the same turn discipline as the
    /// automatic router and under the same eligibility rules; assigned exactly as the router assigns (never offered).
    /// </summary>
    Task<TakeResult> Take(string conversationId, string operatorId);

    /// <summary>
    /// The waiting dialogs the operator could take here ("Incoming"), in serving order, at most <paramref name="limit"/>:
    /// empty for a non-member.
    /// </summary>
    [ReadOnly] Task<IReadOnlyList<IncomingDialog>> GetIncoming(string operatorId, int limit);

    /// <summary>The operator accepts an offer (offer mode); false when there is no such offer (expired, moved, closed).</summary>
    Task<bool> AcceptOffer(string conversationId, string operatorId);

    /// <summary>The operator declines: the dialog goes to the next operator (this one skipped) or back to the queue.</summary>
    Task<bool> DeclineOffer(string conversationId, string operatorId);

    /// <summary>Takes a waiting or offered dialog out for a move by hand or a close (idempotent); false when it was neither here.</summary>
    Task<bool> Detach(string conversationId);

    /// <summary>Re-orders a waiting dialog (or re-prioritizes a pending offer); false when it is neither here.</summary>
    Task<bool> ChangePriority(string conversationId, Model.Priority priority);

    /// <summary>Processes everything queued before it (tests, drains).</summary>
    Task Flush();

    /// <summary>The ids of the waiting dialogs, queued and held, in serving order.</summary>
    [ReadOnly] Task<IReadOnlyList<string>> GetWaiting();

    /// <summary>The waiting dialogs, queued and held, in serving order, with their wait and skip lists (supervisor view, R16).</summary>
    [ReadOnly] Task<IReadOnlyList<WaitingDialogView>> GetWaitingDialogs();

    /// <summary>
    /// At most <paramref name="limit"/> waiting dialogs (queued and held) that the department serves after
    /// <paramref name="after"/> (null: from the head), with positions and expected waits (R16): the supervisor's queue listing.
    /// </summary>
    [ReadOnly] Task<QueuePage> GetQueuePage(QueueCursor? after, int limit);
    [ReadOnly] Task<int?> PositionOf(string conversationId);
    /// <summary>
    /// Its members' capacities, work schedules and blocks (staffing gap), from the operator snapshots it holds: one call
    /// whatever the department's size (the snapshots are read from the operator grains once per activation, and an
    /// operator's new schedule reaches them through their router).
    /// </summary>
    [ReadOnly] Task<IReadOnlyList<ScheduledMember>> GetScheduledMembers();

    /// <summary>How many wait (queued and held) and since when the longest: what a wallboard shows, without the list (R16).</summary>
    [ReadOnly] Task<QueueSummaryView> GetQueueSummary();

    /// <summary>
    /// Position and expected wait of every waiting dialog, queued and held (R16), in one call: what the silo's queue
    /// board pushes to the widgets of a department, instead of each widget asking for its own.
    /// </summary>
    [ReadOnly] Task<IReadOnlyList<QueuePosition>> GetQueuePositions();
    /// <summary>Position and expected wait of a waiting dialog (R16); null when it does not wait here.</summary>
    [ReadOnly] Task<QueuePosition?> GetQueuePosition(string conversationId);
    /// <summary>Why a waiting dialog waits now (closed, nobody online: R15), as its notices said when it was queued.</summary>
    [ReadOnly] Task<WaitReasons> GetWaitReasons(string conversationId);
}
