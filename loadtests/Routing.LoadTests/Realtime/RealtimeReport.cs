using System.Globalization;
using Routing.LoadTests.Reporting;

using Routing.LoadTests.Latency;

namespace Routing.LoadTests.Realtime;

/// <summary>The markdown tables of `realtime`: medians of the rounds, WebSocket against the grain baseline of the same run.</summary>
public static class RealtimeReport
{
    public static void PrintLatencies(RealtimeSizes sizes, LoopRound open, NanosecondHistogram intake, IReadOnlyList<LoopRound> ws, IReadOnlyList<LoopRound> grains)
    {
        var table = new MarkdownTable($"Loaded: every dialog at once, closed loop (median of {ws.Count} round(s))", "WebSocket", "Grains (baseline)", "WebSocket / grains");
        AddLeg(table, "customer → operator", r => r.ToOperator, ws, grains);
        AddLeg(table, "operator → customer", r => r.ToCustomer, ws, grains);
        var wsRate = Median.Of(ws.Select(r => r.MessagesPerSecond));
        var grainRate = Median.Of(grains.Select(r => r.MessagesPerSecond));
        table.Add($"messages/s ({sizes.Customers:N0} dialogs in a closed loop)", wsRate.ToString("N0", CultureInfo.InvariantCulture),
            grainRate.ToString("N0", CultureInfo.InvariantCulture), (wsRate / grainRate).ToString("F2", CultureInfo.InvariantCulture));
        table.Add("first message → operator's `dialog` frame (grains: intake call returns assigned) p50 / p99 / max (ms), one pass",
            Triple(open.ToOperator), Triple(intake), (open.ToOperator.P50Milliseconds / intake.P50Milliseconds).ToString("F1", CultureInfo.InvariantCulture));
        table.Print();
    }

    public static void PrintUnloaded(int messages, IReadOnlyList<LoopRound> ws, IReadOnlyList<LoopRound> grains)
    {
        var table = new MarkdownTable($"Unloaded: one dialog alone, {messages} messages (median of {ws.Count} round(s))", "WebSocket", "Grains (baseline)", "WebSocket / grains");
        AddLeg(table, "customer → operator", r => r.ToOperator, ws, grains);
        AddLeg(table, "operator → customer", r => r.ToCustomer, ws, grains);
        table.Print();
    }

    public static void PrintSessions(int sessions, MemoryDelta memory)
    {
        new MarkdownTable("Sessions held (operators + customers)", "Managed / session", "RSS / session", "Managed total Δ", "RSS total Δ")
            .Add(sessions.ToString("N0", CultureInfo.InvariantCulture), Kb(memory.ManagedBytes / (double)sessions), Kb(memory.RssBytes / (double)sessions),
                Mb(memory.ManagedBytes), Mb(memory.RssBytes))
            .Print();
    }

    public static void PrintResume(ResumeResult resume)
    {
        new MarkdownTable("Customer sockets dropped", "Resumed", "Replies sent meanwhile", "Recovered", "Lost", "Duplicated", "Time to resume p50 / max (ms)")
            .Add(N(resume.Dropped), N(resume.Resumed), N(resume.RepliesSent), N(resume.Recovered), N(resume.Lost), N(resume.Duplicated),
                $"{Ms(resume.ResumeP50Milliseconds)} / {Ms(resume.ResumeMaxMilliseconds)}")
            .Print();
    }

    private static void AddLeg(MarkdownTable table, string leg, Func<LoopRound, NanosecondHistogram> of, IReadOnlyList<LoopRound> ws, IReadOnlyList<LoopRound> grains)
    {
        foreach (var (name, value) in new (string, Func<NanosecondHistogram, double>)[] { ("p50", h => h.P50Milliseconds), ("p99", h => h.P99Milliseconds), ("max", h => h.MaxMilliseconds) })
        {
            var w = Median.Of(ws.Select(r => value(of(r))));
            var g = Median.Of(grains.Select(r => value(of(r))));
            table.Add($"{leg} {name} (ms)", Ms(w), Ms(g), (w / g).ToString("F1", CultureInfo.InvariantCulture));
        }
    }

    private static string Triple(NanosecondHistogram h) => $"{Ms(h.P50Milliseconds)} / {Ms(h.P99Milliseconds)} / {Ms(h.MaxMilliseconds)}";

    private static string Ms(double ms) => double.IsNaN(ms) ? "—" : ms.ToString(ms < 10 ? "F2" : "F0", CultureInfo.InvariantCulture);
    private static string Kb(double bytes) => (bytes / 1024).ToString("F1", CultureInfo.InvariantCulture) + " KB";
    private static string Mb(double bytes) => (bytes / (1024 * 1024)).ToString("F1", CultureInfo.InvariantCulture) + " MB";
    private static string N(int n) => n.ToString("N0", CultureInfo.InvariantCulture);
}
