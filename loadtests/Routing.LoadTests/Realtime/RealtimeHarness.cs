using System.Diagnostics;
using Routing.LoadTests.Memory;

namespace Routing.LoadTests.Realtime;

/// <summary>
/// `realtime`: the WebSocket layer as a user sees it, on the real silo in-process (Kestrel on loopback, SQLite with
/// fsync) with real ClientWebSocket clients. Customer "send" → the operator's socket gets the message → operator "send"
/// → the customer's socket gets the reply, K messages per dialog, every dialog at once in a closed loop. Baseline in
/// the same run and silo: the same round trips through the conversation grain, observed on the GrainEventHub. Rounds
/// alternate between the two; medians are reported. Then memory per session and the resume path.
/// </summary>
public static class RealtimeHarness
{
    private const int SoloMessages = 20;

    public static async Task RunAsync(LoadTestOptions options)
    {
        var sizes = RealtimeSizes.From(options);
        Console.WriteLine($"## realtime: {sizes.Operators:N0} operators (capacity {sizes.Capacity}), {sizes.Customers:N0} customers, " +
            $"{sizes.MessagesPerDialog} messages per dialog, {sizes.Rounds} round(s)");
        Console.WriteLine();
        var stopwatch = Stopwatch.StartNew();
        await using var silo = await RealtimeSilo.StartAsync();
        await using var ws = await WsWorkspace.CreateAsync(silo, sizes);
        using var grains = await GrainWorkspace.CreateAsync(silo, sizes);
        Console.WriteLine($"set-up over REST and grains: {stopwatch.Elapsed.TotalSeconds:F1} s");

        var before = HeapSnapshot.Take();
        stopwatch.Restart();
        await ws.ConnectOperatorsAsync();
        await ws.ConnectCustomersAsync();
        var connected = stopwatch.Elapsed;
        var after = HeapSnapshot.Take();
        var sessions = ws.OpenSockets;
        Console.WriteLine($"{sessions:N0} sockets connected (operators online) in {connected.TotalSeconds:F1} s");

        var open = await ClosedLoop.RunAsync(ws.Dialogs, ws, 1, "open");
        Console.WriteLine($"first messages: {open.Messages / 2:N0} dialogs opened and answered in {open.Elapsed.TotalSeconds:F1} s, {open.Stalls} stalls");
        var wsRounds = new List<LoopRound>();
        var grainRounds = new List<LoopRound>();
        var wsSolo = new List<LoopRound>();
        var grainSolo = new List<LoopRound>();
        for (var round = 1; round <= sizes.Rounds; round++)
        {
            // Unloaded first: one dialog alone, the latency a user sees without queueing (a new dialog each round, as
            // the per-customer intake limit is 60 messages a minute).
            wsSolo.Add(await ClosedLoop.RunAsync([ws.Dialogs[round]], ws, SoloMessages, $"s{round}"));
            grainSolo.Add(await ClosedLoop.RunAsync([grains.Dialogs[round]], grains, SoloMessages, $"s{round}"));
            var w = await ClosedLoop.RunAsync(ws.Dialogs, ws, sizes.MessagesPerDialog, $"w{round}");
            var g = await ClosedLoop.RunAsync(grains.Dialogs, grains, sizes.MessagesPerDialog, $"g{round}");
            wsRounds.Add(w);
            grainRounds.Add(g);
            Console.WriteLine($"round {round}: WebSocket {w.MessagesPerSecond:N0} msg/s ({w.Stalls} stalls), grains {g.MessagesPerSecond:N0} msg/s ({g.Stalls} stalls)");
        }
        var resume = await ResumeProbe.RunAsync(ws, sizes.Resumed);
        var stillOpen = ws.OpenSockets;
        Console.WriteLine();

        RealtimeReport.PrintUnloaded(SoloMessages, wsSolo, grainSolo);
        RealtimeReport.PrintLatencies(sizes, open, grains.Intake, wsRounds, grainRounds);
        RealtimeReport.PrintSessions(sessions, MemoryDelta.Between(before, after));
        RealtimeReport.PrintResume(resume);
        PrintHealth(silo, ws, grains, open, [.. wsRounds, .. wsSolo], [.. grainRounds, .. grainSolo], sessions, stillOpen);
        await StallReport.PrintAsync(silo, wsRounds.Concat(wsSolo).Prepend(open).SelectMany(r => r.Stalled), ws.Dialogs);
    }

    /// <summary>Everything that would make the figures suspect: server warnings, error frames, stalls, dropped sockets.</summary>
    private static void PrintHealth(RealtimeSilo silo, WsWorkspace ws, GrainWorkspace grains, LoopRound open, List<LoopRound> wsRounds,
        List<LoopRound> grainRounds, int sessions, int stillOpen)
    {
        Console.WriteLine($"server log: {silo.Logs.Errors} errors, {silo.Logs.Warnings} warnings; error frames: {ws.Errors.Total}" +
            (ws.Errors.Total == 0 ? "" : $" ({string.Join(", ", ws.Errors.ByCode.Select(p => $"{p.Key} {p.Value}"))})") +
            $"; `dialog` frames not showing the dialog assigned yet: {ws.UnassignedDialogFrames} of {open.Messages / 2}");
        Console.WriteLine($"stalls (no frame within {RealtimeClient.Patience.TotalSeconds:F0} s): WebSocket {open.Stalls + wsRounds.Sum(r => r.Stalls)}, " +
            $"grains {grainRounds.Sum(r => r.Stalls)}; baseline subscriptions overflowed: {grains.Overflows}; sockets open at the end: {stillOpen:N0} of {sessions:N0}");
        foreach (var line in silo.Logs.First) Console.WriteLine("  log: " + line);
        foreach (var frame in ws.Errors.First) Console.WriteLine("  error frame: " + frame);
        Console.WriteLine();
    }
}
