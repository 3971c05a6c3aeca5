using System.Collections.Concurrent;

namespace Routing.Storage.Orleans.Tests.Deadlines.Measure;

/// <summary>Collects when each deadline arrived, once per grain, until all expected have.</summary>
public sealed class LatenessRecorder(int expected)
{
    private readonly ConcurrentDictionary<string, (DateTimeOffset DueAt, DateTimeOffset ArrivedAt)> _arrivals = new();
    private readonly TaskCompletionSource _all = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _arrived, _repeated;

    /// <summary>Completes once every expected grain received its deadline.</summary>
    public Task AllArrived => _all.Task;

    /// <summary>Deadlines received again by a grain that already had its own (at least once allows it; it should not happen).</summary>
    public int Repeated => Volatile.Read(ref _repeated);

    public void Arrived(string grain, DateTimeOffset dueAt, DateTimeOffset arrivedAt)
    {
        // Counted apart: the dictionary's Count takes every one of its locks.
        if (!_arrivals.TryAdd(grain, (dueAt, arrivedAt))) Interlocked.Increment(ref _repeated);
        else if (Interlocked.Increment(ref _arrived) == expected) _all.TrySetResult();
    }

    /// <summary>Each deadline's lateness (arrival minus due time), sorted.</summary>
    public TimeSpan[] SortedLateness() => _arrivals.Values.Select(a => a.ArrivedAt - a.DueAt).Order().ToArray();

    public DateTimeOffset LastArrival => _arrivals.Values.Max(a => a.ArrivedAt);
}
