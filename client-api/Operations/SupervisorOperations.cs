using Routing.ClientApi.Endpoints;
using Routing.GrainInterfaces;
using Routing.GrainInterfaces.Model;
using Orleans;

namespace Routing.ClientApi.Operations;

/// <summary>
/// What supervisors (and admins) read and do by hand (R6, R12, R16), shared by the REST endpoints and the supervisor
/// WebSocket. Validates first and throws <see cref="ApiRefusal"/>, so a refused request changes nothing.
/// </summary>
public sealed class SupervisorOperations(IGrainFactory grains, TimeProvider time)
{
    public const int MaxNoteLength = 2000;

    /// <summary>How many departments' or operators' grains one read asks at once.</summary>
    private const int ReadParallelism = 32;

    public async Task<List<QueueSummary>> Queues(string ws) =>
        (await ReadAll(await DepartmentIds(ws), departmentId => Queue(ws, departmentId))).ToList();

    public async Task<QueueSummary> Queue(string ws, string departmentId)
    {
        var summary = await Department(ws, departmentId).GetQueueSummary();
        return new QueueSummary(departmentId, summary.Depth, (time.GetUtcNow() - summary.OldestWaitingSince)?.TotalSeconds, summary.OldestWaitingSince);
    }

    /// <summary>A page of one queue in serving order, after the cursor <paramref name="after"/> (a `nextAfter` of an earlier page).</summary>
    public async Task<QueueDetail> QueueDetail(string ws, string departmentId, int? limit, string? after)
    {
        if (limit is < 1 or > SupervisorEndpoints.MaxWaitingLimit) throw ApiRefusal.Invalid($"limit must be between 1 and {SupervisorEndpoints.MaxWaitingLimit}");
        QueueCursor? cursor = null;
        if (after is not null && !QueueCursorText.TryParse(after, out cursor))
            throw ApiRefusal.Invalid("after must be the nextAfter of an earlier page of this listing, as given");
        if (!(await Workspace(ws).GetDepartments()).ContainsKey(departmentId)) throw ApiRefusal.Missing($"no department '{departmentId}'");
        var page = await Department(ws, departmentId).GetQueuePage(cursor, limit ?? SupervisorEndpoints.DefaultWaitingLimit);
        var now = time.GetUtcNow();
        var waiting = page.Entries.Select(e => new WaitingDialog(e.Dialog.ConversationId, e.Position, e.Dialog.Priority, e.Dialog.WaitingSince,
            (now - e.Dialog.WaitingSince).TotalSeconds, e.ExpectedWait?.TotalSeconds, e.Dialog.HeldFor, e.Dialog.SkippedOperators)).ToList();
        return new QueueDetail(departmentId, page.Summary.Depth, (now - page.Summary.OldestWaitingSince)?.TotalSeconds, waiting,
            page.Next is { } next ? QueueCursorText.Format(next) : null);
    }

    public async Task<IReadOnlyList<string>> DepartmentIds(string ws) =>
        (await Workspace(ws).GetDepartments()).Keys.Order(StringComparer.Ordinal).ToList();

    public async Task<List<OperatorState>> OperatorStates(string ws)
    {
        var operatorIds = (await Workspace(ws).GetOperators()).Keys.Order(StringComparer.Ordinal).ToList();
        return (await ReadAll(operatorIds, async operatorId => StateOf(await Operator(ws, operatorId).GetSnapshot()))).ToList();
    }

