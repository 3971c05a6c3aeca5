using Routing.Runtime.Tests.Grains;

namespace Routing.Runtime.Tests;

public sealed class CallTests
{
    [Fact]
    public async Task Exceptions_reach_the_caller_intact()
    {
        await using var silo = await RuntimeSilo.StartAsync();
        var grain = silo.Factory.GetGrain<IFaultyGrain>("acme/" + Guid.NewGuid());

        var afterAwait = await Assert.ThrowsAsync<OperatorUnavailableException>(() => grain.ThrowAfterAwait("op-7"));
        Assert.Equal("operator is offline", afterAwait.Message);
        Assert.Equal("op-7", afterAwait.OperatorId);
        Assert.Contains(nameof(FaultyGrain.ThrowAfterAwait), afterAwait.StackTrace);

        var synchronous = await Assert.ThrowsAsync<OperatorUnavailableException>(() => grain.ThrowSynchronously("op-8"));
        Assert.Equal("op-8", synchronous.OperatorId);

        Assert.Equal(42, await grain.Ok()); // the activation survives its methods' exceptions
    }

    [Fact]
    public async Task A_call_without_an_answer_times_out_after_the_default_30_seconds()
    {
        await using var silo = await RuntimeSilo.StartAsync();
        var key = "acme/" + Guid.NewGuid();
        var grain = silo.Factory.GetGrain<IFaultyGrain>(key);

        var call = grain.Hang();
        silo.Time.Advance(TimeSpan.FromSeconds(29.9));
        Assert.False(call.IsCompleted);
        silo.Time.Advance(TimeSpan.FromSeconds(0.1));

        var error = await Assert.ThrowsAsync<GrainCallTimeoutException>(() => Eventually.Within(call));
        Assert.Contains("Hang", error.Message);
        Assert.Contains("30 s", error.Message);
        Gates.Open("hang-" + key); // let the stuck request finish so the silo can stop
    }

    [Fact]
    public async Task The_call_timeout_is_configurable()
    {
        await using var silo = await RuntimeSilo.StartAsync(configure: o => o.CallTimeout = TimeSpan.FromSeconds(5));
        var key = "acme/" + Guid.NewGuid();
        var call = silo.Factory.GetGrain<IFaultyGrain>(key).Hang();
        silo.Time.Advance(TimeSpan.FromSeconds(5));
        await Assert.ThrowsAsync<GrainCallTimeoutException>(() => Eventually.Within(call));
        Gates.Open("hang-" + key);
    }

    [Fact]
    public async Task A_call_chain_that_cycles_into_a_busy_non_reentrant_grain_fails_fast_instead_of_deadlocking()
    {
        await using var silo = await RuntimeSilo.StartAsync();
        var a = "acme/a-" + Guid.NewGuid();
        var b = "acme/b-" + Guid.NewGuid();

        // a -> b -> a: a is busy waiting for b. No time passes, so a timeout cannot be what ends it.
        var call = silo.Factory.GetGrain<IChainGrain>(a).Relay([b, a]);
        var error = await Assert.ThrowsAsync<GrainCallCycleException>(() => Eventually.Within(call));
        Assert.Contains(a, error.Message);
        Assert.Contains("deadlock", error.Message);

        // Both grains are still usable afterwards.
        Assert.Equal($"{a}>{b}", await silo.Factory.GetGrain<IChainGrain>(a).Relay([b]));
    }

    [Fact]
    public async Task Read_only_chains_and_reentrant_grains_may_cycle()
    {
        await using var silo = await RuntimeSilo.StartAsync();
        var a = "acme/a-" + Guid.NewGuid();
        var b = "acme/b-" + Guid.NewGuid();

        Assert.Equal($"{a}>{b}>{a}", await Eventually.Within(silo.Factory.GetGrain<IChainGrain>(a).RelayRead([b, a])));
        Assert.Equal($"{a}>{b}>{a}", await Eventually.Within(silo.Factory.GetGrain<IReentrantChainGrain>(a).Relay([b, a])));
    }

    [Fact]
    public async Task A_long_acyclic_chain_through_the_same_grain_type_is_not_mistaken_for_a_cycle()
    {
        await using var silo = await RuntimeSilo.StartAsync();
        var keys = Enumerable.Range(0, 20).Select(i => $"acme/n{i}-{Guid.NewGuid()}").ToArray();
        var path = await Eventually.Within(silo.Factory.GetGrain<IChainGrain>(keys[0]).Relay(keys[1..]));
        Assert.Equal(string.Join(">", keys), path);
    }
}
