using System.Diagnostics;

namespace Routing.LoadTests.Writes;

/// <summary>
/// One way of writing grain states durably. Every scenario gets the same writers (one grain each), the same payload
/// and the same round length; each writer awaits its write before the next, as a grain awaits WriteStateAsync.
/// </summary>
public abstract class WriteScenario(string name, int writers) : IAsyncDisposable
{
    // The version each writer's record is at: null until its first write inserts it.
    private readonly long?[] _versions = new long?[writers];

    public string Name { get; } = name;

    public bool IsBaseline { get; init; }

    /// <summary>Transactions per write so far, when the scenario knows (group commit reports it).</summary>
    public virtual double? WritesPerTransaction => null;

    /// <summary>Every writer writes back to back until <paramref name="duration"/> is up; returns durable writes per second.</summary>
    public async Task<double> RunRoundAsync(TimeSpan duration, byte[] payload)
    {
        var completed = new long[writers];
        var started = Stopwatch.GetTimestamp();
        var stopAt = started + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        await Task.WhenAll(Enumerable.Range(0, writers).Select(w => Task.Run(async () =>
        {
            while (Stopwatch.GetTimestamp() < stopAt)
            {
                _versions[w] = await WriteAsync(KeyOf(w), payload, _versions[w]);
                completed[w]++;
            }
        })));
        // Until the last write in flight was durable: nothing unfinished is counted, nothing finished is missed.
        return completed.Sum() / Stopwatch.GetElapsedTime(started).TotalSeconds;
    }

    /// <summary>Writes the payload if the record is at <paramref name="expectedVersion"/>; returns the new version.</summary>
    protected abstract Task<long> WriteAsync(string grainKey, byte[] payload, long? expectedVersion);

    public abstract ValueTask DisposeAsync();

    private static string KeyOf(int writer) => $"ws1/writer{writer}";
}
