using System.Diagnostics;

namespace Routing.LoadTests.Routing;

/// <summary>
/// One timed round shared by its agents: a decision may start until the window has passed or the budget is spent (so
/// the queue cannot run dry); a decision counts when it completes inside the window. A stalled decision completes long
/// after, so it does not stretch the round: that operator just stops contributing, as an idle operator would.
/// </summary>
public sealed class DecisionRound(TimeSpan window, int budget)
{
    /// <summary>Decisions completed inside the window, the window (shorter when the budget ran out: up to the last one
    /// counted), and every decision completed, those in flight at the window's end too.</summary>
    public readonly record struct Outcome(int Counted, TimeSpan Window, int Completed);

    private readonly long _startedAt = Stopwatch.GetTimestamp();
    private readonly TimeSpan _window = window;
    private long Deadline => _startedAt + (long)(_window.TotalSeconds * Stopwatch.Frequency);
    private int _budget = budget;
    private int _counted;
    private int _completed;
    private long _lastCountedAt;

    /// <summary>True when the agent may start one more decision.</summary>
    public bool TryStart() => Stopwatch.GetTimestamp() < Deadline && Interlocked.Decrement(ref _budget) >= 0;

    public void Done()
    {
        var now = Stopwatch.GetTimestamp();
        Interlocked.Increment(ref _completed);
        if (now >= Deadline) return;
        Interlocked.Increment(ref _counted);
        for (var seen = Volatile.Read(ref _lastCountedAt); now > seen; seen = Volatile.Read(ref _lastCountedAt))
            if (Interlocked.CompareExchange(ref _lastCountedAt, now, seen) == seen) break;
    }

    /// <summary>Call once every agent has finished.</summary>
    public Outcome Result()
    {
        var ranOut = Volatile.Read(ref _budget) < 0;
        var elapsed = ranOut && _lastCountedAt != 0 ? Stopwatch.GetElapsedTime(_startedAt, _lastCountedAt) : _window;
        return new Outcome(_counted, elapsed, _completed);
    }
}
