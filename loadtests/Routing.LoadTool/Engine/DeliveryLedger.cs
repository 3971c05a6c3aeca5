using System.Collections.Concurrent;
using System.Diagnostics;
using Routing.LoadTool.Measures;
using Routing.LoadTool.Scenarios;

namespace Routing.LoadTool.Engine;

/// <summary>
/// Every message the engine acknowledged, and who saw it: an end-to-end latency when it is first seen (send → seen,
/// recorded under the step the sender named), and the checks "seen once by its receiver" and "nothing lost".
/// </summary>
public sealed class DeliveryLedger(RunStats stats)
{
    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    /// <summary>A message about to be sent at <paramref name="sentAt"/> (Stopwatch); its first sighting is timed under <paramref name="step"/>.</summary>
    public void Sending(string key, long sentAt, string step) => _entries.TryAdd(key, new Entry(sentAt, step));

    /// <summary>The engine acknowledged it (stored): from now on it must be seen.</summary>
    public void Acknowledged(string key)
    {
        if (_entries.TryGetValue(key, out var entry)) entry.Acknowledged = true;
    }

    public long SentAt(string key) => _entries.TryGetValue(key, out var entry) ? entry.SentAt : Stopwatch.GetTimestamp();

    /// <summary>
    /// A receiver got it (a frame arriving at <paramref name="arrivedAt"/>); <paramref name="delivery"/> false for a
    /// history snapshot, which may repeat what a live frame brought. Answers whether this was its first sighting.
    /// </summary>
    public bool Seen(string key, string receiver, long arrivedAt, bool delivery = true)
    {
        if (!_entries.TryGetValue(key, out var entry)) return false;
        var first = false;
        lock (entry)
        {
            if (entry.FirstSeenAt == 0)
            {
                entry.FirstSeenAt = arrivedAt;
                first = true;
            }
            if (delivery) entry.Deliveries[receiver] = entry.Deliveries.GetValueOrDefault(receiver) + 1;
        }
        if (first) stats.Step(entry.Step).RecordOk(Stopwatch.GetElapsedTime(entry.SentAt, arrivedAt));
        return first;
    }

    /// <summary>Acknowledged messages nobody has seen yet.</summary>
    public int Pending => _entries.Values.Count(e => e.Acknowledged && e.FirstSeenAt == 0);

    public async Task SettleAsync(CancellationToken cancellation)
    {
        while (Pending > 0) await Task.Delay(50, cancellation);
    }

    public IReadOnlyList<CheckResult> Checks()
    {
        var acknowledged = _entries.Where(e => e.Value.Acknowledged).ToArray();
        var lost = acknowledged.Where(e => e.Value.FirstSeenAt == 0).Select(e => e.Key).ToArray();
        var duplicated = acknowledged.Where(e => e.Value.Deliveries.Values.Any(n => n > 1)).Select(e => e.Key).ToArray();
        return
        [
            new("nothing lost", lost.Length == 0, $"{acknowledged.Length - lost.Length} of {acknowledged.Length} acknowledged messages seen by their receiver" + Sample(lost)),
            new("seen once", duplicated.Length == 0, $"{duplicated.Length} delivered twice to one receiver" + Sample(duplicated)),
        ];
    }

    private static string Sample(string[] keys) => keys.Length == 0 ? "" : $" (e.g. {string.Join(", ", keys.Take(5))})";

    private sealed class Entry(long sentAt, string step)
    {
        public long SentAt => sentAt;
        public string Step => step;
        public volatile bool Acknowledged;
        public long FirstSeenAt;
        public readonly Dictionary<string, int> Deliveries = new(StringComparer.Ordinal);
    }
}
