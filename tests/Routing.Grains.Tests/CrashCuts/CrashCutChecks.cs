using Routing.GrainInterfaces;
using Routing.Grains.Tests.Grains;

namespace Routing.Grains.Tests.CrashCuts;

/// <summary>What must hold after any crash and restart (R23), and where the world ended up.</summary>
internal static class CrashCutChecks
{
    /// <summary>
    /// The routing invariants (every open dialog in exactly one place, nobody over capacity, no closed dialog on an
    /// operator or in a queue, nothing waiting beside an operator with room, FIFO) and the conversations' own record:
    /// its timeline says closed exactly when its state does.
    /// </summary>
    public static async Task<List<string>> Problems(CrashCutWorld w)
    {
        var open = new List<string>();
        var problems = new List<string>();
        foreach (var id in w.Conversations)
        {
            var view = await w.World.Conversation(id).Get();
            if (view.Status != ConversationStatus.Closed) open.Add(id);
            var timelineClosed = (await w.World.Conversation(id).GetTimeline()).Any(e => e.Kind == ConversationChangeKinds.Closed);
            if (timelineClosed != (view.Status == ConversationStatus.Closed))
                problems.Add($"conversation {id} is {view.Status} but its timeline {(timelineClosed ? "has" : "lacks")} 'closed'");
        }
        problems.AddRange(await RoutingInvariants.Check(w.World, open));
        return problems;
    }

    /// <summary>
    /// <see cref="Problems"/> once the world is at rest: a flow in flight (a one-way hand-over still travelling between
    /// grains) may show a dialog between two places for a moment, so the checks are repeated until they pass or the world
    /// stays wrong. The limit keeps a broken run from hanging; it asserts nothing about speed.
    /// </summary>
    public static async Task<List<string>> SettledProblems(CrashCutWorld w)
    {
        var started = DateTime.UtcNow;
        while (true)
        {
            await w.World.Settle();
            var problems = await Problems(w);
            if (problems.Count == 0 || DateTime.UtcNow - started > TimeSpan.FromSeconds(5)) return problems;
            await Task.Delay(20);
        }
    }

    /// <summary>Where every dialog and operator ended up, without the generated ids, to compare a cut run with the uncut one.</summary>
    public static async Task<string> Outcome(CrashCutWorld w)
    {
        var lines = new List<string>();
        for (var i = 0; i < w.Conversations.Count; i++)
        {
            var view = await w.View(i);
            lines.Add($"dialog {i}: {view.Status} in {view.DepartmentId} with {view.OperatorId ?? "nobody"}, {view.MessagesLength} message(s)");
        }
        foreach (var (id, op) in await w.World.Snapshots())
            lines.Add($"operator {id}: {op.Status}, load {op.Load}");
        return string.Join("\n", lines);
    }
}
