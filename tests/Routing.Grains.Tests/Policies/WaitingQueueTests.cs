namespace Routing.Grains.Tests.Policies;

public class WaitingQueueTests
{
    private static string[] Order(WaitingQueue queue) => [.. queue.InOrder().Select(d => d.Id)];

    [Fact]
    public void Priority_beats_wait()
    {
        var queue = new WaitingQueue();
        queue.Enqueue(Given.Dialog("old-normal", Priority.Normal, since: 0));
        queue.Enqueue(Given.Dialog("new-vip", Priority.Vip, since: 100));
        queue.Enqueue(Given.Dialog("newest-urgent", Priority.Urgent, since: 200));
        queue.Enqueue(Given.Dialog("oldest-low", Priority.Low, since: -100));
        Assert.Equal(["newest-urgent", "new-vip", "old-normal", "oldest-low"], Order(queue));
    }

    [Fact]
    public void Within_a_priority_the_longest_wait_goes_first_and_equal_waits_keep_arrival_order()
    {
        var queue = new WaitingQueue();
        queue.Enqueue(Given.Dialog("b", since: 5));
        queue.Enqueue(Given.Dialog("a", since: 1));
        queue.Enqueue(Given.Dialog("c1", since: 9));
        queue.Enqueue(Given.Dialog("c2", since: 9));
        queue.Enqueue(Given.Dialog("c3", since: 9));
        Assert.Equal(["a", "b", "c1", "c2", "c3"], Order(queue));
    }

    [Fact]
    public void A_rescued_dialog_keeps_its_original_wait_and_goes_ahead_of_newer_ones()
    {
        var queue = new WaitingQueue();
        queue.Enqueue(Given.Dialog("newer-1", since: 100));
        queue.Enqueue(Given.Dialog("newer-2", since: 110));
        queue.Enqueue(Given.Dialog("older", since: 10));
        // Rescued at t=200 after an operator dropped it; it first entered at t=50.
        queue.Enqueue(Given.Dialog("rescued", since: 50) with { SkippedOperators = ["dropper"] });
        Assert.Equal(["older", "rescued", "newer-1", "newer-2"], Order(queue));
        Assert.Equal(2, queue.PositionOf("rescued"));
    }

    [Fact]
    public void Positions_are_one_based_and_close_up_when_a_dialog_leaves()
    {
        var queue = new WaitingQueue();
        foreach (var (id, since) in new[] { ("a", 1.0), ("b", 2.0), ("c", 3.0) }) queue.Enqueue(Given.Dialog(id, since: since));
        Assert.Equal(1, queue.PositionOf("a"));
        Assert.Equal(3, queue.PositionOf("c"));
        Assert.True(queue.Remove("b"));
        Assert.Equal(2, queue.PositionOf("c"));
        Assert.Null(queue.PositionOf("b"));
        Assert.False(queue.Remove("b"));
        Assert.Equal([("a", 1), ("c", 2)], queue.Positions().Select(p => (p.Dialog.Id, p.Position)));
    }

    [Fact]
    public void Dequeue_takes_the_head()
    {
        var queue = new WaitingQueue();
        queue.Enqueue(Given.Dialog("later", since: 2));
        queue.Enqueue(Given.Dialog("first", since: 1));
        Assert.Equal("first", queue.Peek()!.Id);
        Assert.True(queue.TryDequeue(out var head));
        Assert.Equal("first", head!.Id);
        Assert.True(queue.TryDequeue(out head));
        Assert.Equal("later", head!.Id);
        Assert.False(queue.TryDequeue(out head));
        Assert.Null(head);
        Assert.Null(queue.Peek());
    }

    [Fact]
    public void Counts_per_priority_and_the_oldest_wait_across_priorities()
    {
        var queue = new WaitingQueue();
        queue.Enqueue(Given.Dialog("u", Priority.Urgent, since: 50));
        queue.Enqueue(Given.Dialog("n1", Priority.Normal, since: 20));
        queue.Enqueue(Given.Dialog("n2", Priority.Normal, since: 30));
        queue.Enqueue(Given.Dialog("l", Priority.Low, since: 5));
        Assert.Equal(1, queue.CountOf(Priority.Urgent));
        Assert.Equal(2, queue.CountOf(Priority.Normal));
        Assert.Equal(0, queue.CountOf(Priority.Vip));
        Assert.Equal([Priority.Urgent, Priority.Normal, Priority.Low], queue.CountByPriority.Keys);
        Assert.Equal(Given.At(5), queue.OldestWaitingSince);
        queue.Remove("l");
        Assert.Equal(Given.At(20), queue.OldestWaitingSince);
        Assert.Null(new WaitingQueue().OldestWaitingSince);
    }

