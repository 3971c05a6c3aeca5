using System.Net;
using Orleans.Runtime;
using Routing.GrainInterfaces.Events;
using Routing.Grains.Events;

namespace Routing.Grains.Tests.Events;

/// <summary>The receiving relay's bookkeeping: which subscriptions may have missed events from another silo.</summary>
public sealed class InboundEventStreamsTests
{
    private static readonly SiloAddress A = SiloAddress.New(IPAddress.Loopback, 11111, 1);
    private static readonly SiloAddress ARestarted = SiloAddress.New(IPAddress.Loopback, 11111, 2);
    private readonly InboundEventStreams _streams = new();

    [Fact]
    public void Batches_in_sequence_are_delivered_and_lose_nothing()
    {
        Assert.All([Batch(A, 1), Batch(A, 2), Batch(A, 3)], batch => Assert.Equal(new InboundVerdict(true, null), _streams.Accept(batch)));
        Assert.Equal([A], _streams.Senders);
    }

    [Fact]
    public void A_batch_that_never_arrived_cuts_off_every_subscription_then_the_stream_goes_on()
    {
        _streams.Accept(Batch(A, 1));

        var verdict = _streams.Accept(Batch(A, 4));

        Assert.True(verdict.Deliver);
        Assert.Null(verdict.Lost!.Topics); // unknown topics: all
        Assert.Contains("batches 2..3", verdict.Lost.Reason);
        Assert.Equal(new InboundVerdict(true, null), _streams.Accept(Batch(A, 5)));
    }

    [Fact]
    public void A_batch_overtaken_by_a_later_one_is_dropped_as_the_gap_already_cut_off_its_subscribers()
    {
        _streams.Accept(Batch(A, 1));
        Assert.NotNull(_streams.Accept(Batch(A, 3)).Lost);

        Assert.Equal(new InboundVerdict(false, null), _streams.Accept(Batch(A, 2)));
        Assert.Equal(new InboundVerdict(true, null), _streams.Accept(Batch(A, 4)));
    }

    [Fact]
    public void A_new_sender_starting_at_one_loses_nothing_unless_it_published_before_it_knew_this_silo()
    {
        Assert.Null(_streams.Accept(Batch(A, 1)).Lost);

        var late = _streams.Accept(Batch(ARestarted, 1) with { StartedLate = true });

        Assert.Null(late.Lost!.Topics);
        Assert.Contains("before it started sending", late.Lost.Reason);
    }

    [Fact]
    public void A_sender_whose_first_batches_never_arrived_cuts_off_every_subscription()
    {
        var verdict = _streams.Accept(Batch(A, 3));

        Assert.True(verdict.Deliver);
        Assert.Null(verdict.Lost!.Topics);
    }

    [Fact]
    public void Topics_the_sender_dropped_cut_off_only_their_subscriptions()
    {
        _streams.Accept(Batch(A, 1));

        var verdict = _streams.Accept(Batch(A, 2) with { DroppedTopics = ["workspace:ws1", "conversation:ws1/c1"] });

        Assert.Equal(["workspace:ws1", "conversation:ws1/c1"], verdict.Lost!.Topics);
        Assert.True(verdict.Deliver);
    }

    [Fact]
    public void A_sender_that_dies_mid_stream_may_have_lost_anything_one_that_ended_its_stream_nothing()
    {
        _streams.Accept(Batch(A, 1));
        _streams.Accept(Batch(ARestarted, 1));
        _streams.Accept(Batch(ARestarted, 2) with { Last = true });

        Assert.Null(_streams.SenderLeft(A, seenAlive: true)!.Topics);
        Assert.Null(_streams.SenderLeft(ARestarted, seenAlive: true));
        Assert.Empty(_streams.Senders);
    }

    [Fact]
    public void A_sender_never_heard_from_may_have_lost_its_first_batch_if_it_was_alive_while_this_silo_watched()
    {
        Assert.Null(_streams.SenderLeft(A, seenAlive: true)!.Topics);
        Assert.Null(_streams.SenderLeft(ARestarted, seenAlive: false)); // dead before this silo looked: sent it nothing
    }

    private static GrainEventBatch Batch(SiloAddress sender, long sequence) => new(sender, sequence, []);
}
