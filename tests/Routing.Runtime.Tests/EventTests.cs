using Routing.Runtime.Events;
using Routing.Runtime.Tests.Grains;

namespace Routing.Runtime.Tests;

public sealed class EventTests
{
    [Fact]
    public async Task Subscribers_receive_a_grains_events_in_publish_order()
    {
        await using var silo = await RuntimeSilo.StartAsync();
        var topic = "operator:" + Guid.NewGuid();
        using var first = silo.Runtime.Events.Subscribe(topic);
        using var second = silo.Runtime.Events.Subscribe(topic);
        using var unrelated = silo.Runtime.Events.Subscribe("other:" + Guid.NewGuid());
        var grain = silo.Factory.GetGrain<IEmitterGrain>("acme/" + Guid.NewGuid());

        await grain.Emit(topic, 500);

        foreach (var subscription in new[] { first, second })
        {
            var payloads = new List<int>();
            var ids = new List<long>();
            while (payloads.Count < 500)
            {
                var received = await Eventually.Within(subscription.Reader.ReadAsync().AsTask());
                payloads.Add((int)received.Payload);
                ids.Add(received.Id);
                Assert.Equal(grain.GetGrainId(), received.Source);
            }
            Assert.Equal(Enumerable.Range(1, 500), payloads);
            Assert.Equal(ids.Order(), ids);
        }
        Assert.False(unrelated.Reader.TryRead(out _));
    }

    [Fact]
    public async Task A_slow_subscriber_is_cut_off_and_never_blocks_the_grain()
    {
        await using var silo = await RuntimeSilo.StartAsync();
        var topic = "supervisor:" + Guid.NewGuid();
        using var slow = silo.Runtime.Events.Subscribe(topic, capacity: 10); // never reads
        using var healthy = silo.Runtime.Events.Subscribe(topic, capacity: 10_000);
        var grain = silo.Factory.GetGrain<IEmitterGrain>("acme/" + Guid.NewGuid());

        await Eventually.Within(grain.Emit(topic, 1000)); // completes although nobody drains "slow"

        Assert.True(slow.Overflowed);
        var drained = 0;
        var error = await Assert.ThrowsAsync<GrainEventOverflowException>(async () =>
        {
            await foreach (var _ in slow.Reader.ReadAllAsync()) drained++;
        });
        Assert.Equal(10, drained); // what fitted stays readable, then the cut-off is explicit
        Assert.Contains("resynchronise", error.Message);

        var healthyCount = 0;
        while (healthy.Reader.TryRead(out _)) healthyCount++;
        Assert.Equal(1000, healthyCount);
    }

    [Fact]
    public async Task A_disposed_subscription_receives_nothing_more()
    {
        await using var silo = await RuntimeSilo.StartAsync();
        var topic = "t:" + Guid.NewGuid();
        var subscription = silo.Runtime.Events.Subscribe(topic);
        subscription.Dispose();
        await silo.Factory.GetGrain<IEmitterGrain>("acme/" + Guid.NewGuid()).Emit(topic, 3);
        Assert.False(subscription.Reader.TryRead(out _));
        Assert.True(subscription.Reader.Completion.IsCompleted);
    }
}
