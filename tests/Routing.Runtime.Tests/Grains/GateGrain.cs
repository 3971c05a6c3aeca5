namespace Routing.Runtime.Tests.Grains;

public interface IGateGrain : IGrainWithStringKey
{
    [ReadOnly]
    Task ReadUntil(string gate);

    Task WriteUntil(string gate);

    Task<int> Write();

    [ReadOnly]
    Task<int> EnteredCount();
}

/// <summary>Holds requests open on test-controlled gates, to show who may run beside whom.</summary>
public sealed class GateGrain : Grain, IGateGrain
{
    private int _entered;
    private int _writes;

    public async Task ReadUntil(string gate)
    {
        Interlocked.Increment(ref _entered);
        await Gates.WaitAsync(gate);
    }

    public async Task WriteUntil(string gate)
    {
        Interlocked.Increment(ref _entered);
        await Gates.WaitAsync(gate);
    }

    public Task<int> Write() => Task.FromResult(++_writes);

    public Task<int> EnteredCount() => Task.FromResult(Volatile.Read(ref _entered));
}

public interface IReentrantGateGrain : IGrainWithStringKey
{
    Task WriteUntil(string gate);

    Task<int> EnteredCount();
}

[Reentrant]
public sealed class ReentrantGateGrain : Grain, IReentrantGateGrain
{
    private int _entered;

    public async Task WriteUntil(string gate)
    {
        _entered++;
        await Gates.WaitAsync(gate);
    }

    public Task<int> EnteredCount() => Task.FromResult(_entered);
}
