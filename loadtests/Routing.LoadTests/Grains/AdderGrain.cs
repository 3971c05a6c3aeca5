using Orleans;

namespace Routing.LoadTests.Grains;

/// <summary>The call benchmarks' target: a method as trivial as the channel baseline's reply.</summary>
public interface IAdderGrain : IGrainWithStringKey
{
    Task<int> Add(int value);
}

public sealed class AdderGrain : Grain, IAdderGrain
{
    private int _sum;

    public Task<int> Add(int value)
    {
        _sum += value;
        return Task.FromResult(_sum);
    }
}
