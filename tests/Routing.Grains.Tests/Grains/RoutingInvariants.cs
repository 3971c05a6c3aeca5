using Routing.GrainInterfaces;

namespace Routing.Grains.Tests.Grains;

/// <summary>
/// The routing invariants of issue 3, checked against the grains after the world settled: no operator over capacity;
/// every open dialog in exactly one place; none on an offline operator; none waiting while an eligible operator has
/// room; FIFO within a priority. Returns the violations (empty when all hold).
/// </summary>
internal static class RoutingInvariants
{
    public static async Task<List<string>> Check(RoutingWorld world, IReadOnlyCollection<string> openConversations)
    {
        var problems = new List<string>();
        var snapshots = await world.Snapshots();
        var queues = await world.Queues();
        var places = new Dictionary<string, List<string>>();
        void Place(string conversation, string where)
        {
            if (!places.TryGetValue(conversation, out var list)) places[conversation] = list = [];
            list.Add(where);
        }

        foreach (var (id, op) in snapshots)
        {
            if (op.Load > op.Profile.Capacity) problems.Add($"operator {id} over capacity: {op.Load}/{op.Profile.Capacity}");
            if (op.Load != op.Active.Sum(a => a.Cost)) problems.Add($"operator {id} load {op.Load} is not the sum of its dialogs");
            if (op.Status == OperatorStatus.Offline && op.Active.Count > 0) problems.Add($"offline operator {id} holds {op.Active.Count} dialog(s)");
            foreach (var active in op.Active) Place(active.ConversationId, "operator:" + id);
        }
        foreach (var (department, waiting) in queues)
            foreach (var conversation in waiting) Place(conversation, "queue:" + department);

        var views = new Dictionary<string, ConversationView>();
        foreach (var conversation in openConversations)
        {
            var view = views[conversation] = await world.Conversation(conversation).Get();
            var where = places.GetValueOrDefault(conversation) ?? [];
            var expected = view.Status switch
            {
                ConversationStatus.Queued => "queue:" + view.DepartmentId,
                ConversationStatus.Assigned or ConversationStatus.Offered => "operator:" + view.OperatorId,
                _ => null,
            };
            if (expected is null) problems.Add($"open conversation {conversation} is {view.Status}");
            else if (where.Count != 1 || where[0] != expected)
                problems.Add($"conversation {conversation} ({view.Status}) should be at {expected} only, is at [{string.Join(", ", where)}]");
        }
        foreach (var (conversation, where) in places)
            if (!views.ContainsKey(conversation)) problems.Add($"closed conversation {conversation} still at [{string.Join(", ", where)}]");

        foreach (var (department, waiting) in queues)
        {
            if (waiting.Count == 0) continue;
            // A dialog may skip operators (declined or expired offers), or be held for one operator for a bounded time
            // (sticky routing): it waits legitimately for the others only.
            var details = await world.Department(department).GetWaitingDialogs();
            foreach (var (id, op) in snapshots)
                if (op.Status == OperatorStatus.Online && op.Profile.Departments.Any(d => d.DepartmentId == department)
                    && CapacityPolicy.CanTake(op.Load, op.ActiveVoice, op.Profile.Capacity, Channel.Chat, op.Profile.Costs)
                    && details.FirstOrDefault(d => !d.SkippedOperators.Contains(id) && (d.HeldFor is null || d.HeldFor == id)) is { } skipped)
                    problems.Add($"{skipped.ConversationId} waits in {department} while {id} has room ({op.Load}/{op.Profile.Capacity})");

            // FIFO within a priority: the shared queue is ordered by priority (highest first), then by the time waiting began.
            var shared = details.Where(d => d.HeldFor is null).Select(d => d.ConversationId).ToList();
            for (var i = 1; i < shared.Count; i++)
            {
                if (!views.TryGetValue(shared[i - 1], out var before) || !views.TryGetValue(shared[i], out var after)) continue;
                if (before.Priority < after.Priority || (before.Priority == after.Priority && before.WaitingSince > after.WaitingSince))
                    problems.Add($"queue {department} out of order: {before.ConversationId} before {after.ConversationId}");
            }
        }
        return problems;
    }

    /// <summary>
    /// Among dialogs that all waited in one department from the start (any of its operators may take them): none still
    /// waits ahead of one assigned.
    /// </summary>
    public static async Task<List<string>> ServedInOrder(RoutingWorld world, IReadOnlyCollection<string> conversations)
    {
        var views = new List<ConversationView>();
        foreach (var conversation in conversations) views.Add(await world.Conversation(conversation).Get());
        var order = (ConversationView v) => new WaitingDialog(v.ConversationId, v.Priority, v.WaitingSince);
        var lastAssigned = views.Where(v => v.Status == ConversationStatus.Assigned).Select(order).Max(WaitingOrder.Instance);
        return lastAssigned is null ? [] :
        [
            .. views.Where(v => v.Status == ConversationStatus.Queued && WaitingOrder.Instance.Compare(order(v), lastAssigned) < 0)
                .Select(v => $"{v.ConversationId} ({v.Priority}, {v.WaitingSince:HH:mm:ss}) still waits ahead of {lastAssigned.Id}, assigned"),
        ];
    }
}
