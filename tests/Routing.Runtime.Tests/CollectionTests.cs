using Routing.Runtime.Tests.Grains;

namespace Routing.Runtime.Tests;

public sealed class CollectionTests
{
    [Fact]
    public async Task An_idle_activation_is_collected_after_the_collection_age_and_comes_back_on_the_next_call()
    {
        await using var silo = await RuntimeSilo.StartAsync(configure: o =>
        {
            o.CollectionAge = TimeSpan.FromMinutes(15);
            o.CollectionQuantum = TimeSpan.FromMinutes(1);
        });
        var key = "acme/" + Guid.NewGuid();
        var grain = silo.Factory.GetGrain<ICounterGrain>(key);
        await grain.Increment();

        silo.Time.Advance(TimeSpan.FromMinutes(14));
        Assert.Equal(0, Probe.DeactivationsOf(key));

        silo.Time.Advance(TimeSpan.FromMinutes(2));
        await Eventually.True(() => Probe.DeactivationsOf(key) == 1, "collected once idle past its age");
        Assert.Equal(DeactivationReason.IdleCollected, Probe.LastDeactivationReason[key]);
        Assert.Equal(0, silo.Runtime.ActivationCount);

        Assert.Equal(1, await grain.Increment()); // a fresh activation
        Assert.Equal(2, Probe.ActivationsOf(key));
    }

    [Fact]
    public async Task A_grain_in_use_is_not_collected()
    {
        await using var silo = await RuntimeSilo.StartAsync(configure: o => o.CollectionAge = TimeSpan.FromMinutes(5));
        var key = "acme/" + Guid.NewGuid();
        var grain = silo.Factory.GetGrain<ICounterGrain>(key);
        for (var minute = 0; minute < 20; minute++)
        {
            await grain.Increment();
            silo.Time.Advance(TimeSpan.FromMinutes(1));
        }
        Assert.Equal(0, Probe.DeactivationsOf(key));
        Assert.Equal(21, await grain.Increment());
    }

    [Fact]
    public async Task Collection_age_is_set_per_grain_class()
    {
        await using var silo = await RuntimeSilo.StartAsync(configure: o => o.CollectionAge = TimeSpan.FromHours(1));
        var shortKey = "acme/" + Guid.NewGuid();
        var longKey = "acme/" + Guid.NewGuid();
        await silo.Factory.GetGrain<IShortLivedGrain>(shortKey).Touch(); // [CollectionAge(1)]
        await silo.Factory.GetGrain<ICounterGrain>(longKey).Increment();

        silo.Time.Advance(TimeSpan.FromMinutes(3));
        await Eventually.True(() => Probe.DeactivationsOf(shortKey) == 1, "the short-lived class is collected");
        Assert.Equal(0, Probe.DeactivationsOf(longKey));
    }

    [Fact]
    public async Task Collection_age_can_be_overridden_by_configuration_per_type()
    {
        await using var silo = await RuntimeSilo.StartAsync(configure: o =>
        {
            o.CollectionAge = TimeSpan.FromHours(1);
            o.CollectionAgeByType["counter"] = TimeSpan.FromMinutes(2);
        });
        var key = "acme/" + Guid.NewGuid();
        await silo.Factory.GetGrain<ICounterGrain>(key).Increment();
        silo.Time.Advance(TimeSpan.FromMinutes(4));
        await Eventually.True(() => Probe.DeactivationsOf(key) == 1, "collected by the configured per-type age");
    }

    [Fact]
    public async Task Stopping_while_an_idle_collection_is_under_way_deactivates_the_grain_once_and_does_not_fail()
    {
        var silo = await RuntimeSilo.StartAsync(configure: o =>
        {
            o.CollectionAge = TimeSpan.FromMinutes(1);
            o.CollectionQuantum = TimeSpan.FromMinutes(1);
        });
        var key = "acme/" + Guid.NewGuid();
        await silo.Factory.GetGrain<ISlowGoodbyeGrain>(key).Touch();
        silo.Time.Advance(TimeSpan.FromMinutes(3));
        await Eventually.True(() => Probe.DeactivationsOf(key) == 1, "the idle collection started");

        var stopping = silo.StopAsync(); // its deactivation queues behind the one under way
        Gates.Open("goodbye:" + key);
        await stopping;
        Assert.Equal(1, Probe.DeactivationsOf(key));
        Assert.Equal(1, Probe.ActivationsOf(key)); // not activated again only to be dropped
    }
}
