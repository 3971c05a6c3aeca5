using System.Diagnostics;

namespace Routing.LoadTests.Realtime;

/// <summary>What the resume probe found.</summary>
public sealed record ResumeResult(int Dropped, int Resumed, int RepliesSent, int Recovered, int Lost, int Duplicated, double ResumeP50Milliseconds, double ResumeMaxMilliseconds);

/// <summary>
/// The resume path (R21) under the load of every other socket: every tenth customer's socket is aborted (no close
/// handshake, as a phone losing its network), their operators reply twice meanwhile (each reply acknowledged, so it
/// is stored), then each customer reconnects with ?resume={sessionId}&amp;lastSeq={n}. A reply is recovered when the new
/// connection delivers it; lost when it never does; duplicated when it arrives more than once. Time to resume runs
/// from the reconnect until both replies arrived.
/// </summary>
public static class ResumeProbe
{
    private static readonly string[] Tags = ["away.1", "away.2"];

    public static async Task<ResumeResult> RunAsync(WsWorkspace world, int count)
    {
        var step = Math.Max(1, world.Dialogs.Count / count);
        var chosen = world.Dialogs.Where(d => d.Index % step == 0).Take(count).ToArray();
        var dropped = chosen.Select(d => (Dialog: d, Session: d.CustomerSocket!.SessionId, LastSeq: d.CustomerSocket.LastSeq)).ToArray();
        foreach (var dialog in chosen) dialog.CustomerSocket!.Abort();

        await Task.WhenAll(chosen.Select(async dialog =>
        {
            foreach (var tag in Tags)
                await dialog.OperatorSocket!.CommandAsync("send", new { conversationId = dialog.ConversationId, text = Dialog.ReplyText(dialog.Index, tag) });
        }));

        var resumed = 0;
        var timesMs = new double[dropped.Length];
        await Task.WhenAll(dropped.Select(async (d, i) =>
        {
            var started = Stopwatch.GetTimestamp();
            var old = d.Dialog.CustomerSocket!;
            d.Dialog.CustomerSocket = await world.ConnectCustomerAsync(d.Dialog.Index, d.Session, d.LastSeq);
            await old.DisposeAsync();
            if (d.Dialog.CustomerSocket.Resumed) Interlocked.Increment(ref resumed);
            var deadline = Stopwatch.GetTimestamp() + (long)(RealtimeClient.Patience.TotalSeconds * Stopwatch.Frequency);
            while (Tags.Any(t => d.Dialog.Reply(Dialog.ReplyText(d.Dialog.Index, t)).Count == 0) && Stopwatch.GetTimestamp() < deadline)
                await Task.Delay(5);
            var last = Tags.Max(t => d.Dialog.Reply(Dialog.ReplyText(d.Dialog.Index, t)).FirstAt);
            timesMs[i] = last > started ? Stopwatch.GetElapsedTime(started, last).TotalMilliseconds : double.NaN;
        }));

        var seen = dropped.SelectMany(d => Tags.Select(t => d.Dialog.Reply(Dialog.ReplyText(d.Dialog.Index, t)).Count)).ToArray();
        var times = timesMs.Where(t => !double.IsNaN(t)).ToArray();
        return new ResumeResult(dropped.Length, resumed, seen.Length, seen.Count(n => n > 0), seen.Count(n => n == 0), seen.Count(n => n > 1),
            Reporting.Median.Of(times), times.Length == 0 ? double.NaN : times.Max());
    }
}