    [Fact]
    public void Changing_priority_keeps_the_wait_and_the_sequence()
    {
        var queue = new WaitingQueue();
        queue.Enqueue(Given.Dialog("a", since: 1));
        var b = queue.Enqueue(Given.Dialog("b", since: 2));
        var raised = queue.ChangePriority("b", Priority.Urgent);
        Assert.Equal(b.Sequence, raised.Sequence);
        Assert.Equal(b.WaitingSince, raised.WaitingSince);
        Assert.Equal(["b", "a"], Order(queue));
        Assert.Equal(1, queue.CountOf(Priority.Urgent));
    }

    [Fact]
    public void Restoring_stored_sequences_gives_back_the_exact_order_after_a_restart()
    {
        var queue = new WaitingQueue();
        foreach (var id in new[] { "x", "y", "z" }) queue.Enqueue(Given.Dialog(id, since: 7));
        var stored = queue.InOrder().Reverse().ToList();

        var restarted = new WaitingQueue();
        foreach (var dialog in stored) restarted.Restore(dialog);
        Assert.Equal(["x", "y", "z"], Order(restarted));
        Assert.Equal(3, restarted.LastSequence);
        Assert.Equal(4, restarted.Enqueue(Given.Dialog("w", since: 7)).Sequence);
    }

    [Fact]
    public void A_dialog_cannot_wait_twice_in_one_queue()
    {
        var queue = new WaitingQueue();
        queue.Enqueue(Given.Dialog("a"));
        Assert.Throws<InvalidOperationException>(() => queue.Enqueue(Given.Dialog("a")));
    }

    [Fact]
    public void An_operator_gets_the_first_dialog_they_may_take_not_the_head()
    {
        var queue = new WaitingQueue();
        queue.Enqueue(Given.Dialog("billing", since: 0) with { RequiredSkills = Given.Requires(("billing", 3)) });
        queue.Enqueue(Given.Dialog("call", since: 1, channel: Channel.Voice));
        queue.Enqueue(Given.Dialog("dropped", since: 2) with { SkippedOperators = ["a"] });
        queue.Enqueue(Given.Dialog("plain", since: 3));
        var busy = Given.Operator("a", load: 1);
        Assert.Equal("plain", queue.FirstFor(busy, Given.At(10), Given.Tiered)!.Id);
        Assert.Equal("call", queue.FirstFor(busy with { Load = 0 }, Given.At(10), Given.Tiered)!.Id);
        Assert.Equal("billing", queue.FirstFor(busy with { Skills = Given.Skills(("billing", 4)) }, Given.At(10), Given.Tiered)!.Id);
        Assert.Null(queue.FirstFor(busy with { Status = OperatorStatus.Away }, Given.At(10), Given.Tiered));
        Assert.Null(queue.FirstFor(busy with { Status = OperatorStatus.WrappingUp }, Given.At(10), Given.Tiered));
    }

    [Fact]
    public void A_second_tier_operator_takes_only_dialogs_that_waited_thirty_seconds()
    {
        var queue = new WaitingQueue();
        queue.Enqueue(Given.Dialog("urgent-new", Priority.Urgent, since: 100));
        queue.Enqueue(Given.Dialog("normal-old", Priority.Normal, since: 0));
        var tier2 = Given.Operator("b", tier: 2);
        Assert.Null(queue.FirstFor(tier2, Given.At(29), Given.Tiered));
        Assert.Equal("normal-old", queue.FirstFor(tier2, Given.At(30), Given.Tiered)!.Id);
        Assert.Equal("urgent-new", queue.FirstFor(tier2, Given.At(130), Given.Tiered)!.Id);
    }

    [Fact]
    public void Next_widening_is_the_earliest_step_any_waiting_dialog_reaches()
    {
        var queue = new WaitingQueue();
        queue.Enqueue(Given.Dialog("a", Priority.Normal, since: 0));
        queue.Enqueue(Given.Dialog("b", Priority.Urgent, since: 20));
        Assert.Equal(Given.At(30), queue.NextWidening(Given.At(25), Given.Tiered));
        Assert.Equal(Given.At(50), queue.NextWidening(Given.At(30), Given.Tiered));
        Assert.Equal(Given.At(60), queue.NextWidening(Given.At(50), Given.Tiered));
        Assert.Null(queue.NextWidening(Given.At(110), Given.Tiered));
        Assert.Null(queue.NextWidening(Given.At(0), RoutingSettings.Default));
    }

    [Fact]
    public void Dialogs_that_just_widened_are_listed_in_queue_order()
    {
        var queue = new WaitingQueue();
        queue.Enqueue(Given.Dialog("n5", Priority.Normal, since: 5));
        queue.Enqueue(Given.Dialog("u10", Priority.Urgent, since: 10));
        queue.Enqueue(Given.Dialog("n10", Priority.Normal, since: 10));
        queue.Enqueue(Given.Dialog("n20", Priority.Normal, since: 20));
        Assert.Equal(["u10", "n10"], queue.WaitingSinceBetween(Given.At(5), Given.At(10)).Select(d => d.Id));
    }
}
