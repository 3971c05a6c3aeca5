using Orleans;

namespace Routing.LoadTests.Grains;

/// <summary>The memory benchmark's grain: one int of state, so what is measured is the runtime's cost per activation.</summary>
public interface ITinyGrain : IGrainWithStringKey
{
    Task Touch();
}

public sealed class TinyGrain : Grain, ITinyGrain
{
    private int _touches;

    public Task Touch()
    {
        _touches++;
        return Task.CompletedTask;
    }
}