    /// <summary>Reads one grain per key, <see cref="ReadParallelism"/> at a time, in the keys' order.</summary>
    private static async Task<T[]> ReadAll<T>(IReadOnlyList<string> keys, Func<string, Task<T>> read)
    {
        var results = new T[keys.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, keys.Count), new ParallelOptions { MaxDegreeOfParallelism = ReadParallelism },
            async (index, _) => results[index] = await read(keys[index]));
        return results;
    }

    public async Task<OperatorState> SetStatus(string ws, string operatorId, OperatorStatus? status)
    {
        if (status is not ({ } wanted and (OperatorStatus.Online or OperatorStatus.Away or OperatorStatus.Offline)))
            throw ApiRefusal.Invalid("status must be online, away or offline");
        await RequireOperator(ws, operatorId);
        return StateOf(await Operator(ws, operatorId).SetStatus(wanted));
    }

    public async Task RequireOperator(string ws, string operatorId)
    {
        if (!await AdminEndpoints.OperatorExists(grains, ws, operatorId)) throw ApiRefusal.Missing($"no operator '{operatorId}'");
    }

    /// <summary>The conversation, or a 404 refusal.</summary>
    public async Task<ConversationView> Conversation(string ws, string conversationId) =>
        (Ids.IsDerivedId(conversationId) ? await Grain(ws, conversationId).Find() : null)
        ?? throw ApiRefusal.Missing($"no conversation '{conversationId}'");

    public async Task<IReadOnlyList<ConversationMessage>> Messages(string ws, string conversationId, long? from, int? limit)
    {
        if (from is < 1) throw ApiRefusal.Invalid("from must be at least 1");
        if (limit is < 1 or > ConversationMessage.MaxReadCount) throw ApiRefusal.Invalid($"limit must be between 1 and {ConversationMessage.MaxReadCount}");
        await Conversation(ws, conversationId);
        return await Grain(ws, conversationId).GetMessages(from ?? 1, limit ?? SupervisorEndpoints.DefaultMessageLimit);
    }

    public async Task<ConversationView> Assign(string ws, string conversationId, string? operatorId, bool force, string? note)
    {
        if (!Ids.IsId(operatorId)) throw ApiRefusal.Invalid("operatorId is required and must be a valid id");
        RequireNote(note);
        await Conversation(ws, conversationId);
        await Control(ws, conversationId).AssignByHand(operatorId, force, note ?? "");
        return await Conversation(ws, conversationId);
    }

    /// <summary>To a department or an operator; with <paramref name="heldBy"/>, only while that operator holds it (their own transfer).</summary>
    public async Task<ConversationView> Transfer(string ws, string conversationId, string? departmentId, string? operatorId, string? note, string? heldBy = null)
    {
        if ((departmentId is null) == (operatorId is null)) throw ApiRefusal.Invalid("give exactly one of departmentId and operatorId");
        if (!Ids.IsId(departmentId ?? operatorId)) throw ApiRefusal.Invalid("the target is not a valid id");
        RequireNote(note);
        await Conversation(ws, conversationId);
        var control = Control(ws, conversationId);
        if (heldBy is not null) await control.TransferHeld(heldBy, departmentId, operatorId, note ?? "");
        else if (departmentId is not null) await control.TransferToDepartment(departmentId, note ?? "");
        else await control.TransferToOperator(operatorId!, note ?? "");
        return await Conversation(ws, conversationId);
    }

    /// <summary>
    /// Closes it; with <paramref name="heldBy"/>, only while it is assigned to that operator (their own close). A retry
    /// of a close that took effect gets the same answer.
    /// </summary>
    public async Task<ConversationView> Close(string ws, string conversationId, string by, string? heldBy = null)
    {
        await Conversation(ws, conversationId);
        await Control(ws, conversationId).Close(by, heldBy);
        return await Conversation(ws, conversationId);
    }

    /// <summary>
    /// Moves an assigned dialog to another of the customer's channels (issue 15); with <paramref name="heldBy"/>, only
    /// while it is assigned to that operator. Voice is refused (a callback request), as are the same channel, an
    /// identity of another customer and one the customer does not have there; nothing changes then.
    /// </summary>
    public async Task<ConversationView> MoveToChannel(string ws, string conversationId, Channel? channel, string? externalId, string? heldBy = null)
    {
        if (channel is not { } target || !Enum.IsDefined(target)) throw ApiRefusal.Invalid("channel is required (chat, messenger, social, email, voice)");
        if (ChannelMoveRequest.IdentityProblem(target, externalId) is { } problem) throw ApiRefusal.Invalid(problem);
        await Conversation(ws, conversationId);
        return await Control(ws, conversationId).MoveToChannel(new ChannelMoveRequest(target, externalId, heldBy));
    }

    public static OperatorState StateOf(OperatorSnapshot snapshot) =>
        new(snapshot.OperatorId, snapshot.Status, snapshot.Load, snapshot.Profile.Capacity, snapshot.Active.Select(a => a.ConversationId).ToList(),
            snapshot.ShiftEndsAt, snapshot.StatusSince) { Blocked = snapshot.Blocked };

    private static void RequireNote(string? note)
    {
        if (note is { Length: > MaxNoteLength }) throw ApiRefusal.Invalid($"note is at most {MaxNoteLength} characters");
    }

    private IWorkspaceGrain Workspace(string ws) => grains.GetGrain<IWorkspaceGrain>(RoutingKeys.Workspace(ws));
    private IDepartmentGrain Department(string ws, string id) => grains.GetGrain<IDepartmentGrain>(RoutingKeys.Department(ws, id));
    private IOperatorGrain Operator(string ws, string id) => grains.GetGrain<IOperatorGrain>(RoutingKeys.Operator(ws, id));
    private IConversationGrain Grain(string ws, string id) => grains.GetGrain<IConversationGrain>(RoutingKeys.Conversation(ws, id));
    private IConversationControlGrain Control(string ws, string id) => grains.GetGrain<IConversationControlGrain>(RoutingKeys.ConversationControl(ws, id));
}
