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

    [Fact]
    public async Task A_stop_whose_host_token_already_fired_still_deactivates_every_activation_and_returns()
    {
        var silo = await RuntimeSilo.StartAsync();
        var keys = Enumerable.Range(0, 20).Select(_ => "acme/" + Guid.NewGuid()).ToArray();
        foreach (var key in keys) await silo.Factory.GetGrain<ICounterGrain>(key).Increment();

        await silo.Runtime.StopAsync(new CancellationToken(canceled: true)); // the host's shutdown timeout passed before

        Assert.All(keys, key => Assert.Equal(1, Probe.DeactivationsOf(key)));
        Assert.Equal(0, silo.Runtime.ActivationCount);
        await silo.DisposeAsync();
    }

    [Fact]
    public async Task A_deactivation_that_never_ends_is_left_after_the_deactivation_timeout_and_the_others_complete()
    {
        var silo = await RuntimeSilo.StartAsync(configure: o => o.DeactivationTimeout = TimeSpan.FromSeconds(10));
        var stuck = "acme/" + Guid.NewGuid();
        var counters = Enumerable.Range(0, 10).Select(_ => "acme/" + Guid.NewGuid()).ToArray();
        await silo.Factory.GetGrain<ISlowGoodbyeGrain>(stuck).Touch();
        foreach (var key in counters) await silo.Factory.GetGrain<ICounterGrain>(key).Increment();

        var stopping = silo.Runtime.StopAsync(CancellationToken.None);
        await Eventually.True(() => Probe.DeactivationsOf(stuck) == 1 && counters.All(k => Probe.DeactivationsOf(k) == 1), "every deactivation ran");
        silo.Time.Advance(TimeSpan.FromSeconds(9));
        Assert.False(stopping.IsCompleted); // the stop waits for the stuck one, within its timeout

        silo.Time.Advance(TimeSpan.FromSeconds(1));
        await Eventually.Within(stopping); // and then returns without it, throwing nothing
        Assert.Equal(1, silo.Runtime.ActivationCount);

        Gates.Open("goodbye:" + stuck);
        await silo.DisposeAsync();
    }
}
