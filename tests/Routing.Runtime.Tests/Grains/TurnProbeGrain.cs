namespace Routing.Runtime.Tests.Grains;

public interface ITurnProbeGrain : IGrainWithStringKey
{
    /// <summary>A writing request that yields several times.</summary>
    Task Write(int yields);

    /// <summary>A read-only request that yields several times (may interleave with other reads).</summary>
    [ReadOnly]
    Task Read(int yields);

    [ReadOnly]
    Task<TurnReport> Report();
}

public sealed record TurnReport(int MaxTurnsAtOnce, int MaxWritesAtOnce, int MaxReadsAtOnce, int Writes, int Reads);

/// <summary>Counts how many turns and requests ever overlapped on this activation.</summary>
public sealed class TurnProbeGrain : Grain, ITurnProbeGrain
{
    private int _inTurn, _maxInTurn, _inWrite, _maxInWrite, _inRead, _maxInRead, _writes, _reads;

    public async Task Write(int yields)
    {
        Turn(() => Max(ref _maxInWrite, ++_inWrite));
        for (var i = 0; i < yields; i++)
        {
            await Task.Yield();
            Turn(() => { });
        }
        Turn(() => { _inWrite--; _writes++; });
    }

    public async Task Read(int yields)
    {
        Turn(() => Max(ref _maxInRead, ++_inRead));
        for (var i = 0; i < yields; i++)
        {
            await Task.Yield();
            Turn(() => { });
        }
        Turn(() => { _inRead--; _reads++; });
    }

    public Task<TurnReport> Report() => Task.FromResult(new TurnReport(_maxInTurn, _maxInWrite, _maxInRead, _writes, _reads));

    // A synchronous stretch of a turn; if two turns ever overlapped, the count shows it.
    private void Turn(Action body)
    {
        var inside = Interlocked.Increment(ref _inTurn);
        Max(ref _maxInTurn, inside);
        Thread.SpinWait(200);
        body();
        Interlocked.Decrement(ref _inTurn);
    }

    private static void Max(ref int max, int value)
    {
        int seen;
        while (value > (seen = Volatile.Read(ref max)) && Interlocked.CompareExchange(ref max, value, seen) != seen)
        {
        }
    }
}
