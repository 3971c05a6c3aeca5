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
            for (var i = 1; i <= 500; i++) _hub.Publish("operator:ws1/other", "noise", new Numbered(i)); // other publishers at the same time
        })).Append(Task.Run(() =>
        {
            for (var i = 1; i <= 500; i++) _hub.Publish("operator:ws1/ann", "operator/ws1/ann", new Numbered(i));
        })));

        foreach (var subscription in new[] { first, second })
        {
            var received = new List<GrainEvent>();
            while (subscription.Reader.TryRead(out var e)) received.Add(e);
            Assert.Equal(Enumerable.Range(1, 500), received.Select(e => ((Numbered)e.Payload).N));
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

        for (var i = 0; i < 1000; i++) _hub.Publish("supervisor:ws1", "workspace/ws1", new Numbered(i)); // returns at once each time

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

        _hub.Publish("conversation:ws1/c1", "conversation/ws1/c1", new Numbered(0));

        Assert.False(subscription.Reader.TryRead(out _));
        Assert.True(subscription.Reader.Completion.IsCompleted);
    }

    [Fact]
    public void An_event_from_another_silo_reaches_the_topics_subscribers_under_a_local_id_and_is_not_forwarded_again()
    {
        var forwarded = new List<GrainEvent>();
        var hub = new GrainEventHub(TimeProvider.System, forwarder: new Recording(forwarded));
        using var subscription = hub.Subscribe("operator:ws1/ann");
        hub.Publish("operator:ws1/ann", "operator/ws1/ann", new Numbered(1));

        hub.Deliver(new GrainEvent(1, "operator:ws1/ann", "operator/ws1/ann", DateTimeOffset.UnixEpoch, new Numbered(2)));

        Assert.True(subscription.Reader.TryRead(out var local));
        Assert.True(subscription.Reader.TryRead(out var relayed));
        Assert.Equal((2, 2L), (((Numbered)relayed.Payload).N, relayed.Id)); // after the local event 1, whatever its id was there
        Assert.Equal(DateTimeOffset.UnixEpoch, relayed.Timestamp); // when it was published, not when it arrived
        Assert.Equal([local], forwarded);
        Assert.Equal((1L, 1L), (hub.PublishedCount, hub.ReceivedCount));
    }

    [Fact]
    public async Task Cutting_off_topics_ends_their_subscriptions_with_the_resynchronise_signal_and_spares_the_others()
    {
        using var lost = _hub.Subscribe("conversation:ws1/c1");
        using var alsoLost = _hub.Subscribe("conversation:ws1/c1");
        using var spared = _hub.Subscribe("conversation:ws1/c2");
        _hub.Publish("conversation:ws1/c1", "conversation/ws1/c1", new Numbered(1));

        Assert.Equal(2, _hub.CutOff(["conversation:ws1/c1", "conversation:ws1/unknown"], "lost on the way; resynchronise"));
        _hub.Publish("conversation:ws1/c1", "conversation/ws1/c1", new Numbered(2));
        _hub.Publish("conversation:ws1/c2", "conversation/ws1/c2", new Numbered(3));

        Assert.True(lost.Overflowed);
        var read = new List<int>();
        var error = await Assert.ThrowsAsync<GrainEventOverflowException>(async () =>
        {
            await foreach (var e in lost.Reader.ReadAllAsync()) read.Add(((Numbered)e.Payload).N);
        });
        Assert.Equal([1], read); // what came before the loss, then the signal: nothing after it
        Assert.Equal("lost on the way; resynchronise", error.Message);
        Assert.True(spared.Reader.TryRead(out var e3) && ((Numbered)e3.Payload).N == 3);
        Assert.Equal(1, _hub.CutOffAll("everything may be lost"));
        Assert.True(spared.Overflowed);
    }

    private sealed record Numbered(int N) : IGrainEventPayload;

    private sealed class Recording(List<GrainEvent> forwarded) : IGrainEventForwarder
    {
        public void Forward(GrainEvent published) => forwarded.Add(published);
    }
}
