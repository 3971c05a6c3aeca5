using Routing.LoadTests.Grains;

namespace Routing.LoadTests.Calls;

/// <summary>
/// One side of a comparison (raw channel actors or grains), as a struct so generic code is specialized per side: neither side pays for an
/// interface dispatch the other does not.
/// </summary>
public interface ICallTarget
{
    int Count { get; }

    Task<int> Add(int target, int value);
}

public readonly struct ChannelActorTargets(ChannelActor[] actors) : ICallTarget
{
    public int Count => actors.Length;

    public Task<int> Add(int target, int value) => actors[target].Add(value);
}

public readonly struct GrainTargets(IAdderGrain[] grains) : ICallTarget
{
    public int Count => grains.Length;

    public Task<int> Add(int target, int value) => grains[target].Add(value);
}
