using Routing.Runtime.Calls;
using Routing.Runtime.Tests.Grains;

namespace Routing.Runtime.Tests;

public sealed class ActivationTests
{
    [Fact]
    public async Task First_call_creates_one_activation_per_key_shared_by_every_reference()
    {
        await using var silo = await RuntimeSilo.StartAsync();
        var key = "acme/" + Guid.NewGuid();
        var first = silo.Factory.GetGrain<ICounterGrain>(key);
        var second = silo.Factory.GetGrain<ICounterGrain>(key);
        var other = silo.Factory.GetGrain<ICounterGrain>(key + "-other");

        Assert.Equal(0, silo.Runtime.ActivationCount);
        Assert.Equal(1, await first.Increment());
        Assert.Equal(2, await second.Increment());
        Assert.Equal(1, await other.Increment());

        Assert.Equal(1, Probe.ActivationsOf(key));
        Assert.Equal(2, silo.Runtime.ActivationCount);
        Assert.Equal(first, second);
        Assert.Equal(new GrainId("counter", key), first.GetGrainId());
    }

    [Fact]
    public async Task ValueTask_methods_return_their_results()
    {
        await using var silo = await RuntimeSilo.StartAsync();
        var grain = silo.Factory.GetGrain<ICounterGrain>("acme/" + Guid.NewGuid());
        Assert.Equal(1, await grain.IncrementValueTask());
        await grain.Reset();
        Assert.Equal(0, await grain.Get());
    }

    [Fact]
    public async Task Many_concurrent_first_calls_make_exactly_one_activation()
    {
        await using var silo = await RuntimeSilo.StartAsync();
        var key = "acme/" + Guid.NewGuid();
        var calls = Enumerable.Range(0, 2000)
            .Select(_ => Task.Run(() => silo.Factory.GetGrain<ICounterGrain>(key).Increment()))
            .ToArray();
        var results = await Eventually.Within(Task.WhenAll(calls));

        Assert.Equal(Enumerable.Range(1, 2000), results.Order());
        Assert.Equal(1, Probe.ActivationsOf(key));
    }

    [Fact]
    public async Task A_failed_activation_fails_every_waiting_call_and_is_never_used_half_built()
    {
        await using var silo = await RuntimeSilo.StartAsync();
        var key = "acme/" + Guid.NewGuid();
        FragileActivationGrain.FailuresLeft[key] = 1;
        var grain = silo.Factory.GetGrain<IFragileActivationGrain>(key);

        var waiting = Enumerable.Range(0, 20).Select(_ => grain.Ping()).ToArray();
        Gates.Open("activate-" + key);
        foreach (var call in waiting)
        {
            var error = await Assert.ThrowsAsync<InvalidOperationException>(() => Eventually.Within(call));
            Assert.Contains("activation failed on purpose", error.Message);
        }
        Assert.False(FragileActivationGrain.Pings.ContainsKey(key)); // the method never ran on the broken activation

        Assert.Equal(1, await grain.Ping()); // the next call builds a fresh activation
        Assert.Equal(1, silo.Runtime.ActivationCount);
    }

    [Fact]
    public async Task Calls_arriving_during_deactivation_reach_a_fresh_activation()
    {
        await using var silo = await RuntimeSilo.StartAsync();
        var key = "acme/" + Guid.NewGuid();
        var grain = silo.Factory.GetGrain<ICounterGrain>(key);
        await grain.Increment();

        await grain.Deactivate(); // DeactivateOnIdle: goes once this request completes
        var afterwards = await Eventually.Within(grain.Increment());

        await Eventually.True(() => Probe.DeactivationsOf(key) == 1, "the first activation deactivated");
        Assert.Equal(DeactivationReason.ApplicationRequested, Probe.LastDeactivationReason[key]);
        Assert.Equal(2, Probe.ActivationsOf(key));
        Assert.Equal(1, afterwards); // in-memory state belonged to the old activation
    }

    [Fact]
    public async Task A_grain_interface_without_a_registered_class_is_a_clear_error()
    {
        await using var silo = await RuntimeSilo.StartAsync();
        var error = Assert.Throws<InvalidOperationException>(() => silo.Factory.GetGrain<INotImplementedGrain>("acme/x"));
        Assert.Contains(nameof(INotImplementedGrain), error.Message);
        Assert.Throws<ArgumentException>(() => silo.Factory.GetGrain<ICounterGrain>(""));
    }

    public interface INotImplementedGrain : IGrainWithStringKey
    {
        Task Nothing();
    }
}
