namespace Routing.Runtime.Tests.Grains;

public interface IChainGrain : IGrainWithStringKey
{
    /// <summary>Calls each key in turn, the first calling the rest, and returns the path taken.</summary>
    Task<string> Relay(string[] path);

    [ReadOnly]
    Task<string> RelayRead(string[] path);
}

public sealed class ChainGrain : Grain, IChainGrain
{
    public Task<string> Relay(string[] path) => Next(path, (g, rest) => g.Relay(rest));

    public Task<string> RelayRead(string[] path) => Next(path, (g, rest) => g.RelayRead(rest));

    private async Task<string> Next(string[] path, Func<IChainGrain, string[], Task<string>> call)
    {
        if (path.Length == 0) return GetPrimaryKeyString();
        var rest = await call(GrainFactory.GetGrain<IChainGrain>(path[0]), path[1..]);
        return GetPrimaryKeyString() + ">" + rest;
    }
}

public interface IReentrantChainGrain : IGrainWithStringKey
{
    Task<string> Relay(string[] path);
}

[Reentrant]
public sealed class ReentrantChainGrain : Grain, IReentrantChainGrain
{
    public async Task<string> Relay(string[] path)
    {
        if (path.Length == 0) return GetPrimaryKeyString();
        var rest = await GrainFactory.GetGrain<IReentrantChainGrain>(path[0]).Relay(path[1..]);
        return GetPrimaryKeyString() + ">" + rest;
    }
}
