using Routing.GrainInterfaces;

namespace Routing.LoadTests.Realtime;

/// <summary>
/// Explains the first stalls of the WebSocket side: the message, the end that never saw it, which consoles were given
/// or lost the dialog (from the frames), and where the conversation grain says the dialog is now.
/// </summary>
public static class StallReport
{
    private const int Shown = 10;

    public static async Task PrintAsync(RealtimeSilo silo, IEnumerable<Stall> stalls, IEnumerable<Dialog> dialogs)
    {
        // Dialogs whose console got them unassigned, stalled or not: whether a later frame said assigned.
        foreach (var dialog in dialogs.Where(d => d.Trace.Any(t => t.StartsWith("dialog →", StringComparison.Ordinal) && !t.EndsWith(", assigned)", StringComparison.Ordinal))).Take(Shown))
            Console.WriteLine($"  unassigned dialog frame: visitor-{dialog.Index}: {string.Join("; ", dialog.Trace)}");
        foreach (var stall in stalls.Take(Shown))
        {
            var dialog = stall.Dialog;
            var now = dialog.ConversationId is null ? "no conversation id known"
                : await silo.Grains.GetGrain<IConversationGrain>(RoutingKeys.Conversation(WsWorkspace.Ws, dialog.ConversationId)).Get() is var view
                    ? $"{view.ConversationId} {view.Status} with {view.OperatorId ?? "nobody"}, {view.MessagesLength} messages" : "";
            Console.WriteLine($"  stall: '{stall.Text}' never reached the {stall.WaitingEnd}'s socket; frames: " +
                $"{(dialog.Trace.IsEmpty ? "no dialog frame" : string.Join("; ", dialog.Trace))}; grain now: {now}");
        }
    }
}
