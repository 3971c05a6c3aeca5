using Microsoft.Extensions.Time.Testing;
using Routing.GrainInterfaces.Events;

namespace Routing.Grains.Tests.Events;

/// <summary>The silo's event hub: grains publish into it, the WebSocket sessions of the process read from it.</summary>
public sealed class GrainEventHubTests
{
    private readonly GrainEventHub _hub = new(new FakeTimeProvider(TestClock.MondayMorning));

    [Fact]
    public async Task Subscribers_receive_a_publishers_events_in_publish_order_and_nothing_of_other_topics()
    {
        using var first = _hub.Subscribe("operator:ws1/ann");
        using var second = _hub.Subscribe("operator:ws1/ann");
        using var unrelated = _hub.Subscribe("operator:ws1/bob");

        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() =>
        {
            for (var i = 1; i <= 500; i++) _hub.Publish("operator:ws1/other", "noise", i); // other publishers at the same time
        })).Append(Task.Run(() =>
        {
            for (var i = 1; i <= 500; i++) _hub.Publish("operator:ws1/ann", "operator/ws1/ann", i);
        })));

        foreach (var subscription in new[] { first, second })
        {
            var received = new List<GrainEvent>();
            while (subscription.Reader.TryRead(out var e)) received.Add(e);
            Assert.Equal(Enumerable.Range(1, 500), received.Select(e => (int)e.Payload));
            Assert.Equal(received.Select(e => e.Id).Order(), received.Select(e => e.Id));
            Assert.All(received, e => Assert.Equal("operator/ws1/ann", e.Source));
        }
        Assert.False(unrelated.Reader.TryRead(out _));
    }

    [Fact]
    public async Task A_slow_subscriber_is_cut_off_explicitly_and_never_blocks_the_publisher()
    {
        using var slow = _hub.Subscribe("supervisor:ws1", capacity: 10); // never reads
        using var healthy = _hub.Subscribe("supervisor:ws1", capacity: 10_000);

        for (var i = 0; i < 1000; i++) _hub.Publish("supervisor:ws1", "workspace/ws1", i); // returns at once each time

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
    public void A_disposed_subscription_receives_nothing_more()
    {
        var subscription = _hub.Subscribe("conversation:ws1/c1");
        subscription.Dispose();

        _hub.Publish("conversation:ws1/c1", "conversation/ws1/c1", "hello");

        Assert.False(subscription.Reader.TryRead(out _));
        Assert.True(subscription.Reader.Completion.IsCompleted);
    }
}
