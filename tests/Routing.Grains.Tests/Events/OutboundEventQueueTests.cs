using System.Net;
using Orleans.Runtime;
using Routing.GrainInterfaces;
using Routing.GrainInterfaces.Events;
using Routing.Grains.Events;

namespace Routing.Grains.Tests.Events;

/// <summary>The sending relay's queue for one other silo: numbered batches, one sender at a time, bounded.</summary>
public sealed class OutboundEventQueueTests
{
    private static readonly SiloAddress Self = SiloAddress.New(IPAddress.Loopback, 11111, 1);
    private static readonly SiloAddress Other = SiloAddress.New(IPAddress.Loopback, 11112, 1);

    [Fact]
    public void The_first_batch_goes_once_opened_even_empty_and_says_whether_events_went_before_it()
    {
        var queue = Queue();
        Assert.True(queue.Enqueue(Event(1))); // the caller starts the sender ...
        Assert.Null(queue.TakeBatch()); // ... which waits for the queue to open

        Assert.True(queue.Open(startedLate: true));
        var first = queue.TakeBatch()!;

        Assert.Equal((1L, true, 1), (first.Sequence, first.StartedLate, first.Events.Count));
        Assert.Equal(Self, first.Sender);
        Assert.Null(queue.TakeBatch());
        Assert.True(Queue().Open(startedLate: false));
    }

    [Fact]
    public void Events_queued_while_a_batch_is_on_the_way_go_together_in_the_next_numbered_batch()
    {
        var queue = OpenQueue();
        Assert.True(queue.Enqueue(Event(1)));
        var first = queue.TakeBatch()!;

        Assert.False(queue.Enqueue(Event(2))); // the sender is still at work: nobody else starts one
        Assert.False(queue.Enqueue(Event(3)));
        var second = queue.TakeBatch()!;

        Assert.Equal((2L, 3L), (first.Sequence, second.Sequence)); // after the first, empty batch
        Assert.Equal([2, 3], second.Events.Select(e => (int)e.Id));
        Assert.False(second.StartedLate);
        Assert.Null(queue.TakeBatch()); // the sender stops ...
        Assert.True(queue.Enqueue(Event(4))); // ... so the next event starts one again
    }

    [Fact]
    public void A_batch_holds_at_most_the_batch_size_and_the_rest_follows_in_order()
    {
        var queue = OpenQueue(maxBatch: 2);
        foreach (var id in Enumerable.Range(1, 5)) queue.Enqueue(Event(id));

        var batches = Drain(queue);

        Assert.Equal([[1, 2], [3, 4], [5]], batches.Select(b => b.Events.Select(e => (int)e.Id).ToArray()));
        Assert.Equal([2L, 3L, 4L], batches.Select(b => b.Sequence));
    }

    [Fact]
    public void Events_that_do_not_fit_are_dropped_and_the_next_batch_names_their_topics()
    {
        var queue = OpenQueue(capacity: 2);
        queue.Enqueue(Event(1, "conversation:ws1/c1"));
        queue.Enqueue(Event(2, "conversation:ws1/c1"));
        queue.Enqueue(Event(3, "workspace:ws1"));
        queue.Enqueue(Event(4, "workspace:ws1"));

        var batch = Assert.Single(Drain(queue));

        Assert.Equal([1, 2], batch.Events.Select(e => (int)e.Id));
        Assert.Equal(["workspace:ws1"], batch.DroppedTopics);
        Assert.Equal(2, queue.Dropped);
    }

    [Fact]
    public void Too_many_dropped_topics_to_name_skip_a_number_so_the_receiver_sees_a_lost_batch()
    {
        var queue = OpenQueue(capacity: 1, maxDroppedTopics: 2);
        foreach (var id in Enumerable.Range(1, 4)) queue.Enqueue(Event(id, "conversation:ws1/c" + id));

        var batch = Assert.Single(Drain(queue));

        Assert.Equal(3L, batch.Sequence); // the hello was 1
        Assert.Null(batch.DroppedTopics);
        var streams = new InboundEventStreams();
        streams.Accept(batch with { Sequence = 1, Events = [] });
        Assert.Null(streams.Accept(batch).Lost!.Topics); // every subscription there resynchronises
    }

    [Fact]
    public void Ending_sends_what_is_queued_then_a_last_batch_and_finishes()
    {
        var queue = OpenQueue(maxBatch: 2);
        foreach (var id in Enumerable.Range(1, 3)) queue.Enqueue(Event(id));
        Drain(queue);
        queue.Enqueue(Event(4));

        Assert.False(queue.End()); // the sender of event 4 is at work
        var last = Assert.Single(Drain(queue));

        Assert.True(last.Last);
        Assert.Equal([4], last.Events.Select(e => (int)e.Id));
        Assert.True(queue.Finished.IsCompletedSuccessfully);
        queue.Enqueue(Event(5));
        Assert.Null(queue.TakeBatch()); // nothing after the last batch
    }

    [Fact]
    public void A_closed_queue_sends_nothing_more_and_finishes()
    {
        var queue = OpenQueue();
        queue.Enqueue(Event(1));

        queue.Close();

        Assert.Null(queue.TakeBatch());
        Assert.False(queue.Enqueue(Event(2)));
        Assert.True(queue.Finished.IsCompletedSuccessfully);
    }

    private static OutboundEventQueue Queue(int capacity = 100, int maxBatch = 100, int maxDroppedTopics = 100) =>
        new(Self, Other, capacity, maxBatch, maxDroppedTopics);

    /// <summary>Opened, its empty first batch already taken.</summary>
    private static OutboundEventQueue OpenQueue(int capacity = 100, int maxBatch = 100, int maxDroppedTopics = 100)
    {
        var queue = Queue(capacity, maxBatch, maxDroppedTopics);
        queue.Open(startedLate: false);
        Assert.Empty(queue.TakeBatch()!.Events);
        Assert.Null(queue.TakeBatch());
        return queue;
    }

    private static List<GrainEventBatch> Drain(OutboundEventQueue queue)
    {
        var batches = new List<GrainEventBatch>();
        while (queue.TakeBatch() is { } batch) batches.Add(batch);
        return batches;
    }

    private static GrainEvent Event(long id, string topic = "operator:ws1/ann") =>
        new(id, topic, "operator/ws1/ann", DateTimeOffset.UnixEpoch, new WorkspaceChanged("operator-configured", null, "ann"));
}
