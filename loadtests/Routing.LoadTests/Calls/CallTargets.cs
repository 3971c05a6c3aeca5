using Routing.LoadTests.Grains;
using Routing.LoadTests.Hosting;

namespace Routing.LoadTests.Calls;

/// <summary>The same number of channel actors and of grains, both warmed up (grains activated, references cached).</summary>
public sealed class CallTargets : IAsyncDisposable
{
    private readonly InProcessSilo _silo;

    private CallTargets(InProcessSilo silo, ChannelActor[] actors, IAdderGrain[] grains)
    {
        _silo = silo;
        Actors = actors;
        Grains = grains;
    }

    public ChannelActor[] Actors { get; }

    public IAdderGrain[] Grains { get; }

    public static async Task<CallTargets> CreateAsync(int count)
    {
        var silo = await InProcessSilo.StartAsync();
        var actors = Enumerable.Range(0, count).Select(_ => new ChannelActor()).ToArray();
        var grains = Enumerable.Range(0, count).Select(i => silo.Factory.GetGrain<IAdderGrain>($"ws1/adder{i}")).ToArray();
        // Activation is a one-off cost; the benchmark measures calls to live activations through hot references.
        await Task.WhenAll(grains.Select(g => g.Add(0)));
        await Task.WhenAll(actors.Select(a => a.Add(0)));
        return new CallTargets(silo, actors, grains);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var actor in Actors) await actor.DisposeAsync();
        await _silo.DisposeAsync();
    }
}
