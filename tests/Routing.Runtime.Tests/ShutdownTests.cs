using Routing.Runtime.Tests.Grains;

namespace Routing.Runtime.Tests;

public sealed class ShutdownTests
{
    [Fact]
    public async Task Stopping_deactivates_every_activation_and_refuses_new_ones()
    {
        var silo = await RuntimeSilo.StartAsync();
        var keys = Enumerable.Range(0, 50).Select(_ => "acme/" + Guid.NewGuid()).ToArray();
        foreach (var key in keys) await silo.Factory.GetGrain<ICounterGrain>(key).Increment();

        await silo.Runtime.StopAsync(CancellationToken.None);

        Assert.All(keys, key =>
        {
            Assert.Equal(1, Probe.DeactivationsOf(key));
            Assert.Equal(DeactivationReason.RuntimeShutdown, Probe.LastDeactivationReason[key]);
        });
        Assert.Equal(0, silo.Runtime.ActivationCount);
        await Assert.ThrowsAsync<GrainRuntimeStoppedException>(() => silo.Factory.GetGrain<ICounterGrain>("acme/late").Increment());
        await silo.DisposeAsync();
    }
}
