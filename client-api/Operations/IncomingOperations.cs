using Routing.ClientApi.Errors;
using Routing.GrainInterfaces;
using Orleans;

namespace Routing.ClientApi.Operations;

/// <summary>
/// Taking from the shared queue (pull), shared by the operator REST endpoints and the operator WebSocket: the
/// "Incoming" list of the waiting dialogs an operator could take in the departments they belong to, and the take itself.
/// The departments decide both (by the automatic router's own rules, in their turns); this only asks them and answers.
/// </summary>
public sealed class IncomingOperations(IGrainFactory grains, SupervisorOperations supervisor, TimeProvider time)
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 200;

    /// <summary>The first <paramref name="limit"/> dialogs of their departments' Incoming, highest priority and longest wait first.</summary>
    public async Task<IReadOnlyList<IncomingDialogResponse>> List(string ws, string operatorId, int? limit)
    {
        if (limit is < 1 or > MaxLimit) throw ApiRefusal.Invalid($"limit must be between 1 and {MaxLimit}");
        var take = limit ?? DefaultLimit;
        var snapshot = await grains.GetGrain<IOperatorGrain>(RoutingKeys.Operator(ws, operatorId)).GetSnapshot();
        var perDepartment = await Task.WhenAll(snapshot.Profile.Departments.Select(d => d.DepartmentId).Distinct(StringComparer.Ordinal)
            .Select(departmentId => Department(ws, departmentId).GetIncoming(operatorId, take)));
        var now = time.GetUtcNow();
        return perDepartment.SelectMany(dialogs => dialogs)
            .OrderByDescending(d => d.Priority).ThenBy(d => d.WaitingSince).ThenBy(d => d.DepartmentId, StringComparer.Ordinal)
            .Take(take).Select(d => IncomingDialogResponse.Of(d, now)).ToList();
    }

    /// <summary>
    /// Takes a waiting dialog: assigned to them as the router assigns, or refused with nothing changed. A retry after a lost
    /// answer finds it theirs and gets the same answer.
    /// </summary>
    public async Task<ConversationView> Take(string ws, string operatorId, string? conversationId)
    {
        if (!Ids.IsDerivedId(conversationId)) throw ApiRefusal.Invalid("conversationId is required and must be a valid id");
        var view = await supervisor.Conversation(ws, conversationId);
        if (IsTheirs(view, operatorId)) return view;
        if (view.Status != ConversationStatus.Queued) throw AlreadyTaken(view);
        var result = await Department(ws, view.DepartmentId).Take(view.ConversationId, operatorId);
        if (result.Taken) return await supervisor.Conversation(ws, view.ConversationId);
        throw result.Refusal switch
        {
            TakeRefusal.NotWaiting => AlreadyTaken(await supervisor.Conversation(ws, view.ConversationId)),
            TakeRefusal.NoCapacity => ApiRefusal.Conflict(ErrorCodes.NoCapacity,
                $"you have no free capacity for a {view.Channel.ToString().ToLowerInvariant()} dialog; close one first"),
            var refusal => ApiRefusal.Conflict(ErrorCodes.NotEligible, $"you may not take conversation '{view.ConversationId}': {Why(refusal)}"),
        };
    }

    private static bool IsTheirs(ConversationView view, string operatorId) =>
        view.Status == ConversationStatus.Assigned && view.OperatorId == operatorId;

    private static ApiRefusal AlreadyTaken(ConversationView view) => ApiRefusal.Conflict(ErrorCodes.AlreadyTaken,
        $"conversation '{view.ConversationId}' no longer waits ({view.Status.ToString().ToLowerInvariant()}): taken by another operator, moved or closed");

    private static string Why(TakeRefusal? refusal) => refusal switch
    {
        TakeRefusal.NotMember => "you are not a member of its department",
        TakeRefusal.HeldForAnother => "it is held for its customer's own operator (sticky routing)",
        TakeRefusal.NotOnline => "you are not online",
        TakeRefusal.SkippedBefore => "it left you before (declined, expired or rescued) and is not routed to you again",
        TakeRefusal.TierNotReached => "your tier is not reached yet for its wait",
        TakeRefusal.MissingSkills => "you lack the skills it requires",
        _ => "the routing rules do not allow it",
    };

    private IDepartmentGrain Department(string ws, string id) => grains.GetGrain<IDepartmentGrain>(RoutingKeys.Department(ws, id));
}
